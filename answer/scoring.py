"""Score every quotable segment of the retrieved clauses against a question.

support  = how well a sentence answers: coverage of the question's content terms (each term
           weighted by its rarity across the candidate sentences; a term found only in the
           clause's heading, title or list introduction counts for ``CONTEXT_CREDIT``), less
           the share of the heaviest term this sentence lacks though other candidates have it
           (the evidence is split: « conserver » here, « logs » there), mixed with embedding
           similarity when embedders are given (similarity may lift lexical evidence by at
           most ``SEMANTIC_LIFT``, never replace it). Abstention compares the best
           support with ``min_support``.
relevance = support where a question word's near-synonym in the sentence (word vectors)
           earns part of an exact match's credit; the retriever reranks by it.
score    = relevance plus a small prior for the hit's retrieval rank; it orders the evidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from clausier.schema import Hit
from clausier.textnorm import fold

from answer import wordvectors
from answer.lexicon import MONTHS, common_terms, expand, terms
from answer.question import Question
from answer.sentences import HEADING, ITEM, Segment, split_clause

Embed = Callable[[Sequence[str]], np.ndarray]

CONTEXT_CREDIT = 0.6
COMMON_FACTOR = 0.5
VERB_FACTOR = 1.5
MISSING_PENALTY = 1.0
# the retrieval rank's weight in choosing what to quote (not in whether to answer: abstention
# reads the best support); the retriever's order already blends dense, BM25 and sentence support
RANK_WEIGHT = 0.35
# A question word that no sentence word shares by stem may meet a near-synonym by word vector
# (answer/wordvectors.py: « indispensables » ~ « nécessaires »): a cosine of at least SOFT_MIN
# earns SOFT_CREDIT of the term's weight, in relevance (what to quote, the reranking) and never in
# support (whether to answer): near-synonyms lift unanswerable near-misses as much as answerable
# paraphrases (docs/experiments.md)
SOFT_MIN = 0.7
SOFT_CREDIT = 0.5
SEMANTIC_WEIGHT = 0.5
SEMANTIC_LIFT = 0.3
SEMANTIC_RANGE = (0.78, 0.92)  # e5 cosine mapped linearly onto 0..1
MAX_EMBEDDED = 32
DURATION_TERM = "\x00duration"
DURATION_WORD = "\x00duration-word"  # « délai », « durée » without a figure: half credit
_DURATION = re.compile(
    r"\b(\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    r"quinze|seize|dix-sept|dix-huit|dix-neuf|vingt|vingt-quatre|trente|quarante|quarante-cinq|"
    r"quarante-huit|cinquante|soixante|soixante-douze|cent|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|twelve|thirteen|fifteen|twenty|thirty|forty-eight|seventy-two)"
    r"\s*(\(\w+(-\w+)?\)\s*)?(mois|ans?|annees?|jours?|semaines?|heures?|h|minutes?|"
    r"months?|years?|days?|weeks?|hours?)\b"
    r"|\bsans delai\b|\bimmediatement\b|\bdans les meilleurs delais\b"
)
_DURATION_WORD = re.compile(r"\b(delai|duree|aussi longtemps|periode)\b")
LOCATION_TERM = "\x00location"
_LOCATION = re.compile(
    r"\b(belgique|france|irlande|suede|allemagne|pays-bas|luxembourg|suisse|usa|etats-unis|"
    r"union europeenne|eee|europe|dublin|paris|liege|bruxelles|la rochelle|hors de l'union|"
    r"en dehors de l'union|situee?s?|localisee?s?|sis a|belgium|ireland|sweden|united states)\b"
)


# What a sentence must state to answer an amount, date or frequency question (folded text).
TYPE_PATTERNS = {
    "amount": re.compile(r"\d|\b(euros?|eur|pour ?cent|percent|million|milliards?)\b|%|€|\$"),
    "date": re.compile(
        rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|(?<![/-])\b(19|20)\d{{2}}\b(?![/-]\d)|\b({MONTHS})\b"
        r"|\b(a compter d|a partir d|des la|as from|with effect from)"
    ),
    "frequency": re.compile(
        r"\b(fois par|par (an|mois|semaine|jour)|chaque (annee|mois|semaine|jour)|tous les|toutes les|"
        r"annuel\w*|mensuel\w*|hebdomadaire\w*|quotidien\w*|journalier\w*|periodique\w*|"
        r"regulierement|times a|per (year|month|week|day)|every|annually|monthly|weekly|daily|yearly)\b"
    ),
}


def type_marks(text: str) -> frozenset[str]:
    """Pseudo-terms for the amount / date / frequency a sentence states (``\x00<type>``)."""
    folded = fold(text)
    return frozenset(f"\x00{kind}" for kind, pattern in TYPE_PATTERNS.items() if pattern.search(folded))


@dataclass(frozen=True)
class Candidate:
    """One quotable segment of one hit."""

    rank: int
    hit: Hit
    index: int
    segment: Segment
    own: frozenset[str]
    context: frozenset[str]
    words: frozenset[str]  # content words as written, for near-synonyms (wordvectors)

    @property
    def quote(self) -> str:
        return self.hit.text[self.segment.start : self.segment.end]


@dataclass(frozen=True)
class SentenceSupport:
    """How well one segment answers the question (what the evaluation runner calibrates on)."""

    candidate: Candidate
    coverage: float
    own_coverage: float
    missing: float
    semantic: float | None
    support: float  # exact evidence: compared with min_support to answer or abstain
    score: float  # relevance plus the retrieval-rank prior: orders what to quote
    relevance: float  # support with near-synonym credit: what the retriever reranks by


def match_keys(stems: Sequence[str]) -> frozenset[str]:
    """Stems plus 6-letter prefixes, so « conservent » (unstemmed) meets « conserve »."""
    out = set(stems)
    out.update(s[:6] for s in stems if len(s) >= 6)
    return frozenset(out)


def segments_of(hit: Hit) -> list[Segment]:
    """The quotable segments of a hit; a table row is one item."""
    return list(segments_of_text(hit.text, hit.heading, hit.kind))


@lru_cache(maxsize=4096)
def segments_of_text(text: str, heading: str, kind: str) -> tuple[Segment, ...]:
    if kind == "table_row":
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return (Segment(start, end, ITEM, 0),) if end > start else ()
    return tuple(split_clause(text, heading))


def _answer_marks(text: str) -> frozenset[str]:
    """Pseudo-terms for what the sentence can answer: a period, a place."""
    folded = fold(text)
    marks = set()
    if _DURATION.search(folded):
        marks.add(DURATION_TERM)
    elif _DURATION_WORD.search(folded):
        marks.add(DURATION_WORD)
    if _LOCATION.search(folded):
        marks.add(LOCATION_TERM)
    return frozenset(marks)


def candidates_for(hits: Sequence[Hit]) -> list[Candidate]:
    """Every quotable segment of ``hits``, with its own terms and its context terms."""
    return [
        Candidate(rank, hit, index, segment, own, context, words)
        for rank, hit in enumerate(hits)
        for index, segment, own, context, words in _analysed(hit.text, hit.heading, hit.title, hit.organisation, hit.kind)
    ]


# The analysis depends on the clause, not on the question: the same clauses come back question
# after question (the reranker and the answerer both read them), so it is computed once each.
@lru_cache(maxsize=4096)
def _analysed(
    text: str, heading: str, title: str, organisation: str, kind: str
) -> tuple[tuple[int, Segment, frozenset[str], frozenset[str], frozenset[str]], ...]:
    """(index, segment, own terms and answer marks, context terms, content words) of each
    quotable segment."""
    hit_segments = segments_of_text(text, heading, kind)
    base = terms(f"{heading} {title} {organisation}")
    base += [t for s in hit_segments if s.kind == HEADING for t in terms(text[s.start : s.end])]
    out = []
    for index, segment in enumerate(hit_segments):
        if segment.kind == HEADING:
            continue
        context = list(base)
        if segment.list_of is not None:
            intro = hit_segments[segment.list_of]
            context += terms(text[intro.start : intro.end])
        own = terms(text[segment.start : segment.end])
        if not own:
            continue
        stems = match_keys(own)
        stems |= _answer_marks(text[segment.start : segment.end])
        stems |= type_marks(text[segment.start : segment.end])
        words = frozenset(w for _, w in wordvectors.content_words(text[segment.start : segment.end]))
        out.append((index, segment, stems, match_keys(context), words))
    return tuple(out)


def term_keys(term: str) -> frozenset[str]:
    """The keys a question term matches: its lexicon expansions, 6-letter prefixes included."""
    return match_keys(sorted(expand(term)))


def _question_keys(question: Question) -> list[frozenset[str]]:
    keys = [term_keys(t) for t in question.terms]
    if question.duration:
        keys.append(frozenset({DURATION_TERM}))
    if question.location:
        keys.append(frozenset({LOCATION_TERM}))
    return keys


def _weights(
    question: Question, term_keys: list[frozenset[str]], cands: Sequence[Candidate]
) -> tuple[list[float], list[int]]:
    """Rarity across the candidates (and the document frequencies): domain-common words
    halved, a yes/no question's verb (what it asks about) half again more."""
    n = len(cands)
    common = common_terms()
    weights, dfs = [], []
    for i, keys in enumerate(term_keys):
        df = sum(1 for c in cands if keys & c.own)
        dfs.append(df)
        weight = math.log((n + 1) / (df + 0.5)) + 0.1
        term = question.terms[i] if i < len(question.terms) else None
        if term in common:
            weight *= COMMON_FACTOR
        if term is not None and term == question.verb and question.yes_no:
            weight *= VERB_FACTOR
        weights.append(weight)
    return weights, dfs


def _coverage(
    keys: list[frozenset[str]], weights: list[float], dfs: list[int], cand: Candidate,
    soft: Sequence[float] = (),
) -> tuple[float, float, float]:
    # ``dfs`` is 0 for terms exempt from the missing-term penalty (domain-common words)
    """(coverage, coverage by the sentence alone, largest share of a missing term that other
    candidates do mention: the documents speak of it, just not here). ``soft``: per question
    term, its best word-vector cosine with a word of the sentence (near-synonyms)."""
    total = sum(weights) or 1.0
    own = context = missing = 0.0
    for i, (term_keys, weight, df) in enumerate(zip(keys, weights, dfs)):
        if term_keys & cand.own:
            own += weight
        elif DURATION_TERM in term_keys and DURATION_WORD in cand.own:
            own += 0.5 * weight
        elif term_keys & cand.context:
            context += weight
        elif i < len(soft) and soft[i] >= SOFT_MIN:
            own += SOFT_CREDIT * weight
        elif df > 0:
            missing = max(missing, weight)
    return (own + CONTEXT_CREDIT * context) / total, own / total, missing / total


def _soft_matches(question: Question, cands: Sequence[Candidate]) -> list[list[float]]:
    """Per candidate, per question term: the best word-vector cosine between one of the
    term's words in the question and a word of the segment (0 when none has a vector)."""
    vectors = wordvectors.load()
    if vectors is None or not cands:
        return [[] for _ in cands]
    by_stem: dict[str, list[str]] = {}
    for stem, word in wordvectors.content_words(question.text):
        by_stem.setdefault(stem, []).append(word)
    term_words = [by_stem.get(t, []) for t in question.terms]
    union = set().union(*(c.words for c in cands))
    sims = vectors.similarities([w for ws in term_words for w in ws], union)
    return [
        [max((sims.get((q, w), 0.0) for q in ws for w in cand.words), default=0.0) for ws in term_words]
        for cand in cands
    ]


def passages_for(hits: Sequence[Hit]) -> list[str]:
    """The passages the answerer embeds for ``hits`` (what a cold server may compute ahead)."""
    return [_passage(c) for c in candidates_for(hits)]


def _passage(cand: Candidate) -> str:
    label = cand.hit.heading or cand.hit.title
    return f"{label} : {' '.join(cand.quote.split())}"


def _semantic(
    question: Question, cands: Sequence[Candidate], order: Sequence[int], embed_q: Embed, embed_p: Embed
) -> dict[int, float]:
    chosen = list(order[:MAX_EMBEDDED])
    if not chosen:
        return {}
    q = np.asarray(embed_q([question.text]), dtype=np.float32)[0]
    p = np.asarray(embed_p([_passage(cands[i]) for i in chosen]), dtype=np.float32)
    sims = p @ q
    lo, hi = SEMANTIC_RANGE
    return {i: float(np.clip((s - lo) / (hi - lo), 0.0, 1.0)) for i, s in zip(chosen, sims)}


def score_candidates(
    question: Question,
    cands: Sequence[Candidate],
    *,
    embed_queries: Embed | None = None,
    embed_passages: Embed | None = None,
) -> list[SentenceSupport]:
    """Support and score of every candidate, best score first (ties: retrieval order)."""
    keys = _question_keys(question)
    weights, dfs = _weights(question, keys, cands)
    common = common_terms()
    dfs = [0 if i < len(question.terms) and question.terms[i] in common else df for i, df in enumerate(dfs)]
    none = (0.0, 0.0, 0.0)
    covs = [_coverage(keys, weights, dfs, c) if keys else none for c in cands]
    softs = _soft_matches(question, cands)
    # a candidate with no near-synonym close enough has the exact coverage: not computed twice
    soft_covs = [
        _coverage(keys, weights, dfs, c, soft) if keys and any(x >= SOFT_MIN for x in soft) else cov
        for c, soft, cov in zip(cands, softs, covs)
    ]
    priors = [1.0 / (1.0 + 0.5 * c.rank) for c in cands]
    semantic: dict[int, float] = {}
    if embed_queries is not None and embed_passages is not None:
        lexical = sorted(range(len(cands)), key=lambda i: (-(covs[i][0] + 0.3 * priors[i]), i))
        semantic = _semantic(question, cands, lexical, embed_queries, embed_passages)

    def mix(coverage: float, missing: float, sem: float | None) -> float:
        lexical = max(0.0, coverage - MISSING_PENALTY * missing)
        if semantic:
            # similarity alone (« Google Analytics » near a cookie clause) must not carry an
            # answer: it may lift the lexical evidence, not stand in for it
            lifted = min(sem or 0.0, lexical + SEMANTIC_LIFT)
            return (1 - SEMANTIC_WEIGHT) * lexical + SEMANTIC_WEIGHT * lifted
        return lexical

    out = []
    for i, cand in enumerate(cands):
        coverage, own, missing = covs[i]
        sem = semantic.get(i) if semantic else None
        support = mix(coverage, missing, sem)
        relevance = mix(soft_covs[i][0], soft_covs[i][2], sem)
        score = relevance + RANK_WEIGHT * priors[i]
        out.append(SentenceSupport(cand, coverage, own, missing, sem, support, score, relevance))
    order = sorted(range(len(out)), key=lambda i: (-out[i].score, cands[i].rank, cands[i].index))
    return [out[i] for i in order]

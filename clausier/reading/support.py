"""Score every quotable segment of the retrieved clauses against a question.

support  = how well a sentence answers: coverage of the question's content terms (each term
           weighted by its rarity across the candidate sentences; a term found only in the
           clause's heading, title or list introduction counts for ``context_credit``), less
           the share of the heaviest term this sentence lacks though other candidates have it
           (the evidence is split: « conserver » here, « logs » there), mixed with embedding
           similarity when embedders are given (similarity may lift lexical evidence by at
           most ``semantic_lift``, never replace it). Abstention compares the best
           support with ``min_support``.
relevance = support where a question word's near-synonym in the sentence (word vectors)
           earns part of an exact match's credit; the retriever reranks by it.
score    = relevance plus a small prior for the hit's retrieval rank; it orders the evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from clausier.schema import Hit

from clausier.reading import wordvectors
from clausier.reading.candidates import Candidate, candidates_for, match_keys, passage_text
from clausier.reading.vocabulary import common_terms, equivalents
from clausier.reading.marks import DURATION_TERM, DURATION_WORD, LOCATION_TERM
from clausier.reading.question import MARKED_TYPES, Question, analyse_question

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class SupportConfig:
    """How a segment's support is computed (the reranker and the answerer share it). Measured
    effects of each value are in docs/experiments.md."""

    context_credit: float = 0.6  # a term found only in the heading, title or list introduction
    common_factor: float = 0.5  # weight of words nearly every privacy clause uses (« données »)
    verb_factor: float = 1.5  # weight of a yes/no question's verb: what it asks about
    missing_penalty: float = 1.0  # cost of lacking the heaviest term other segments do have
    # the retrieval rank's weight in choosing what to quote (not in whether to answer: abstention
    # reads the best support); the retriever's order already blends dense, BM25 and sentence support
    rank_weight: float = 0.35
    # a question word no sentence word shares by stem may meet a near-synonym by word vector: a
    # cosine of at least soft_min earns soft_credit of the term's weight, in relevance (what to
    # quote, the reranking) and never in support (whether to answer): near-synonyms lift
    # unanswerable near-misses as much as answerable paraphrases
    soft_min: float = 0.7
    soft_credit: float = 0.5
    semantic_weight: float = 0.5  # share of embedding similarity in the support
    semantic_lift: float = 0.3  # similarity may lift lexical evidence by at most this much
    semantic_range: tuple[float, float] = (0.78, 0.92)  # e5 cosine mapped linearly onto 0..1
    max_embedded: int = 32  # segments embedded per question (the lexically best ones)


DEFAULT_SUPPORT = SupportConfig()


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


def term_keys(term: str) -> frozenset[str]:
    """The keys a question term matches: its vocabulary equivalents, 6-letter prefixes included."""
    return match_keys(sorted(equivalents(term)))


def _question_keys(question: Question) -> list[frozenset[str]]:
    keys = [term_keys(t) for t in question.terms]
    if question.duration:
        keys.append(frozenset({DURATION_TERM}))
    if question.location:
        keys.append(frozenset({LOCATION_TERM}))
    # a phone number, an e-mail, a postal address, a name: the sentence stating one holds what is asked
    keys.extend(frozenset({f"\x00{kind}"}) for kind in sorted(question.asks & MARKED_TYPES))
    return keys


def _weights(
    question: Question, term_keys: list[frozenset[str]], cands: Sequence[Candidate], config: SupportConfig
) -> tuple[list[float], list[int]]:
    """Rarity across the candidates (and the document frequencies): domain-common words
    halved, a yes/no question's verb (what it asks about, when asked by inversion) half again more."""
    n = len(cands)
    common = common_terms()
    weights, dfs = [], []
    for i, keys in enumerate(term_keys):
        df = sum(1 for c in cands if keys & c.own)
        dfs.append(df)
        weight = math.log((n + 1) / (df + 0.5)) + 0.1
        term = question.terms[i] if i < len(question.terms) else None
        if term in common:
            weight *= config.common_factor
        if term is not None and term == question.verb and question.yes_no and not question.declarative:
            weight *= config.verb_factor
        weights.append(weight)
    return weights, dfs


def _coverage(
    keys: list[frozenset[str]], weights: list[float], dfs: list[int], cand: Candidate, config: SupportConfig,
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
        elif i < len(soft) and soft[i] >= config.soft_min:
            own += config.soft_credit * weight
        elif df > 0:
            missing = max(missing, weight)
    return (own + config.context_credit * context) / total, own / total, missing / total


def _soft_matches(question: Question, cands: Sequence[Candidate], at_least: float) -> list[list[float]]:
    """Per candidate, per question term: the best word-vector cosine between one of the
    term's words in the question and a word of the segment, when it is at least ``at_least``
    (0 otherwise, and when none has a vector): only a near-synonym that close earns credit."""
    vectors = wordvectors.load()
    if vectors is None or not cands:
        return [[] for _ in cands]
    by_stem: dict[str, list[str]] = {}
    for stem, word in wordvectors.content_words(question.text):
        by_stem.setdefault(stem, []).append(word)
    term_words = [by_stem.get(t, []) for t in question.terms]
    union = set().union(*(c.words for c in cands))
    close = vectors.similarities([w for ws in term_words for w in ws], union, at_least=at_least)
    # per term, its close segment words and their best cosine (a handful, usually none)
    best: list[dict[str, float]] = [{} for _ in term_words]
    for (q, w), sim in close.items():
        for term, ws in zip(best, term_words):
            if q in ws and (w not in term or sim > term[w]):
                term[w] = sim
    return [[max((sim for w, sim in term.items() if w in cand.words), default=0.0) for term in best]
            for cand in cands]


def _semantic(
    question: Question, cands: Sequence[Candidate], order: Sequence[int], embed_q: Embed, embed_p: Embed,
    config: SupportConfig,
) -> dict[int, float]:
    chosen = list(order[: config.max_embedded])
    if not chosen:
        return {}
    q = np.asarray(embed_q([question.text]), dtype=np.float32)[0]
    p = np.asarray(embed_p([passage_text(cands[i]) for i in chosen]), dtype=np.float32)
    sims = p @ q
    lo, hi = config.semantic_range
    return {i: float(np.clip((s - lo) / (hi - lo), 0.0, 1.0)) for i, s in zip(chosen, sims)}


def score_candidates(
    question: Question,
    cands: Sequence[Candidate],
    *,
    embed_queries: Embed | None = None,
    embed_passages: Embed | None = None,
    config: SupportConfig = DEFAULT_SUPPORT,
) -> list[SentenceSupport]:
    """Support and score of every candidate, best score first (ties: retrieval order)."""
    keys = _question_keys(question)
    weights, dfs = _weights(question, keys, cands, config)
    common = common_terms()
    dfs = [0 if i < len(question.terms) and question.terms[i] in common else df for i, df in enumerate(dfs)]
    none = (0.0, 0.0, 0.0)
    covs = [_coverage(keys, weights, dfs, c, config) if keys else none for c in cands]
    softs = _soft_matches(question, cands, config.soft_min)
    # a candidate with no near-synonym close enough has the exact coverage: not computed twice
    soft_covs = [
        _coverage(keys, weights, dfs, c, config, soft) if keys and any(x >= config.soft_min for x in soft) else cov
        for c, soft, cov in zip(cands, softs, covs)
    ]
    priors = [1.0 / (1.0 + 0.5 * c.rank) for c in cands]
    semantic: dict[int, float] = {}
    if embed_queries is not None and embed_passages is not None:
        lexical = sorted(range(len(cands)), key=lambda i: (-(covs[i][0] + 0.3 * priors[i]), i))
        semantic = _semantic(question, cands, lexical, embed_queries, embed_passages, config)

    def mix(coverage: float, missing: float, sem: float | None) -> float:
        lexical = max(0.0, coverage - config.missing_penalty * missing)
        if semantic:
            # similarity alone (« Google Analytics » near a cookie clause) must not carry an
            # answer: it may lift the lexical evidence, not stand in for it
            lifted = min(sem or 0.0, lexical + config.semantic_lift)
            return (1 - config.semantic_weight) * lexical + config.semantic_weight * lifted
        return lexical

    out = []
    for i, cand in enumerate(cands):
        coverage, own, missing = covs[i]
        sem = semantic.get(i) if semantic else None
        support = mix(coverage, missing, sem)
        relevance = mix(soft_covs[i][0], soft_covs[i][2], sem)
        score = relevance + config.rank_weight * priors[i]
        out.append(SentenceSupport(cand, coverage, own, missing, sem, support, score, relevance))
    order = sorted(range(len(out)), key=lambda i: (-out[i].score, cands[i].rank, cands[i].index))
    return [out[i] for i in order]


def assess(
    question: str,
    hits: Sequence[Hit],
    *,
    language: str | None = None,
    embed_queries: Embed | None = None,
    embed_passages: Embed | None = None,
    config: SupportConfig = DEFAULT_SUPPORT,
) -> tuple[Question, list[SentenceSupport]]:
    """The parsed question and every quotable segment's support, best score first. Segments of
    organisations the question does not name are left out when it names some."""
    parsed = analyse_question(question, hits, language)
    cands = [c for c in candidates_for(hits) if not parsed.orgs or c.hit.organisation in parsed.orgs]
    return parsed, score_candidates(parsed, cands, embed_queries=embed_queries, embed_passages=embed_passages,
                                    config=config)


class LexicalSupport:
    """The best segment's relevance per hit, lexical only (no embedding: under a millisecond a
    question once the clauses' analysis is cached): what the retriever's reranker sorts by."""

    def __init__(self, config: SupportConfig = DEFAULT_SUPPORT):
        self.config = config

    def supports(self, question: str, hits: Sequence[Hit], language: str | None = None) -> dict[str, float]:
        best: dict[str, float] = {}
        for item in assess(question, hits, language=language, config=self.config)[1]:
            chunk_id = item.candidate.hit.chunk_id
            best[chunk_id] = max(best.get(chunk_id, 0.0), item.relevance)
        return best

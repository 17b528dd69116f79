"""The default answerer: quotes the sentences that answer, no language model.

question ──analyse──▶ Question ──score every sentence of every hit──▶ SentenceSupport[]
  ──best support < min_support?──▶ abstain (see_also = closest hits)
  ──select (standard | list | per organisation)──▶ Evidence[] ──compose──▶ Answer
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from clausier.schema import Answer, Hit

from answer.compose import abstain, compose
from answer.config import DEFAULT_ANSWER, AnswerConfig
from clausier.reading.candidates import match_keys
from clausier.reading.designations import designations_in
from clausier.reading.names import missing_names
from clausier.reading.vocabulary import common_terms, equivalents, terms
from clausier.reading.marks import (
    DURATION_TERM, DURATION_WORD, LOCATION_TERM, marks_of, name_marks, states_period_figure,
)
from clausier.reading.question import Question
from clausier.reading.support import SentenceSupport, assess, term_keys
from answer.select import Evidence, by_clause, select_comparison, select_list, select_standard
from answer.verdict import verdict

log = logging.getLogger(__name__)

Embed = Callable[[Sequence[str]], np.ndarray]



@dataclass(frozen=True)
class Assessment:
    """What the answerer saw: the parsed question and every segment's support, best first."""

    question: Question
    scored: tuple[SentenceSupport, ...]
    config: AnswerConfig = DEFAULT_ANSWER

    @property
    def best(self) -> SentenceSupport | None:
        """The segment with the highest support (``scored`` is ordered by score, which also
        weighs the retrieval rank: that decides what to quote, not whether to answer)."""
        return max(self.scored, key=lambda s: s.support, default=None)

    @property
    def support(self) -> float:
        """Best support among segments the answer may quote (0.0 when there are none)."""
        best = self.best
        return best.support if best else 0.0

    @property
    def duration_support(self) -> float:
        """Best support among segments stating a period (or naming a delay / duration)."""
        marks = {DURATION_TERM, DURATION_WORD}
        return max((s.support for s in self.scored if marks & s.candidate.own), default=0.0)

    @property
    def weak_evidence(self) -> bool:
        """The best sentence shares few question terms and is semantically far."""
        top = self.best
        if top is None or top.semantic is None:
            return False
        shared = sum(1 for t in self.question.terms if term_keys(t) & top.candidate.own)
        return shared <= self.config.weak_shared_terms and top.semantic < self.config.weak_semantic

    def typed_support(self, kind: str) -> float:
        """Best support among segments stating an amount, a date or a frequency (``kind``)."""
        mark = f"\x00{kind}"
        return max((s.support for s in self.scored if mark in s.candidate.own), default=0.0)

    def lacks_answer_type(self, min_duration_support: float | None = None) -> bool:
        """The question asks for a period (an amount, a date, a frequency) and no sentence
        stating one supports it enough: the topic is there, the asked fact is not."""
        if min_duration_support is None:
            min_duration_support = self.config.min_duration_support
        if self.question.comparison:
            return False
        if self.question.duration and self.duration_support < min_duration_support:
            return True
        return any(self.typed_support(kind) < min_duration_support for kind in self.question.asks)


class ExtractiveAnswerer:
    """Answers by quoting clause sentences verbatim, with numbered citations."""

    def __init__(
        self,
        *,
        embed_queries: Embed | None = None,
        embed_passages: Embed | None = None,
        config: AnswerConfig = DEFAULT_ANSWER,
        min_support: float | None = None,
        min_duration_support: float | None = None,
        max_citations: int | None = None,
        max_list_citations: int | None = None,
    ) -> None:
        """``config`` holds the tuned values; the keyword overrides are shortcuts for tests and
        calibration. ``min_support`` given: one threshold for every language (no per-language
        thresholds)."""
        if (embed_queries is None) != (embed_passages is None):
            raise ValueError("give both embed_queries and embed_passages, or neither")
        overrides = {"min_duration_support": min_duration_support, "max_citations": max_citations,
                     "max_list_citations": max_list_citations}
        config = replace(config, **{k: v for k, v in overrides.items() if v is not None})
        self.config = replace(config, max_list_citations=max(config.max_list_citations, config.max_citations))
        self.embed_queries = embed_queries
        self.embed_passages = embed_passages
        per_language = min_support is None and embed_queries is not None
        self.by_language: dict[str, float] = dict(config.min_support_embedded) if per_language else {}
        self.min_support = (
            min_support if min_support is not None
            else self.by_language["fr"] if per_language else config.min_support
        )

    @property
    def min_duration_support(self) -> float:
        return self.config.min_duration_support

    def assess(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> Assessment:
        """Parse and score without answering (for calibration: see ``support``)."""
        parsed, scored = assess(question, hits, language=language, embed_queries=self.embed_queries,
                                embed_passages=self.embed_passages, config=self.config.support)
        return Assessment(parsed, tuple(scored), self.config)

    def support(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> float:
        """The best sentence's support, the number compared with ``min_support``."""
        return self.assess(question, hits, language=language).support

    def threshold(self, language: str) -> float:
        """The ``min_support`` that applies to a question in ``language``."""
        return self.by_language.get(language, self.min_support)

    def answer(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> Answer:
        started = time.perf_counter()
        assessment = self.assess(question, hits, language=language)
        parsed = assessment.question
        if not hits or assessment.support < self.threshold(parsed.language) or assessment.weak_evidence \
                or assessment.lacks_answer_type() or _names_unknown(parsed, hits):
            result = abstain(parsed.language, hits, yes_no=parsed.yes_no)
        else:
            result = self._compose(assessment, hits)
        log.info(
            "answer hits=%d support=%.3f abstained=%s citations=%d list=%s comparison=%s ms=%.1f",
            len(hits), assessment.support, result.abstained, len(result.citations),
            parsed.wants_list, parsed.comparison, 1000 * (time.perf_counter() - started),
        )
        return result

    def _compose(self, assessment: Assessment, hits: Sequence[Hit]) -> Answer:
        parsed, scored = assessment.question, assessment.scored
        if parsed.comparison:
            groups = select_comparison(parsed, scored, self.min_support, self.config)
            if not any(evidence for _, evidence in groups):
                return abstain(parsed.language, hits)
            return compose(groups, language=parsed.language, hits=hits)
        clauses = by_clause(scored)
        if parsed.wants_list:
            evidence = select_list(clauses, self.min_support, self.config.max_list_citations, self.config)
        else:
            evidence = select_standard(clauses, self.min_support, self.config.max_citations, question=parsed,
                                       config=self.config)
        if not evidence or not _states_asked_type(parsed, evidence) or not _names_designations(parsed, evidence):
            return abstain(parsed.language, hits, yes_no=parsed.yes_no)  # one decision: no « For None, … »
        lead = verdict(parsed, _quoted(_one_party(parsed, evidence, scored), evidence), self.config)
        return compose([(None, evidence)], language=parsed.language, hits=hits, lead=lead)


def _one_party(question: Question, evidence: Sequence[Evidence], scored: Sequence[SentenceSupport]
               ) -> list[SentenceSupport]:
    """The sentences a verdict may be read from: a « Oui » / « Non » speaks for one organisation.
    When the answer quotes several organisations and the question names none of them (« Les
    données sont-elles transférées hors de l'UE ? »: AOPS may transfer them, Ikomia keeps them in
    the EU), no single verdict holds and none is read; when the question names one, only its
    sentences are read (another organisation's clause never answers for it)."""
    parties = {ev.hit.organisation for ev in evidence}
    if question.orgs:
        parties &= set(question.orgs)
    if len(parties) != 1:
        return []
    (party,) = parties
    return [item for item in scored if item.candidate.hit.organisation == party]


def _quoted(items: Sequence[SentenceSupport], evidence: Sequence[Evidence]) -> list[SentenceSupport]:
    """The sentences of ``items`` the answer quotes (a verdict stands on a sentence shown)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for ev in evidence:
        spans.setdefault(ev.hit.chunk_id, []).append((ev.pieces[0].start, ev.pieces[-1].end))
    return [item for item in items
            if any(start <= item.candidate.segment.start and item.candidate.segment.end <= end
                   for start, end in spans.get(item.candidate.hit.chunk_id, ()))]


def _names_designations(question: Question, evidence: Sequence[Evidence]) -> bool:
    """A question about a role or instrument of data-protection law (a DPO, an impact
    assessment, binding corporate rules, standard contractual clauses) is answered only when a
    quoted piece, or the heading of its clause, names each of them: a document that has one
    names it (``clausier.reading.designations``)."""
    if not question.designations:
        return True
    named: set[str] = set()
    for ev in evidence:
        named |= designations_in(ev.hit.heading)
        for piece in ev.pieces:
            named |= designations_in(ev.hit.text[piece.start : piece.end])
    return question.designations <= named


_AGE = "\x00age"  # the mark of a sentence stating an age (``Question.asked_marks``)


def _states_asked_type(question: Question, evidence: Sequence[Evidence]) -> bool:
    """A question asking for a period, an amount, a date, a frequency, a contact detail or a name
    is answered only when a quoted piece states one *about the question*: it holds the value and
    one of the question's own terms other than its verb and the domain's common words (a
    retention period of other data, in the same clause, does not answer « how long are the logs
    kept? »)."""
    asked = question.asked_marks - {LOCATION_TERM}  # a place is preferred when quoting, not required
    if DURATION_TERM in asked:
        asked |= {DURATION_WORD}  # « délai », « durée » without a figure still speak of the period
    if not asked:
        return True
    common = common_terms()  # « données » in a piece does not make it about the question
    # for a period, keeping or deleting is what the period is of, not the topic (« les logs sont
    # gardés combien de temps ? » is about the logs); for an age, using or signing up is what the
    # age is for (« the minimum age to use Looper-AI » is about the organisation's service)
    predicate = (_retention_terms() if DURATION_TERM in asked else frozenset()) \
        | (_use_terms() if _AGE in asked else frozenset())
    keys = [term_keys(t) for t in question.terms
            if t != question.verb and t not in common and not equivalents(t) & predicate]
    for ev in evidence:
        for piece in ev.pieces:
            text = ev.hit.text[piece.start : piece.end]
            states = asked & (marks_of(text) | name_marks(text, ev.hit.organisation))
            if question.counted and states <= {DURATION_TERM, DURATION_WORD} and not states_period_figure(text):
                continue  # « combien d'heures ? » is not answered by « dans les meilleurs délais »
            if states and (not keys or any(k & match_keys(terms(text)) for k in keys)):
                return True
    return False


@lru_cache(maxsize=1)
def _retention_terms() -> frozenset[str]:
    return frozenset(terms("conserver supprimer"))


@lru_cache(maxsize=1)
def _use_terms() -> frozenset[str]:
    return frozenset(terms("utiliser inscrire inscription accéder use register sign access"))


def _names_unknown(question: Question, hits: Sequence[Hit]) -> bool:
    """The question names an identifier (« the trusted_device cookie ») that none of the passages
    it is answered from contains: they speak of other cookies, not of the asked one."""
    if not question.names:
        return False
    texts = [h.text for h in hits if not question.orgs or h.organisation in question.orgs]
    return bool(missing_names(question.names, texts))

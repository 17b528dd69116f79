"""The default answerer: quotes the sentences that answer, no language model.

question ──analyse──▶ Question ──score every sentence of every hit──▶ SentenceSupport[]
  ──best support < min_support?──▶ abstain (see_also = closest hits)
  ──select (standard | list | per organisation)──▶ Evidence[] ──compose──▶ Answer
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from clausier.schema import Answer, Hit

from answer.compose import abstain, compose
from clausier.reading.marks import DURATION_TERM, DURATION_WORD
from clausier.reading.question import Question
from clausier.reading.support import SentenceSupport, assess, term_keys
from answer.select import by_clause, select_comparison, select_list, select_standard
from answer.verdict import verdict

log = logging.getLogger(__name__)

Embed = Callable[[Sequence[str]], np.ndarray]

# Lexical path (no embedder): hand-built cases of tests/test_answer.py, answerable questions
# score 0.5–1.0, unrelated ones 0.0–0.2.
DEFAULT_MIN_SUPPORT = 0.4
# With embeddings (the app): ``python -m eval.calibrate`` on eval/datasets/dev.jsonl, full
# retrieval, per question language (an English question meets French clauses through the
# lexicon only, so its supports run lower) — the best abstention recall whose false
# abstention stays within 5 % (steps of 0.01; the best support of any quotable segment).
DEFAULT_MIN_SUPPORT_EMBEDDED = {"fr": 0.17, "en": 0.11}
# A couple of question words in common (prefixes included) and a sentence semantically far
# from the question is chance (« directeur général » meeting « directives », « politique
# générale »), not an answer.
WEAK_SEMANTIC = 0.15
WEAK_SHARED_TERMS = 2
# A question asking for a period (« combien de temps », « sous quel délai », « how long ») is
# answered only by a sentence stating one: abstain when no period-bearing sentence reaches this.
MIN_DURATION_SUPPORT = 0.2
MAX_LIST_CITATIONS = 12


@dataclass(frozen=True)
class Assessment:
    """What the answerer saw: the parsed question and every segment's support, best first."""

    question: Question
    scored: tuple[SentenceSupport, ...]

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
        return shared <= WEAK_SHARED_TERMS and top.semantic < WEAK_SEMANTIC

    def typed_support(self, kind: str) -> float:
        """Best support among segments stating an amount, a date or a frequency (``kind``)."""
        mark = f"\x00{kind}"
        return max((s.support for s in self.scored if mark in s.candidate.own), default=0.0)

    def lacks_answer_type(self, min_duration_support: float = MIN_DURATION_SUPPORT) -> bool:
        """The question asks for a period (an amount, a date, a frequency) and no sentence
        stating one supports it enough: the topic is there, the asked fact is not."""
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
        min_support: float | None = None,
        min_duration_support: float = MIN_DURATION_SUPPORT,
        max_citations: int = 4,
        max_list_citations: int = MAX_LIST_CITATIONS,
    ) -> None:
        if (embed_queries is None) != (embed_passages is None):
            raise ValueError("give both embed_queries and embed_passages, or neither")
        self.embed_queries = embed_queries
        self.embed_passages = embed_passages
        per_language = min_support is None and embed_queries is not None
        self.by_language: dict[str, float] = dict(DEFAULT_MIN_SUPPORT_EMBEDDED) if per_language else {}
        self.min_support = (
            min_support if min_support is not None
            else self.by_language["fr"] if per_language else DEFAULT_MIN_SUPPORT
        )
        self.min_duration_support = min_duration_support
        self.max_citations = max_citations
        self.max_list_citations = max(max_list_citations, max_citations)

    def assess(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> Assessment:
        """Parse and score without answering (for calibration: see ``support``)."""
        parsed, scored = assess(question, hits, language=language, embed_queries=self.embed_queries,
                                embed_passages=self.embed_passages)
        return Assessment(parsed, tuple(scored))

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
                or assessment.lacks_answer_type(self.min_duration_support):
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
            groups = select_comparison(parsed, scored, self.min_support)
            if not any(evidence for _, evidence in groups):
                return abstain(parsed.language, hits)
            return compose(groups, language=parsed.language, hits=hits)
        clauses = by_clause(scored)
        if parsed.wants_list:
            evidence = select_list(clauses, self.min_support, self.max_list_citations)
        else:
            evidence = select_standard(clauses, self.min_support, self.max_citations, question=parsed)
        if not evidence:
            return abstain(parsed.language, hits, yes_no=parsed.yes_no)  # one decision: no « For None, … »
        lead = verdict(parsed, scored)
        return compose([(None, evidence)], language=parsed.language, hits=hits, lead=lead)


def support_scores(
    question: str,
    hits: Sequence[Hit],
    *,
    language: str | None = None,
    embed_queries: Embed | None = None,
    embed_passages: Embed | None = None,
) -> list[SentenceSupport]:
    """Every quotable segment's support for ``question``, best first (for calibration)."""
    answerer = ExtractiveAnswerer(embed_queries=embed_queries, embed_passages=embed_passages)
    return list(answerer.assess(question, hits, language=language).scored)

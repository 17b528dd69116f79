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
from answer.question import Question, analyse_question
from answer.scoring import SentenceSupport, candidates_for, score_candidates
from answer.select import by_clause, select_comparison, select_list, select_standard
from answer.verdict import verdict

log = logging.getLogger(__name__)

Embed = Callable[[Sequence[str]], np.ndarray]

# Calibrated on the hand-built cases of tests/test_answer.py (lexical path): answerable
# questions score 0.5–1.0, unrelated ones 0.0–0.2. The evaluation runner should re-calibrate
# with support() on its question set, with and without embeddings.
DEFAULT_MIN_SUPPORT = 0.4
MAX_LIST_CITATIONS = 12


@dataclass(frozen=True)
class Assessment:
    """What the answerer saw: the parsed question and every segment's support, best first."""

    question: Question
    scored: tuple[SentenceSupport, ...]

    @property
    def support(self) -> float:
        """Best support among segments the answer may quote (0.0 when there are none)."""
        return self.scored[0].support if self.scored else 0.0


class ExtractiveAnswerer:
    """Answers by quoting clause sentences verbatim, with numbered citations."""

    def __init__(
        self,
        *,
        embed_queries: Embed | None = None,
        embed_passages: Embed | None = None,
        min_support: float = DEFAULT_MIN_SUPPORT,
        max_citations: int = 4,
        max_list_citations: int = MAX_LIST_CITATIONS,
    ) -> None:
        if (embed_queries is None) != (embed_passages is None):
            raise ValueError("give both embed_queries and embed_passages, or neither")
        self.embed_queries = embed_queries
        self.embed_passages = embed_passages
        self.min_support = min_support
        self.max_citations = max_citations
        self.max_list_citations = max(max_list_citations, max_citations)

    def assess(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> Assessment:
        """Parse and score without answering (for calibration: see ``support``)."""
        parsed = analyse_question(question, hits, language)
        allowed = [h for h in hits if not parsed.orgs or h.organisation in parsed.orgs]
        cands = [c for c in candidates_for(hits) if c.hit in allowed]
        scored = score_candidates(
            parsed, cands, embed_queries=self.embed_queries, embed_passages=self.embed_passages
        )
        return Assessment(parsed, tuple(scored))

    def support(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> float:
        """The best sentence's support, the number compared with ``min_support``."""
        return self.assess(question, hits, language=language).support

    def answer(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> Answer:
        started = time.perf_counter()
        assessment = self.assess(question, hits, language=language)
        parsed = assessment.question
        if not hits or assessment.support < self.min_support:
            result = abstain(parsed.language, hits)
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
            evidence = select_standard(clauses, self.min_support, self.max_citations)
        lead = verdict(parsed, scored[0])
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

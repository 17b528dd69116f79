"""Second stage of ``full`` retrieval: re-order the first hits by their best sentence's support.

The fused ranking scores whole chunks; a question is usually answered by one sentence of one
clause. The reranker asks a ``SupportScorer`` (by default the extractive answerer without
embeddings: the IDF-weighted coverage of the question's terms by a sentence, a missing rare
term penalised) how well each hit's best sentence supports the question, and orders the hits
by fused score plus ``weight`` × that support. The scorer sees only hits the caller may see:
the filter was applied before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Protocol, Sequence

from clausier.schema import Hit


class SupportScorer(Protocol):
    def supports(self, question: str, hits: Sequence[Hit], language: str | None = None) -> Mapping[str, float]:
        """Best sentence support (0–1) per chunk id of ``hits`` (``language``: the question's,
        when the caller has detected it already)."""


@dataclass(frozen=True)
class SupportReranker:
    scorer: SupportScorer
    weight: float = 1.0

    def rerank(self, question: str, hits: Sequence[Hit], language: str | None = None) -> list[Hit]:
        """``hits`` re-ordered by (fused score + weight × support) / (1 + weight); ties keep
        the fused order. ``language``: the question's, as the search's analysis found it."""
        if not hits:
            return []
        support = self.scorer.supports(question, hits, language)
        combined = [(h.score + self.weight * support.get(h.chunk_id, 0.0)) / (1.0 + self.weight) for h in hits]
        order = sorted(range(len(hits)), key=lambda i: (-combined[i], i))
        return [replace(hits[i], score=round(combined[i], 6)) for i in order]

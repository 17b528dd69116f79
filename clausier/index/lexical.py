"""BM25 over the indexed chunks (bm25s), with the French analyzer of ``clausier.textnorm``.

Built in memory from the chunks Chroma holds (a few thousand chunks index in milliseconds).
Access filtering happens inside the search: chunks the caller may not see get no score at all.
"""

from __future__ import annotations

from typing import Callable, Sequence

import bm25s
import numpy as np

from clausier.schema import Chunk
from clausier.textnorm import analyze


def lexical_terms(chunk: Chunk) -> list[str]:
    return analyze(f"{chunk.header}\n{chunk.text}")


class LexicalIndex:
    def __init__(self, chunks: Sequence[Chunk], *, k1: float = 1.2, b: float = 0.75):
        self.chunks = list(chunks)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        corpus = [lexical_terms(chunk) or ["∅"] for chunk in self.chunks]
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def search(
        self, query: str | Sequence[str], k: int, allowed: Callable[[Chunk], bool]
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the k best chunks among those ``allowed`` accepts."""
        terms = analyze(query) if isinstance(query, str) else list(query)
        if not self.chunks or not terms:
            return []
        scores = np.asarray(self._bm25.get_scores(terms), dtype=np.float64)
        mask = np.fromiter((allowed(chunk) for chunk in self.chunks), dtype=bool, count=len(self.chunks))
        scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.chunks[i].chunk_id, float(scores[i])) for i in order if scores[i] > 0.0]

"""BM25 over the indexed chunks (bm25s), with the French analyzer of ``clausier.textnorm``.

Built in memory from the chunks Chroma holds (a few thousand chunks index in milliseconds).
Access filtering happens inside the search: chunks the caller may not see get no score at all.

Two granularities: whole chunks, and single sentences (each with its chunk's heading). A
sentence that matches the question well ranks its chunk even when the chunk's other sentences
talk about something else (a long clause, a list of measures).
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

import bm25s
import numpy as np

from clausier.schema import HEADING_SEPARATOR, Chunk
from clausier.textnorm import analyze

BM25_K1 = 1.2
BM25_B = 0.75
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=\S)|\n+")
MIN_SENTENCE_CHARS = 25


def lexical_terms(chunk: Chunk) -> list[str]:
    return analyze(f"{chunk.header}\n{chunk.text}")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if len(s.strip()) >= MIN_SENTENCE_CHARS]


def _heading(chunk: Chunk) -> str:
    return chunk.heading.split(HEADING_SEPARATOR)[-1] if chunk.heading else ""


class _Bm25:
    def __init__(self, corpus: list[list[str]], k1: float, b: float):
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        self.size = len(corpus)
        if corpus:
            self._bm25.index([terms or ["∅"] for terms in corpus], show_progress=False)

    def scores(self, terms: list[str]) -> np.ndarray:
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float64)


class LexicalIndex:
    def __init__(self, chunks: Sequence[Chunk], *, k1: float = BM25_K1, b: float = BM25_B):
        self.chunks = list(chunks)
        self._chunk_bm25 = _Bm25([lexical_terms(chunk) for chunk in self.chunks], k1, b)
        owners: list[int] = []
        corpus: list[list[str]] = []
        for i, chunk in enumerate(self.chunks):
            heading = _heading(chunk)
            for sentence in _sentences(chunk.text):
                owners.append(i)
                corpus.append(analyze(f"{heading}\n{sentence}"))
        self._owners = np.asarray(owners, dtype=np.int64)
        self._sentence_bm25 = _Bm25(corpus, k1, b)

    def _mask(self, allowed: Callable[[Chunk], bool]) -> np.ndarray:
        return np.fromiter((allowed(chunk) for chunk in self.chunks), dtype=bool, count=len(self.chunks))

    def search(
        self, query: str | Sequence[str], k: int, allowed: Callable[[Chunk], bool]
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the k best chunks among those ``allowed`` accepts."""
        terms = analyze(query) if isinstance(query, str) else list(query)
        if not self.chunks or not terms:
            return []
        scores = np.where(self._mask(allowed), self._chunk_bm25.scores(terms), 0.0)
        return self._top(scores, k)

    def search_sentences(
        self, query: str | Sequence[str], k: int, allowed: Callable[[Chunk], bool]
    ) -> list[tuple[str, float]]:
        """(chunk id, best sentence's BM25 score) of the k chunks holding the best sentences."""
        terms = analyze(query) if isinstance(query, str) else list(query)
        if not self.chunks or not terms or not self._sentence_bm25.size:
            return []
        per_sentence = self._sentence_bm25.scores(terms)
        best = np.zeros(len(self.chunks), dtype=np.float64)
        np.maximum.at(best, self._owners, per_sentence)
        return self._top(np.where(self._mask(allowed), best, 0.0), k)

    def _top(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.chunks[i].chunk_id, float(scores[i])) for i in order if scores[i] > 0.0]

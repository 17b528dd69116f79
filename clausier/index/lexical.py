"""BM25 over the indexed chunks (bm25s), with the French analyzer of ``clausier.textnorm``.

One index per access partition (built from that partition's chunks), so its statistics never
depend on documents above the partition's level. The other filters (organisation, type,
document) are boolean masks over code arrays computed once per index: no Python call per chunk.

Two granularities: whole chunks, and single sentences (each with its chunk's heading). A
sentence that matches the question well ranks its chunk even when the chunk's other sentences
talk about something else (a long clause, a list of measures).
"""

from __future__ import annotations

import re
from typing import Sequence

import bm25s
import numpy as np

from clausier.schema import HEADING_SEPARATOR, Chunk

from .filters import SearchFilter
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
    def __init__(self, corpus: list[list[str]] | None, k1: float, b: float, *, loaded=None, size: int = 0):
        self._bm25 = loaded if loaded is not None else bm25s.BM25(k1=k1, b=b)
        self.size = size if corpus is None else len(corpus)
        if corpus:
            self._bm25.index([terms or ["∅"] for terms in corpus], show_progress=False)

    def save(self, directory: str) -> None:
        if self.size:
            self._bm25.save(directory, show_progress=False)

    @classmethod
    def load(cls, directory: str, size: int) -> "_Bm25":
        if not size:
            return cls([], BM25_K1, BM25_B)
        return cls(None, BM25_K1, BM25_B, size=size,
                   loaded=bm25s.BM25.load(directory, mmap=True, show_progress=False))

    def scores(self, terms: list[str]) -> np.ndarray:
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float64)


class LexicalIndex:
    def __init__(self, chunks: Sequence[Chunk], *, k1: float = BM25_K1, b: float = BM25_B, _parts=None):
        self.chunks = list(chunks)
        self._codes = {name: _Codes([getattr(c, name) for c in self.chunks])
                       for name in ("organisation", "doc_type", "doc_id")}
        if _parts is not None:  # loaded from disk (clausier/index/lexical_store.py)
            self._chunk_bm25, self._owners, self._sentence_bm25 = _parts
            return
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

    def _mask(self, flt: SearchFilter) -> np.ndarray | None:
        """Which chunks pass the filter's organisation / type / document fields (None: all)."""
        mask = None
        for name, wanted in (("organisation", flt.organisations), ("doc_type", flt.doc_types), ("doc_id", flt.doc_ids)):
            if wanted:
                part = self._codes[name].mask(wanted)
                mask = part if mask is None else mask & part
        return mask

    def search(
        self, query: str | Sequence[str], k: int, flt: SearchFilter
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the k best chunks among those ``flt`` accepts."""
        terms = analyze(query) if isinstance(query, str) else list(query)
        if not self.chunks or not terms:
            return []
        return self._top(self._chunk_bm25.scores(terms), k, self._mask(flt))

    def search_sentences(
        self, query: str | Sequence[str], k: int, flt: SearchFilter
    ) -> list[tuple[str, float]]:
        """(chunk id, best sentence's BM25 score) of the k chunks holding the best sentences."""
        terms = analyze(query) if isinstance(query, str) else list(query)
        if not self.chunks or not terms or not self._sentence_bm25.size:
            return []
        per_sentence = self._sentence_bm25.scores(terms)
        best = np.zeros(len(self.chunks), dtype=np.float64)
        np.maximum.at(best, self._owners, per_sentence)
        return self._top(best, k, self._mask(flt))

    def _top(self, scores: np.ndarray, k: int, mask: np.ndarray | None) -> list[tuple[str, float]]:
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        if len(scores) > 4 * k:  # only the candidates tied with or above the k-th score get sorted
            candidates = np.flatnonzero(scores >= np.partition(scores, len(scores) - k)[len(scores) - k])
            order = candidates[np.argsort(-scores[candidates], kind="stable")][:k]
        else:
            order = np.argsort(-scores, kind="stable")[:k]
        return [(self.chunks[i].chunk_id, float(scores[i])) for i in order if scores[i] > 0.0]


class _Codes:
    """One field of every chunk as integer codes, so a filter is one vectorised comparison."""

    def __init__(self, values: Sequence[str]):
        self._index: dict[str, int] = {}
        self._codes = np.fromiter((self._index.setdefault(v, len(self._index)) for v in values),
                                  dtype=np.int32, count=len(values))

    def mask(self, wanted: frozenset[str]) -> np.ndarray:
        codes = [self._index[v] for v in wanted if v in self._index]
        return np.isin(self._codes, np.asarray(codes, dtype=np.int32))

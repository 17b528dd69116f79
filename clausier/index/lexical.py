"""BM25 over the indexed chunks (bm25s), with the French analyzer of ``clausier.textnorm``.

One index per access partition (built from that partition's chunks), so its statistics never
depend on documents above the partition's level. The other filters (organisation, type,
document) are boolean masks over code arrays computed once per index: no Python call per chunk.

Two granularities: whole chunks, and single sentences (each with its chunk's heading). A
sentence that matches the question well ranks its chunk even when the chunk's other sentences
talk about something else (a long clause, a list of measures).
"""

from __future__ import annotations

import mmap
import re
from typing import Sequence

import bm25s
import numpy as np

from clausier.schema import HEADING_SEPARATOR, Chunk

from .filters import SearchFilter
from .partition_table import PartitionTable
from clausier.textnorm import analyze

BM25_K1 = 1.2
BM25_B = 0.75
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=\S)|\n+")
MIN_SENTENCE_CHARS = 25
BLOCK = 64  # sentences per block whose maxima bound the k-th best chunk (``best_owners``)
# each index keeps, per token, a score that this many distinct chunks reach on any query holding
# the token (``_Bm25.kth_floors``): the bound of a ranking of up to this many chunks, without
# the block maxima (RetrievalConfig.candidates)
FLOOR_K = 40


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
        # the posting arrays as plain ndarrays: a loaded index holds np.memmap objects, whose
        # Python-level indexing costs more than the slices it returns (a few per query term)
        index = self._bm25.scores if getattr(self._bm25, "scores", None) else {}
        self._postings = tuple(np.asarray(index[name]).view(np.ndarray) for name in ("data", "indices", "indptr")) if index else None

    def save(self, directory: str) -> None:
        if self.size:
            self._bm25.save(directory, show_progress=False)

    @classmethod
    def load(cls, directory: str, size: int) -> "_Bm25":
        if not size:
            return cls([], BM25_K1, BM25_B)
        return cls(None, BM25_K1, BM25_B, size=size,
                   loaded=bm25s.BM25.load(directory, mmap=True, show_progress=False))

    def tokens(self, terms: list[str]) -> list[int]:
        """The token ids of ``terms`` (those the index knows, repeats kept)."""
        return self._bm25.get_tokens_ids(terms) if self.size else []

    def scores(self, tokens: list[int], block: int = 1) -> np.ndarray:
        """BM25 of every document for the query's token ids (``tokens``), zero-padded to a
        multiple of ``block``, in the index's dtype (float32): bm25s's sum over the query's
        posting lists, each added with one vectorised ``+=`` (a token's postings name each
        document once, so this adds exactly what ``np.add.at`` adds, in the same order,
        without its per-element dispatch)."""
        padded = -(-self.size // block) * block
        if not self._plain():  # variants we do not use
            return np.pad(np.asarray(self._bm25.get_scores_from_ids(tokens), dtype=np.float64), (0, padded - self.size))
        data, indices, indptr = self._postings
        out = np.zeros(padded, dtype=np.dtype(self._bm25.dtype))
        for token in tokens:
            start, end = indptr[token], indptr[token + 1]
            # the postings' rows as intp once: indexing with the stored int32 converts them on
            # both the read and the write of ``+=`` (twice the time of the sum itself)
            rows = indices[start:end].astype(np.intp)
            out[rows] += data[start:end]
        return out

    def _plain(self) -> bool:
        """Scores are sums of the stored postings (no bm25s variant adding a per-document term)."""
        return getattr(self._bm25, "nonoccurrence_array", None) is None and self._postings is not None

    def kth_floors(self, owners: np.ndarray | None, k: int) -> np.ndarray | None:
        """Per token, the k-th best of its postings' maxima per owner (``owners[row]``, None:
        each row its own owner), 0 where fewer than k owners hold it. Every posting adds a
        non-negative value to its row's score (float32 sums of non-negative terms never
        decrease), so on any query holding the token, k distinct owners have an item scoring at
        least that: a bound of the k-th best owner. None when the postings cannot tell."""
        if not self._plain() or not self.size:
            return None
        data, indices, indptr = self._postings
        if len(data) and float(data.min()) < 0.0:
            return None
        floors = np.zeros(len(indptr) - 1, dtype=data.dtype)
        for token in np.flatnonzero(np.diff(indptr) >= k).tolist():
            start, end = int(indptr[token]), int(indptr[token + 1])
            values = data[start:end]
            if owners is not None:  # the best posting of each owner (rows, hence owners, ascending)
                held = owners[indices[start:end]]
                if np.any(held[1:] < held[:-1]):
                    order = np.argsort(held, kind="stable")
                    held, values = held[order], values[order]
                starts = np.flatnonzero(np.concatenate(([True], held[1:] != held[:-1])))
                if len(starts) < k:
                    continue
                values = np.maximum.reduceat(values, starts)
            floors[token] = np.partition(values, len(values) - k)[len(values) - k]
        _release_pages(self._postings)  # read through once: searches map back what they read
        return floors


def _release_pages(arrays) -> None:
    """Drop this process's resident pages of the memory maps under ``arrays`` (MADV_DONTNEED:
    they stay in the page cache and are mapped again when read); arrays in memory: nothing."""
    for array in arrays:
        base = array
        while base is not None and not isinstance(base, mmap.mmap):
            base = getattr(base, "_mmap", None) or getattr(base, "base", None)
        if base is not None:
            try:
                base.madvise(mmap.MADV_DONTNEED)
            except (AttributeError, OSError, ValueError):  # no madvise here, or a closed map
                pass


class LexicalIndex:
    """BM25 over a partition's rows. ``rows`` is the partition's table (ids and filter codes);
    built from ``chunks`` (their texts) when no saved parts are given."""

    def __init__(self, chunks: Sequence[Chunk] = (), *, k1: float = BM25_K1, b: float = BM25_B,
                 rows: PartitionTable | None = None, _parts=None):
        self.rows = rows if rows is not None else PartitionTable.from_chunks(chunks)
        self.size = self.rows.size
        if _parts is not None:  # loaded from disk (clausier/index/lexical_store.py)
            self._chunk_bm25, self._owners, self._sentence_bm25 = _parts
        else:
            source = list(chunks) if chunks else list(self.rows.chunks())
            self._chunk_bm25 = _Bm25([lexical_terms(chunk) for chunk in source], k1, b)
            owners: list[int] = []
            corpus: list[list[str]] = []
            for i, chunk in enumerate(source):
                heading = _heading(chunk)
                for sentence in _sentences(chunk.text):
                    owners.append(i)
                    corpus.append(analyze(f"{heading}\n{sentence}"))
            self._owners = np.asarray(owners, dtype=np.int64)
            self._sentence_bm25 = _Bm25(corpus, k1, b)
        self._owners = ordered_owners(self._owners)
        self._chunk_rows = np.arange(self.size, dtype=np.int64)  # a chunk is its own (only) item
        # computed once per index (≈ 0.3 s for the eight of 100 k chunks): a ranking's bound of
        # its k-th best chunk is then the best of its tokens' floors (``_ranked``)
        self._chunk_floors = self._chunk_bm25.kth_floors(None, FLOOR_K)
        self._sentence_floors = self._sentence_bm25.kth_floors(self._owners, FLOOR_K)

    def search(
        self, query: str | Sequence[str], k: int, flt: SearchFilter
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the k best chunks among those ``flt`` accepts."""
        terms = analyze(query) if isinstance(query, str) else list(query)
        if not self.size or not terms or k <= 0:
            return []
        tokens = self._chunk_bm25.tokens(terms)
        return self._ranked(self._chunk_bm25.scores(tokens, BLOCK), self._chunk_rows, k, flt.mask(self.rows),
                            _floor(self._chunk_floors, tokens, k))

    def search_sentences(
        self, query: str | Sequence[str], k: int, flt: SearchFilter
    ) -> list[tuple[str, float]]:
        """(chunk id, best sentence's BM25 score) of the k chunks holding the best sentences."""
        terms = analyze(query) if isinstance(query, str) else list(query)
        if not self.size or not terms or not self._sentence_bm25.size or k <= 0:
            return []
        tokens = self._sentence_bm25.tokens(terms)
        return self._ranked(self._sentence_bm25.scores(tokens, BLOCK), self._owners, k, flt.mask(self.rows),
                            _floor(self._sentence_floors, tokens, k))

    def _ranked(self, per_item: np.ndarray, owners: np.ndarray, k: int,
                mask: np.ndarray | None, floor: float = 0.0) -> list[tuple[str, float]]:
        """(chunk id, best item score) of the k best chunks ``mask`` accepts, ties in row order.
        Only the chunks that can rank in the k best are reduced (every chunk under a mask);
        ``floor``: a score the k-th best chunk is known to reach (0: found from block maxima)."""
        rows, best = best_owners(per_item, owners, k if mask is None else 0, floor)
        if mask is not None:
            keep = mask[rows]
            rows, best = rows[keep], best[keep]
        order = _top_order(best, k)
        return list(zip(self.rows.chunk_ids(rows[order]), best[order].tolist()))


def _floor(floors: np.ndarray | None, tokens: list[int], k: int) -> float:
    """The best of the query tokens' floors (``_Bm25.kth_floors``): k distinct chunks reach it
    (0.0 when unknown: none kept, k above ``FLOOR_K``, no token)."""
    if floors is None or not tokens or k > FLOOR_K:
        return 0.0
    return float(floors[tokens].max())


def _top_order(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best scores, best first, ties in position order."""
    if len(scores) > 4 * k:  # only the candidates tied with or above the k-th score get sorted
        candidates = np.flatnonzero(scores >= np.partition(scores, len(scores) - k)[len(scores) - k])
        return candidates[np.argsort(-scores[candidates], kind="stable")][:k]
    return np.argsort(-scores, kind="stable")[:k]


def best_owners(per_item: np.ndarray, owners: np.ndarray, k: int = 0,
                floor: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(owners in ascending order, their best item score as float64) for every owner whose best
    item scores above 0; with ``k`` > 0, only for those that can rank in the k best (every owner
    tied with the k-th included, so the k best and their order are the same). ``per_item`` is
    ``len(owners)`` scores zero-padded to a multiple of ``BLOCK``; ``owners`` as ``ordered_owners``.
    ``floor`` (with ``k`` > 0): a score k distinct owners are known to reach; when 0, one is found
    from the maxima of blocks of items."""
    if k <= 0:
        floor = 0.0
    elif floor <= 0.0:
        floor = _kth_owner_floor(per_item, owners, k)
    per_item = per_item[: len(owners)]
    scored = np.flatnonzero(per_item >= floor) if floor > 0.0 else np.flatnonzero(per_item > 0.0)
    if not len(scored):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    holders = owners[scored]
    starts = np.flatnonzero(np.concatenate(([True], holders[1:] != holders[:-1])))
    return holders[starts], np.maximum.reduceat(per_item[scored], starts).astype(np.float64)


def _kth_owner_floor(per_item: np.ndarray, owners: np.ndarray, k: int) -> float:
    """A score that k distinct owners reach with one of their items (0.0 if not found among the
    best blocks): the k-th best owner scores at least that much. Blocks of ``BLOCK`` items are
    taken by their maximum, best first, until their maxima name k distinct owners."""
    blocks = per_item.reshape(-1, BLOCK)
    maxima = _block_maxima(per_item)
    depth = min(len(maxima), 4 * k)
    top = np.argpartition(-maxima, depth - 1)[:depth] if depth < len(maxima) else np.arange(len(maxima))
    top = top[np.argsort(-maxima[top], kind="stable")]
    holders = owners[np.minimum(top * BLOCK + blocks[top].argmax(axis=1), len(owners) - 1)]
    seen: set[int] = set()
    for block, holder in zip(top.tolist(), holders.tolist()):
        if maxima[block] <= 0.0:
            return 0.0
        seen.add(holder)
        if len(seen) == k:
            return float(maxima[block])
    return 0.0


def _block_maxima(per_item: np.ndarray) -> np.ndarray:
    """The maximum of each block of ``BLOCK`` items (``per_item.reshape(-1, BLOCK).max(axis=1)``):
    one ``reduceat`` over the block starts, faster than numpy's reduction of a short inner axis
    and than halving the blocks (docs/experiments-scale.md, session 18)."""
    return np.maximum.reduceat(per_item, np.arange(0, len(per_item), BLOCK))


def best_per_owner(per_item: np.ndarray, owners: np.ndarray, size: int) -> np.ndarray:
    """Each owner's best item score, 0 for an owner without items or whose best is below 0.
    ``owners[i]`` owns item i, in ascending order (``ordered_owners``): only the items that
    scored are reduced, one run per owner (most sentences share no term with a question)."""
    best = np.zeros(size, dtype=np.float64)
    rows, values = best_owners(per_item, owners)
    best[rows] = values
    return best


def ordered_owners(owners: np.ndarray) -> np.ndarray:
    """``owners`` as an int64 array, checked to list each chunk's sentences together, chunk after chunk."""
    owners = np.asarray(owners, dtype=np.int64)
    if np.any(owners[1:] < owners[:-1]):
        raise ValueError("sentence owners out of order")
    return owners

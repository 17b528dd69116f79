"""The nearest chunks of one access partition under a search filter.

Chroma applies a metadata filter (organisation, type, document) by reading every matching row's
metadata from SQLite before its graph search: about 15 µs a matching row, so a question naming
an organisation that holds thousands of chunks paid tens of milliseconds per partition (the
synthetic index's « Looper » names every copy of Looper-AI: 16–50 ms for four partitions at
10 k chunks, against 3 ms unfiltered). When many rows match, the partition is searched unfiltered
and deeper, and the filter is applied here with the partition table's code arrays; a filter that
few rows match stays a Chroma filter (cheap, and what every question of the corpus index takes).

When the partition's local search is ready (clausier/index/neighbours.py), Chroma is not asked
at all: the filter is a mask over the table's rows, and only the table's rows can be returned.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from clausier.index.filters import SearchFilter
from clausier.index.neighbours import Neighbours
from clausier.index.partition_table import PartitionTable

# above this many matching rows the filter is applied to an unfiltered search (~3 ms of SQLite
# reads at this size)
FILTER_ROWS = 200
DEPTH = 4  # the unfiltered search fetches DEPTH × k neighbours before filtering


class NearestSearch(Protocol):
    def query(self, level: int, embedding: np.ndarray, k: int, where: dict | None = None) -> list[tuple[str, float]]: ...


def nearest(store: NearestSearch, level: int, table: PartitionTable, vector: np.ndarray, k: int,
            flt: SearchFilter, local: Neighbours | None = None) -> list[tuple[str, float]]:
    """(chunk id, cosine) of the k nearest chunks of partition ``level`` that ``flt`` allows and
    this instance has catalogued (a chunk of a write not yet synced is left out). ``local``: the
    partition's local search over ``table`` (None: ask Chroma)."""
    mask = flt.mask(table)
    if local is not None:
        rows, scores = local.search(vector, k, mask)
        return list(zip(table.chunk_ids(rows), scores.tolist()))
    if mask is None:
        return _catalogued(table, store.query(level, vector, k, None), None)
    matching = int(np.count_nonzero(mask))
    if matching == 0:
        return []
    if matching > FILTER_ROWS:
        depth = min(table.size, DEPTH * k)
        kept = _catalogued(table, store.query(level, vector, depth, None), mask)
        # enough allowed neighbours, or every chunk of the partition seen: that is the answer
        if len(kept) >= k or depth >= table.size:
            return kept[:k]
    return _catalogued(table, store.query(level, vector, k, flt.where()), None)


def _catalogued(table: PartitionTable, pairs: list[tuple[str, float]], mask: np.ndarray | None) -> list[tuple[str, float]]:
    rows = table.rows_of([cid for cid, _ in pairs])
    return [pair for pair, row in zip(pairs, rows) if row >= 0 and (mask is None or mask[row])]

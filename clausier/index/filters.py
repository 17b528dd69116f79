"""One search filter, applied the same way on both sides of the index.

The clearance picks the access partitions searched (``levels()``): one Chroma collection and
one lexical index per level, so the clearance is never a per-chunk test on the hot path.
``where()`` is the partition-local Chroma filter for the other fields (None when there is
none), ``mask()`` the same fields over a partition table's code arrays; ``allows()`` is the per-chunk test of all fields,
for the few places that look at single chunks. The clearance is mandatory: there is no "search
everything" filter.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from clausier.schema import MAX_LEVEL, MIN_LEVEL, Chunk


@dataclass(frozen=True)
class SearchFilter:
    max_level: int
    organisations: frozenset[str] = frozenset()
    doc_types: frozenset[str] = frozenset()
    doc_ids: frozenset[str] = frozenset()
    # masks already computed by this filter, per partition table: one search asks for the same
    # table's mask up to three times (dense, chunk and sentence rankings), and a question naming
    # an organisation may name hundreds of copies of it at 100 k chunks (each mask an ``isin``)
    _masks: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary, init=False,
                                               repr=False, compare=False, hash=False)

    def __post_init__(self):
        if not isinstance(self.max_level, int) or not MIN_LEVEL <= self.max_level <= MAX_LEVEL:
            raise ValueError(f"invalid clearance {self.max_level!r}")

    def levels(self) -> range:
        """The access partitions this filter may search."""
        return range(MIN_LEVEL, self.max_level + 1)

    def where(self) -> dict[str, Any] | None:
        """The Chroma filter inside one partition (None: the whole partition)."""
        clauses: list[dict[str, Any]] = []
        if self.organisations:
            clauses.append({"organisation": {"$in": sorted(self.organisations)}})
        if self.doc_types:
            clauses.append({"doc_type": {"$in": sorted(self.doc_types)}})
        if self.doc_ids:
            clauses.append({"doc_id": {"$in": sorted(self.doc_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def mask(self, table) -> np.ndarray | None:
        """Which rows of a partition table pass the organisation / type / document fields (None:
        all), from the table's code arrays: no Python call per chunk. Read-only: computed once
        per table by this filter."""
        if not (self.organisations or self.doc_types or self.doc_ids):
            return None
        known = self._masks.get(table)
        if known is not None:
            return known
        mask = None
        for name, wanted in (("organisation", self.organisations), ("doc_type", self.doc_types), ("doc_id", self.doc_ids)):
            if wanted:
                part = table.mask(name, wanted)
                mask = part if mask is None else mask & part
        mask.setflags(write=False)
        self._masks[table] = mask
        return mask

    def allows(self, chunk: Chunk) -> bool:
        return (
            chunk.level <= self.max_level
            and (not self.organisations or chunk.organisation in self.organisations)
            and (not self.doc_types or chunk.doc_type in self.doc_types)
            and (not self.doc_ids or chunk.doc_id in self.doc_ids)
        )

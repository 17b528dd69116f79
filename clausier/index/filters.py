"""One search filter, applied the same way on both sides of the index.

``where()`` is the Chroma filter, ``allows()`` the lexical-side test; both come from the same
fields so the two retrievers can never disagree on what a caller may see. The clearance is
mandatory: there is no "search everything" filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clausier.schema import MAX_LEVEL, MIN_LEVEL, Chunk


@dataclass(frozen=True)
class SearchFilter:
    max_level: int
    organisations: frozenset[str] = frozenset()
    doc_types: frozenset[str] = frozenset()
    doc_ids: frozenset[str] = frozenset()

    def __post_init__(self):
        if not isinstance(self.max_level, int) or not MIN_LEVEL <= self.max_level <= MAX_LEVEL:
            raise ValueError(f"invalid clearance {self.max_level!r}")

    def where(self) -> dict[str, Any]:
        clauses: list[dict[str, Any]] = [{"level": {"$lte": self.max_level}}]
        if self.organisations:
            clauses.append({"organisation": {"$in": sorted(self.organisations)}})
        if self.doc_types:
            clauses.append({"doc_type": {"$in": sorted(self.doc_types)}})
        if self.doc_ids:
            clauses.append({"doc_id": {"$in": sorted(self.doc_ids)}})
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def allows(self, chunk: Chunk) -> bool:
        return (
            chunk.level <= self.max_level
            and (not self.organisations or chunk.organisation in self.organisations)
            and (not self.doc_types or chunk.doc_type in self.doc_types)
            and (not self.doc_ids or chunk.doc_id in self.doc_ids)
        )

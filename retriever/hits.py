"""Fused candidates made hits: only what can be returned is decoded.

A candidate is located in the partition tables by id; its chunk (text and metadata) is decoded
from the table's records only when it may be returned: the first ``depth`` candidates (those
the reranker reads). When organisations take turns (a question naming several), the rest take
part in the turns as ``Pending`` entries (id, score and organisation, read from the table's
code arrays) and are decoded only if a turn brings them into the first k.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from clausier.index.filters import SearchFilter
from clausier.index.partition_table import PartitionTable
from clausier.schema import Hit

from .catalogue import View


@dataclass(frozen=True)
class Pending:
    """A candidate not decoded yet: what the organisation turns read of a hit."""

    chunk_id: str
    score: float
    table: PartitionTable
    row: int

    @property
    def organisation(self) -> str:
        """Read from the table's code arrays (only the organisation turns ask)."""
        return self.table.vocab["organisation"][int(self.table.codes("organisation")[self.row])]

    def hit(self, flt: SearchFilter) -> Hit | None:
        chunk = self.table.chunk(self.row)
        return Hit.of(chunk, self.score) if flt.allows(chunk) else None


def candidates(view: View, fused: Sequence[tuple[str, float]], flt: SearchFilter) -> list[Pending]:
    """The fused candidates this instance holds, in order, undecoded."""
    ids = [cid for cid, _ in fused]
    found: list[tuple[PartitionTable, int] | None] = [None] * len(ids)
    todo = list(range(len(ids)))  # looked up in the next partition: those not found so far
    for level in flt.levels():
        if not todo:
            break
        table = view.partitions[level].table
        rest = []
        for i, row in zip(todo, table.rows_of([ids[i] for i in todo]).tolist()):
            if row >= 0:
                found[i] = (table, row)
            else:
                rest.append(i)
        todo = rest
    return [Pending(cid, score, *place) for (cid, score), place in zip(fused, found) if place is not None]


def decoded(pending: Sequence[Pending], flt: SearchFilter, depth: int) -> tuple[list[Hit], list[Pending]]:
    """The first ``depth`` candidates the filter allows, as hits, and the candidates after them.
    Every candidate comes from an allowed partition: the per-hit check is a second lock."""
    hits: list[Hit] = []
    for i, entry in enumerate(pending):
        if len(hits) >= depth:
            return hits, list(pending[i:])
        hit = entry.hit(flt)
        if hit is not None:
            hits.append(hit)
    return hits, []


def first(items: Sequence[Hit | Pending], flt: SearchFilter, k: int) -> list[Hit]:
    """The first k of ``items`` as hits (pending ones decoded, those the filter refuses skipped)."""
    out: list[Hit] = []
    for item in items:
        if len(out) >= k:
            break
        hit = item.hit(flt) if isinstance(item, Pending) else item
        if hit is not None:
            out.append(hit)
    return out

"""Clause context for answering: a hit that is one part of a long clause, read with the next
part.

A long clause is indexed as overlapping windows so that each stays a sharp embedding; but the
sentence a window ends on often continues in the next one (« … sont les suivantes : » then the
list). Before answering, each such hit is widened to the next part (``after``; ``before``
parts may be added too, which measured worse), joined back into verbatim clause text, so a
quote may run across the window boundary. The widened hit keeps its chunk id and score; its
page is where its text starts and its page breaks are its parts' breaks, so a quote from the
next part cites the page it sits on; it reads its segments from its clause's structure (stored at
ingest, see ``clausier.reading.sentences.segments_of``). A later hit already inside a widened one is dropped. Neighbours come from the same clause of
the same document, so they carry the same level; they are checked against the caller's filter
all the same.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Mapping, Sequence

from clausier.index.parts import join_parts_at
from clausier.schema import Chunk, Hit, PageBreaks


def clause_parts(chunks: Mapping[str, Chunk]) -> dict[tuple[str, int], tuple[Chunk, ...]]:
    """Every clause's chunks in part order, keyed by (document, clause ordinal)."""
    by_clause: dict[tuple[str, int], list[Chunk]] = {}
    for chunk in chunks.values():
        by_clause.setdefault((chunk.doc_id, chunk.ordinal), []).append(chunk)
    return {key: tuple(sorted(parts, key=lambda c: c.part)) for key, parts in by_clause.items()}


def widen(
    hits: Sequence[Hit],
    chunks: Mapping[str, Chunk],
    parts: Mapping[tuple[str, int], Sequence[Chunk]],
    allows: Callable[[Chunk], bool],
    *,
    before: int = 0,
    after: int = 1,
) -> list[Hit]:
    """``hits`` in order, each part of a multi-part clause widened by ``before`` / ``after``
    neighbouring parts; a later hit already inside a widened one is dropped."""
    out: list[Hit] = []
    covered: set[str] = set()
    for hit in hits:
        if hit.chunk_id in covered:
            continue
        chunk = chunks.get(hit.chunk_id)
        siblings = [c for c in parts.get((hit.doc_id, hit.ordinal), ()) if allows(c)] if chunk else []
        index = next((i for i, c in enumerate(siblings) if c.chunk_id == hit.chunk_id), None)
        if index is None or len(siblings) < 2:
            covered.add(hit.chunk_id)
            out.append(hit)
            continue
        window = siblings[max(0, index - before) : index + after + 1]
        covered.update(c.chunk_id for c in window)
        text, starts = join_parts_at(window)
        out.append(replace(hit, text=text, part_start=window[0].part_start, repaired=any(c.repaired for c in window),
                           page=window[0].page, page_breaks=_joined_breaks(window, starts)))
    return out


def _joined_breaks(window: Sequence[Chunk], starts: Sequence[int]) -> PageBreaks:
    """The page changes inside the joined text of ``window``, whose parts start at ``starts``."""
    marks = sorted(
        (start + offset, number)
        for chunk, start in zip(window, starts)
        for offset, number in ((0, chunk.page), *chunk.page_breaks)
        if number is not None
    )
    breaks, page = [], window[0].page
    for offset, number in marks:
        if offset > 0 and number != page:
            breaks.append((offset, number))
            page = number
    return tuple(breaks)

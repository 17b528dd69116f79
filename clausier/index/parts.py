"""A long clause is indexed as overlapping parts; ingest stores where each part starts in the
clause's text, so parts are joined back exactly, without guessing their overlap."""

from __future__ import annotations

from typing import Sequence

from clausier.schema import Chunk


def join_parts(parts: Sequence[Chunk]) -> str:
    """The clause text covered by ``parts`` (parts of one clause, in part order)."""
    return join_parts_at(parts)[0]


def join_parts_at(parts: Sequence[Chunk]) -> tuple[str, tuple[int, ...]]:
    """The clause text covered by ``parts`` and the offset in it at which each part starts.

    Parts that do not meet (one between them is missing, or an index written before parts
    carried their offsets) are kept apart by a line break."""
    text, starts = "", []
    for index, part in enumerate(parts):
        start = part.part_start - parts[0].part_start
        if index and not 0 < start <= len(text):
            start = len(text) + 1
            text += "\n"
        text = text[:start] + part.text if start + len(part.text) >= len(text) else text
        starts.append(start)
    return text, tuple(starts)

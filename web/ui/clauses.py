"""Clause text for display: the parts of a long clause joined back, quotes highlighted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from clausier.index.parts import join_parts
from clausier.schema import Chunk, HEADING_SEPARATOR
from clausier.textnorm import SYMBOL_BULLETS

from .render import esc

_QUOTED = re.compile(r"«\s(.+?)\s»\s\[(\d+)\]")


@dataclass(frozen=True)
class ClauseUnit:
    """One clause of a document as the reader sees it (all its chunks joined)."""

    first: Chunk
    text: str
    chunk_ids: tuple[str, ...]
    last_page: int | None = None  # the page the clause ends on

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.first.heading.split(HEADING_SEPARATOR) if p.strip())


def clause_units(chunks: Iterable[Chunk]) -> list[ClauseUnit]:
    """A document's chunks (in reading order) grouped into clauses."""
    by_ordinal: dict[int, list[Chunk]] = {}
    for chunk in chunks:
        by_ordinal.setdefault(chunk.ordinal, []).append(chunk)
    units = []
    for ordinal in sorted(by_ordinal):
        parts = sorted(by_ordinal[ordinal], key=lambda c: c.part)
        last = parts[-1].page_breaks[-1][1] if parts[-1].page_breaks else parts[-1].page
        units.append(ClauseUnit(parts[0], join_parts(parts), tuple(c.chunk_id for c in parts), last))
    return units


def unit_for(units: Sequence[ClauseUnit], chunk_id: str) -> ClauseUnit | None:
    return next((u for u in units if chunk_id in u.chunk_ids), None)


def quote_pieces(answer_text: str, n: int, quote: str = "") -> list[str]:
    """The verbatim pieces the answer quotes for citation ``n`` (« … » [n]), else the quote's lines."""
    pieces = [m.group(1) for m in _QUOTED.finditer(answer_text or "") if int(m.group(2)) == n]
    if not pieces and quote:
        pieces = [line for line in quote.split("\n") if line.strip()]
    return pieces


def _piece_pattern(piece: str) -> re.Pattern[str] | None:
    words = piece.split()
    if not words:
        return None
    # the answer collapses the PDF's line breaks to spaces; bullets may sit between lines
    return re.compile(rf"[\s{SYMBOL_BULLETS}]+".join(re.escape(w) for w in words))


def highlight_spans(text: str, pieces: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for piece in pieces:
        pattern = _piece_pattern(piece)
        match = pattern.search(text) if pattern else None
        if match:
            spans.append((match.start(), match.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted_html(text: str, pieces: Iterable[str]) -> str:
    """The clause text, escaped, with each quoted piece in <mark>; line breaks kept."""
    out, at = [], 0
    for start, end in highlight_spans(text, pieces):
        out.append(esc(text[at:start]))
        out.append(f"<mark class='cl-hl'>{esc(text[start:end])}</mark>")
        at = end
    out.append(esc(text[at:]))
    return "".join(out).replace("\n", "<br>")

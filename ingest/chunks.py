"""Clauses → chunks: one chunk per clause, long clauses split on sentences with a small overlap.

Each chunk also carries its clause's structure, found once here: the clause's segments
(sentences, list items, headings, table rows) and where the chunk starts in the clause's text.

Each chunk carries a short header (document title › heading path) that is embedded and indexed
with the text, so the heading's words count for retrieval.
"""

from __future__ import annotations

import re
from typing import Iterable

from clausier.reading.sentences import clause_segments
from clausier.schema import HEADING_SEPARATOR, Chunk, Clause, DocumentInfo, PageBreaks, chunk_id_for, page_at

MAX_CHUNK_CHARS = 1400
MIN_CLAUSE_WORDS = 12
OVERLAP_SENTENCES = 1
# Sentence ends: . ! ? ; before a capital, bullet or digit, or a line break; not after the
# abbreviations « art. » and « c.-à-d. » that legal text uses mid-sentence.
_SENTENCE_END = re.compile(
    r"(?<!\bart\.)(?<!c\.-à-d\.)(?<=[.!?;])\s+(?=[A-ZÀ-ÖØ-Þ«(•\-–0-9])|\n+"
)


def split_sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, whitespace trimmed."""
    spans, start = [], 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + len(piece.rstrip())))
        if match:
            start = match.end()
    return spans


def header_for(info: DocumentInfo, clause: Clause) -> str:
    path = HEADING_SEPARATOR.join(clause.heading_path)
    return f"{info.title}{HEADING_SEPARATOR}{path}" if path else info.title


def _windows(text: str) -> list[tuple[int, str]]:
    """(start offset, window): the clause text, or overlapping runs of whole sentences of at
    most MAX_CHUNK_CHARS.

    Each window is a verbatim slice of the clause text, so quotes stay exact.
    """
    if len(text) <= MAX_CHUNK_CHARS:
        return [(0, text)]
    spans = sentence_spans(text)
    windows: list[list[tuple[int, int]]] = [[]]
    for span in spans:
        current = windows[-1]
        if current and span[1] - current[0][0] > MAX_CHUNK_CHARS:
            windows.append(current[-OVERLAP_SENTENCES:] if OVERLAP_SENTENCES else [])
        windows[-1].append(span)
    return [(w[0][0], text[w[0][0] : w[-1][1]]) for w in windows if w]


def _page_starts(group: list[Clause]) -> PageBreaks:
    """(offset in the group's joined text, page number) of each clause start and page break."""
    starts: list[tuple[int, int]] = []
    base = 0
    for clause in group:
        if clause.page is not None:
            starts.append((base, clause.page))
        starts += [(base + offset, page) for offset, page in clause.page_breaks]
        base += len(clause.text) + 1  # the "\n" that joins the group's clauses
    return tuple(starts)


def _breaks_in(starts: PageBreaks, offset: int, length: int, page: int | None) -> PageBreaks:
    """The page changes inside the window ``[offset, offset + length)`` starting on ``page``,
    as offsets in the window."""
    breaks = []
    for start, number in starts:
        if offset < start < offset + length and number != page:
            breaks.append((start - offset, number))
            page = number
    return tuple(breaks)


def _is_small(clause: Clause) -> bool:
    """A list item (« 2.3.2 Les cookies fonctionnels ; ») or a title block: too thin to stand alone."""
    return clause.kind != "table_row" and len(clause.text.split()) < MIN_CLAUSE_WORDS


def _section(clause: Clause) -> str:
    return clause.heading_path[0] if clause.heading_path else ""


def _groups(clauses: Iterable[Clause]) -> list[list[Clause]]:
    """Clauses grouped into retrieval units: a small clause joins the previous clause of its
    section (its parent or a sibling item); small leading clauses join the next clause."""
    groups: list[list[Clause]] = []
    pending: list[Clause] = []
    for clause in clauses:
        if not clause.text.strip() or clause.text.strip() == clause.heading.strip():
            continue  # a heading with no body lives on in its children's heading paths
        previous = groups[-1][-1] if groups else None
        if _is_small(clause) and previous is not None and previous.kind != "table_row" \
                and _section(previous) == _section(clause):
            groups[-1].append(clause)
        elif _is_small(clause) and previous is None:
            pending.append(clause)
        else:
            groups.append(pending + [clause])
            pending = []
    if pending:
        groups.append(pending)
    return groups


def _lead(group: list[Clause]) -> Clause:
    return next((c for c in group if not _is_small(c)), group[0])


def chunks_for(info: DocumentInfo, clauses: Iterable[Clause]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for group in _groups(clauses):
        lead = _lead(group)
        text = "\n".join(c.text for c in group)
        repaired = [c for c in group if c.repaired]
        original = "\n".join(c.original_text or c.text for c in group) if repaired else None
        confidence = min((c.repair_confidence for c in repaired if c.repair_confidence is not None), default=None)
        header = header_for(info, lead)
        page = lead.page if lead.page is not None else group[0].page
        starts = _page_starts(group)
        segments = clause_segments(text, lead.heading_label, lead.kind)
        for part, (offset, window) in enumerate(_windows(text)):
            # a later part of a long clause: the page it starts on
            start_page = page if part == 0 else page_at(page, starts, offset)
            chunks.append(
                Chunk(
                    chunk_id=chunk_id_for(info.doc_id, lead.number, lead.ordinal, part, window),
                    doc_id=info.doc_id,
                    title=info.title,
                    organisation=info.organisation,
                    doc_type=info.doc_type,
                    level=info.level,
                    clause=lead.number,
                    heading=lead.heading_label,
                    page=start_page,
                    text=window,
                    header=header,
                    ordinal=lead.ordinal,
                    part=part,
                    kind=lead.kind,
                    repaired=bool(repaired),
                    repair_confidence=confidence,
                    original_text=original,
                    page_breaks=_breaks_in(starts, offset, len(window), start_page),
                    part_start=offset,
                    segments=segments,
                )
            )
    return chunks

"""Clauses → chunks: one chunk per clause, long clauses split on sentences with a small overlap.

Each chunk carries a short header (document title › heading path) that is embedded and indexed
with the text, so the heading's words count for retrieval.
"""

from __future__ import annotations

import re
from typing import Iterable

from clausier.schema import HEADING_SEPARATOR, Chunk, Clause, DocumentInfo, chunk_id_for

MAX_CHUNK_CHARS = 1400
OVERLAP_SENTENCES = 1
# Sentence ends: . ! ? ; before a capital, bullet or digit, or a line break; not after the
# abbreviations « art. » and « c.-à-d. » that legal text uses mid-sentence.
_SENTENCE_END = re.compile(
    r"(?<!\bart\.)(?<!c\.-à-d\.)(?<=[.!?;])\s+(?=[A-ZÀ-ÖØ-Þ«(•\-–0-9])|\n+"
)


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def header_for(info: DocumentInfo, clause: Clause) -> str:
    path = HEADING_SEPARATOR.join(clause.heading_path)
    return f"{info.title}{HEADING_SEPARATOR}{path}" if path else info.title


def _windows(text: str) -> list[str]:
    """The clause text, or consecutive sentence windows of at most MAX_CHUNK_CHARS."""
    if len(text) <= MAX_CHUNK_CHARS:
        return [text]
    sentences = split_sentences(text)
    windows: list[list[str]] = [[]]
    for sentence in sentences:
        current = windows[-1]
        if current and sum(len(s) + 1 for s in current) + len(sentence) > MAX_CHUNK_CHARS:
            windows.append(current[-OVERLAP_SENTENCES:] if OVERLAP_SENTENCES else [])
        windows[-1].append(sentence)
    return [" ".join(window) for window in windows if window]


def chunks_for(info: DocumentInfo, clauses: Iterable[Clause]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for clause in clauses:
        # A heading with no body (« 6. VOS DROITS ») lives on in its children's heading paths.
        if not clause.text.strip() or clause.text.strip() == clause.heading.strip():
            continue
        header = header_for(info, clause)
        heading = clause.heading_label
        for part, text in enumerate(_windows(clause.text)):
            chunks.append(
                Chunk(
                    chunk_id=chunk_id_for(info.doc_id, clause.number, clause.ordinal, part, text),
                    doc_id=info.doc_id,
                    title=info.title,
                    organisation=info.organisation,
                    doc_type=info.doc_type,
                    level=info.level,
                    clause=clause.number,
                    heading=heading,
                    page=clause.page,
                    text=text,
                    header=header,
                    ordinal=clause.ordinal,
                    part=part,
                    kind=clause.kind,
                    repaired=clause.repaired,
                    repair_confidence=clause.repair_confidence,
                    original_text=clause.original_text,
                )
            )
    return chunks

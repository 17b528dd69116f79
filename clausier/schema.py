"""Typed values passed between the pipeline stages.

corpus files ──ingest──▶ SourceDoc ──repair──▶ SourceDoc (repaired) ──▶ Clause ──▶ Chunk ──▶ index
question ──retriever──▶ Hit[] ──answer──▶ Answer(text, citations, abstained)

Every value is a small frozen dataclass; Chroma, LangChain and Gradio objects never cross a
stage boundary.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any, Protocol, Sequence

LEVEL_NAMES = {
    0: "0 – non classifié",
    1: "1 – usage interne",
    2: "2 – diffusion limitée",
    3: "3 – secret",
}
MIN_LEVEL, MAX_LEVEL = 0, 3
HEADING_SEPARATOR = " › "

# (offset in a text, page number) of each later page starting inside that text, in order
PageBreaks = tuple[tuple[int, int], ...]


def page_at(page: int | None, breaks: PageBreaks, offset: int) -> int | None:
    """The page on which character ``offset`` of a text lies, the text starting on ``page``."""
    for start, number in breaks:
        if start > offset:
            break
        page = number
    return page


@dataclass(frozen=True)
class DocumentInfo:
    """Manifest entry of one document (who wrote it, what it is, who may read it)."""

    doc_id: str
    title: str
    organisation: str
    doc_type: str
    language: str = "fr"
    level: int = 3
    source: str = ""
    page_breaks: str = "none"  # "none" | "leading-space" (text extracted from a PDF)


@dataclass(frozen=True)
class Page:
    """One page of a document; ``number`` is None when the format has no pages."""

    number: int | None
    text: str


@dataclass(frozen=True)
class RepairedLine:
    """One line the repair stage rewrote. Repair never adds or removes lines, so
    (page index, line index) address the same line before and after it."""

    page_index: int
    line: int
    original: str
    repaired: str
    confidence: float
    method: str  # "ftfy" | "font-cmap" | "cipher"


@dataclass(frozen=True)
class SourceDoc:
    """A loaded document: its manifest entry, its pages, the hash of the raw bytes."""

    info: DocumentInfo
    path: str
    pages: tuple[Page, ...]
    content_hash: str
    repairs: tuple[RepairedLine, ...] = ()
    low_confidence: tuple[RepairedLine, ...] = ()  # reported, their text left as found

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)


@dataclass(frozen=True)
class Clause:
    """A numbered or headed unit of a document (or one row of a table).

    ``start``/``end`` are character offsets in ``SourceDoc.text``; ``heading_path`` runs from
    the outermost heading to this clause's own (e.g. ("ARTICLE 8 - Vos droits", "8.1")).
    """

    doc_id: str
    number: str
    heading: str
    heading_path: tuple[str, ...]
    text: str
    page: int | None
    start: int
    end: int
    ordinal: int = 0
    kind: str = "clause"  # "clause" | "table_row" | "preamble"
    repaired: bool = False
    repair_confidence: float | None = None
    original_text: str | None = None
    # (offset in ``text``, page number) where a later page starts inside the clause
    page_breaks: PageBreaks = ()

    @property
    def heading_label(self) -> str:
        return HEADING_SEPARATOR.join(self.heading_path)


SENTENCE, ITEM, HEADING, ROW = "sentence", "item", "heading", "row"  # the kinds of segment


@dataclass(frozen=True)
class Segment:
    """A quotable span ``text[start:end]`` of one clause: a sentence, a list item, a heading or
    a table row.

    ``block`` numbers the paragraph or item the span belongs to; ``intro`` marks a sentence ending
    with « : » that introduces a list; ``list_of`` is, for list items, the index of the segment
    introducing the list (the first item itself when nothing precedes it), None otherwise.
    """

    start: int
    end: int
    kind: str
    block: int
    intro: bool = False
    list_of: int | None = None


@dataclass(frozen=True)
class Chunk:
    """What the index stores: a clause (or part of a long one) plus document metadata, with the
    clause's structure (its segments and where this part starts in it)."""

    chunk_id: str
    doc_id: str
    title: str
    organisation: str
    clause: str
    heading: str
    page: int | None
    text: str
    level: int
    doc_type: str = ""
    header: str = ""  # document title › heading path, embedded and indexed with ``text``
    ordinal: int = 0  # the clause's place in its document
    part: int = 0
    kind: str = "clause"
    repaired: bool = False
    repair_confidence: float | None = None
    original_text: str | None = None
    page_breaks: PageBreaks = ()  # later pages starting inside ``text`` (``page`` is the first)
    # where ``text`` starts in its clause's text (a long clause is indexed as overlapping parts)
    part_start: int = 0
    # the clause's segments (offsets in the clause's text, found once at ingest); () when unknown
    segments: tuple[Segment, ...] = ()

    @property
    def embed_text(self) -> str:
        return f"{self.header}\n{self.text}"

    def page_at(self, offset: int) -> int | None:
        """The page on which character ``offset`` of ``text`` lies."""
        return page_at(self.page, self.page_breaks, offset)


_CHUNK_FIELDS = tuple(f.name for f in fields(Chunk))  # read once: Hit.of runs per search candidate


def chunk_id_for(doc_id: str, clause: str, ordinal: int, part: int, text: str) -> str:
    """Stable id: the same document, clause and text always give the same id."""
    digest = hashlib.sha256(f"{doc_id}\x1f{clause}\x1f{ordinal}\x1f{part}\x1f{text}".encode())
    return f"{doc_id}:{digest.hexdigest()[:16]}"


@dataclass(frozen=True)
class Hit(Chunk):
    """A retrieved chunk: the chunk itself plus the score it was found with and its rank."""

    score: float = 0.0
    rank: int = 0  # 1-based position in the ranking the retriever returned (0: not ranked yet)

    @classmethod
    def of(cls, chunk: Chunk, score: float) -> Hit:
        """``chunk`` found with ``score``."""
        return cls(**{name: getattr(chunk, name) for name in _CHUNK_FIELDS}, score=round(float(score), 6))

    def public(self) -> dict[str, Any]:
        """What /api/retrieve and the LangChain adapter return of a hit."""
        return {name: getattr(self, name) for name in PUBLIC_HIT_FIELDS}


# the fields a hit shows to other systems (the index's internals, such as segments, stay inside)
PUBLIC_HIT_FIELDS = ("chunk_id", "doc_id", "title", "organisation", "clause", "heading", "page", "text", "score", "rank",
                     "level", "doc_type", "ordinal", "kind", "repaired", "repair_confidence", "original_text",
                     "page_breaks")


@dataclass(frozen=True)
class Citation:
    """A numbered reference ``[n]`` in an answer; ``quote`` is verbatim clause text."""

    n: int
    doc_id: str
    title: str
    organisation: str
    clause: str
    heading: str
    page: int | None
    quote: str
    chunk_id: str
    level: int
    clause_text: str = ""
    repaired: bool = False
    end_page: int | None = None  # the page the quote ends on, when it runs past ``page``
    translation: str | None = None  # machine translation of ``quote`` (English answers); not a citation


@dataclass(frozen=True)
class Answer:
    """The answerer's output. Never persisted anywhere (Looper-AI's practice)."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    language: str
    see_also: tuple[Hit, ...] = ()
    hits: tuple[Hit, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Caller:
    """Who is asking: a user name, a clearance level 0–3 and whether they administer."""

    user: str
    clearance: int
    is_admin: bool = False

    @classmethod
    def anonymous(cls, clearance: int = 0) -> "Caller":
        return cls(user="anonymous", clearance=clearance)


def clearance_of(caller: "Caller | None") -> int:
    """The caller's clearance, 0 when missing or invalid (fail closed)."""
    value = getattr(caller, "clearance", None)
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_LEVEL <= value <= MAX_LEVEL:
        return MIN_LEVEL
    return value


class Answerer(Protocol):
    """The answer stage's interface (the extractive answerer, the LLM reader)."""

    def answer(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> Answer:
        """An answer grounded in ``hits`` (verbatim quotes, numbered citations) or an abstention."""
        ...

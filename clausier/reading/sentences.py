"""Split a clause's text into quotable segments: sentences, list items, headings (ingest does it
once per clause and stores them; the answer stage reads them with ``segments_of``).

Every segment is an offset pair into the clause text, so ``text[start:end]`` is a verbatim
quote. Built for French legal text as extracted from PDFs and web pages: hard-wrapped lines,
blank lines inside sentences, bullets (● • - Á …), numbered items (2.3.1, a), (b)), « : »
introductions followed by lists, and abbreviations (« art. », « c.-à-d. », « n° », « ex. »)
that must not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from clausier.reading.cues import MONTHS
from clausier.schema import HEADING, ITEM, ROW, SENTENCE, Chunk, Segment
from clausier.textnorm import DASH_BULLETS, FONT_BULLETS, LINE_BULLETS, SYMBOL_BULLETS, fold

__all__ = ["HEADING", "ITEM", "ROW", "SENTENCE", "Segment", "clause_segments", "segments_in", "segments_of",
           "split_clause"]

_BULLET = re.compile(
    rf"[ \t]*(?:[{re.escape(LINE_BULLETS + FONT_BULLETS)}]|[{DASH_BULLETS}](?=\s)|\(?[a-zA-Z]\)(?=\s)"
    r"|\(?[ivx]{1,4}\)(?=\s)|\d+\)(?=\s))[ \t]*"
)
_INLINE_BULLET = re.compile(rf"(?<=\S)\s+(?=[{SYMBOL_BULLETS + FONT_BULLETS}]\s)")
_NUMBERED = re.compile(r"[ \t]*\d+(?:\.\d+)+\.?(?=\s)")
_CLAUSE_NUMBER = re.compile(
    r"(?:[IVX]+(?:\.\d+)*\.?|\d+(?:\.\d+)+\.?|\d+\.)(?:\s+[–—-])?\s+(?=\S)"
)
_TERMINAL = ".!?…"
# a full date (« 25 janvier 2023 », « 1er mai 2018 », « 25/01/2023 »), folded text
_DATED = re.compile(rf"\b\d{{1,2}}(er)? ({MONTHS}|may) \d{{4}}\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}\b")
_CLOSERS = "»”\"')]’"
_BOUNDARY = re.compile(rf"[.!?…][»”\"')\]’]*(?=\s+[«“\"(\[]?\s*[A-ZÀ-ÖØ-Þ{SYMBOL_BULLETS}])")
_ABBREVIATIONS = frozenset(
    """art arts al c cf ch chap ex env etc_no fig id ibid m mm mme mmes mlle dr me mr mrs ms n no nos
    p pp par ref réf resp s sq st ste sté vol min max cie av bd e.g i.e vs
    approx art.l annexe""".split()
)
LONG_ITEM = 160
# words that open a French sentence or paragraph (« Les … », « Dans le cadre … »)
_OPENERS = "Les|Le|La|Il|Elle|Ils|Elles|Nous|Vous|Ce|Cette|Ces|Si|En|Dans|Toute|Tous|Toutes|Notre|Nos|Aucun|Aucune"
# two sentences run together where the source lost the full stop: a word (or a closing bracket,
# quote) then a capitalised opener
RUN_ON = re.compile(rf"(?<=[\w®)”»])\s+(?=(?:{_OPENERS})\s)")
_NEW_PARAGRAPH = re.compile(rf"\s*(?:{_OPENERS}|Pour)\s")  # a line after a bullet
_WORD_BEFORE = re.compile(r"([\wÀ-ÿ.\-]+)$")


@dataclass
class _Block:
    start: int
    end: int
    bullet: bool
    content_start: int
    numbered: bool = False


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without the newline; a bullet inside a line (text whose line
    breaks were joined into spaces) starts a new line."""
    spans, pos = [], 0
    for line in text.split("\n"):
        cuts = [pos + m.start() for m in _INLINE_BULLET.finditer(line)]
        for start, end in zip([pos, *cuts], [*cuts, pos + len(line)]):
            spans.append((start, end))
        pos += len(line) + 1
    return spans


def _bullet_end(text: str, start: int, end: int) -> int | None:
    match = _BULLET.match(text, start, end)
    if match and match.end() < end and not text[match.end() : end].isspace():
        return match.end()
    return None


def _ends_block(tail: str, list_mode: bool) -> bool:
    tail = tail.rstrip().rstrip(_CLOSERS)
    if not tail:
        return False
    if tail[-1] in _TERMINAL + ":;":
        return True
    return list_mode and tail[-1] == ","


def _is_heading_line(line: str, headings: frozenset[str]) -> bool:
    folded = " ".join(fold(line).split()).rstrip(" :")
    return bool(folded) and folded in headings


def _heading_parts(heading: str) -> frozenset[str]:
    parts = {" ".join(fold(p).split()).rstrip(" :") for p in heading.split("›")}
    parts |= {_CLAUSE_NUMBER.sub("", p, count=1) for p in parts}
    return frozenset(p for p in parts if p)


def _blocks(text: str, heading: str = "") -> list[_Block]:
    """Group wrapped lines into paragraphs and list items."""
    headings = _heading_parts(heading)
    after_heading = False
    blocks: list[_Block] = []
    blank_before = True
    list_mode = False
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            blank_before = True
            continue
        bullet_end = _bullet_end(text, start, end)
        first = len(line) - len(line.lstrip())
        content_start = bullet_end if bullet_end is not None else start + first
        numbered = bullet_end is None and _NUMBERED.match(line) is not None
        is_heading = _is_heading_line(line, headings)
        new = bullet_end is not None or numbered or not blocks or is_heading or after_heading
        after_heading = is_heading
        if not new:
            prev = blocks[-1]
            prev_tail = text[prev.start : prev.end]
            starts_lower = line.lstrip()[:1].islower()
            if _ends_block(prev_tail, list_mode):
                new = not (starts_lower and not list_mode and prev_tail.rstrip()[-1:] in ",;")
            elif blank_before and not starts_lower:
                new = True  # the previous block was a heading or a table cell
            elif prev.bullet and _NEW_PARAGRAPH.match(line):
                new = True  # a paragraph after the last bullet (« Dans le cadre … »), not its wrap
        if new:
            blocks.append(_Block(start + first, end, bullet_end is not None, content_start, numbered))
        else:
            blocks[-1].end = end
        tail = text[blocks[-1].start : blocks[-1].end].rstrip()
        if tail.endswith(":"):
            list_mode = True
        elif tail.endswith(".") and not blocks[-1].bullet:
            list_mode = False
        blank_before = False
    return blocks


def _item_end(text: str, start: int, end: int) -> int:
    """Where a long bullet item stops when the next paragraph was joined onto it (line breaks
    turned into spaces): a sentence end, or a capitalised « Les », « Il », « Nous » … after a
    word with no punctuation."""
    if end - start < LONG_ITEM:
        return end
    cuts = [m.end() for m in _BOUNDARY.finditer(text, start, end) if not _is_abbreviation(text, m.start())]
    cuts += [m.start() for m in RUN_ON.finditer(text, start + 40, end)]
    cuts = [c for c in cuts if end - c > 40]
    return min(cuts) if cuts else end


def _is_abbreviation(text: str, dot: int) -> bool:
    match = _WORD_BEFORE.search(text, 0, dot)
    if not match:
        return False
    word = match.group(1)
    last = word.split(".")[-1].split("-")[-1]
    if word.lower().endswith("à-d") or fold(last) in _ABBREVIATIONS:
        return True
    return len(last) == 1 and last.isalpha()  # an initial: « M. », « J. Dupont »


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _BOUNDARY.finditer(text, start, end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _strip_number(text: str, start: int, end: int) -> int:
    """Skip a leading clause number (« 2.3 », « II.5 – ») so the quote starts at the words."""
    match = _CLAUSE_NUMBER.match(text, start, end)
    if match and match.group(0).strip() and any(ch.isdigit() or ch in "IVX" for ch in match.group(0)):
        rest = text[match.end() : end]
        if rest[:1].isalpha() or rest[:1] in "«“\"(":
            return match.end()
    return start


def _heading_like(text: str, block: _Block, heading: str) -> bool:
    body = text[block.content_start : block.end].strip()
    if not body or block.bullet or _DATED.search(fold(body)):
        return False  # « Mis à jour le 25 janvier 2023 » states a fact: quotable, not a heading
    folded = fold(body).strip(" :")
    if heading and folded and folded in fold(heading):
        return True
    return len(body.split()) <= 12 and body.rstrip(_CLOSERS)[-1:] not in _TERMINAL + ":;,"


def split_clause(text: str, heading: str = "") -> list[Segment]:
    """Segments of one clause text, in order; leading heading lines are marked HEADING."""
    blocks = _blocks(text, heading)
    segments: list[Segment] = []
    lead = True
    list_of: int | None = None
    bullets_seen = False
    previous_item_closed = False
    for index, block in enumerate(blocks):
        has_more = index + 1 < len(blocks)
        if has_more and list_of is None and _heading_like(text, block, heading if lead else ""):
            start, end = _trim(text, block.content_start, block.end)
            segments.append(Segment(_strip_number(text, start, end), end, HEADING, index))
            continue
        lead = False
        start = block.content_start if block.bullet else _strip_number(text, block.start, block.end)
        body = text[start : block.end].strip()
        is_item = block.bullet or (
            list_of is not None
            and (block.numbered or (not bullets_seen and not previous_item_closed))
            and len(body.split()) <= 60
        )
        if is_item:
            if list_of is None:
                # bullets after a plain sentence: it introduces them; with no sentence before
                # (a chunk that starts mid-list), the first bullet stands for the list
                has_lead = segments and segments[-1].kind == SENTENCE
                list_of = len(segments) - 1 if has_lead else len(segments)
            item_end = _item_end(text, start, block.end)
            span = _trim(text, start, item_end)
            segments.append(Segment(span[0], span[1], ITEM, index, list_of=list_of))
            if item_end < block.end:  # the paragraph after the last bullet, joined onto it
                for s, e in _split_sentences(text, item_end, block.end):
                    segments.append(Segment(s, e, SENTENCE, index))
                list_of, bullets_seen, previous_item_closed = None, False, False
                continue
            bullets_seen = bullets_seen or block.bullet
            previous_item_closed = body.rstrip(_CLOSERS).endswith(".") and not block.bullet
            if body.rstrip().endswith(":"):
                list_of, bullets_seen, previous_item_closed = len(segments) - 1, False, False
            continue
        for s, e in _split_sentences(text, start, block.end):
            intro = text[s:e].rstrip().endswith(":")
            segments.append(Segment(s, e, SENTENCE, index, intro=intro))
        last = segments[-1]
        list_of = len(segments) - 1 if last.intro else None
        bullets_seen = previous_item_closed = False
    return segments


@lru_cache(maxsize=4096)
def clause_segments(text: str, heading: str = "", kind: str = "clause") -> tuple[Segment, ...]:
    """The segments of a clause's text (what ingest stores with its chunks); a table row is one
    segment."""
    if kind == "table_row":
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return (Segment(start, end, ROW, 0),) if end > start else ()
    return tuple(split_clause(text, heading))


def segments_of(chunk: Chunk) -> tuple[Segment, ...]:
    """The segments of a chunk or hit's text: read from the clause structure ingest stored,
    found again only for a chunk that carries none (built by hand, or indexed before)."""
    if chunk.segments:
        return segments_in(chunk.segments, chunk.part_start, chunk.text)
    return clause_segments(chunk.text, chunk.heading, chunk.kind)


@lru_cache(maxsize=4096)
def segments_in(segments: tuple[Segment, ...], start: int, text: str) -> tuple[Segment, ...]:
    """The segments of a clause that lie in ``text``, the span of the clause's text starting at
    ``start``, with offsets in ``text``: a segment cut by the span's edges is clipped to it, and
    a list whose introduction lies before the span is introduced by its first item inside it."""
    kept: list[Segment] = []
    moved: dict[int, int] = {}  # index in ``segments`` -> index in ``kept``
    stands_for: dict[int, int] = {}  # an introduction outside the span -> the item standing for it
    for index, seg in enumerate(segments):
        a, b = _trim(text, max(seg.start - start, 0), min(seg.end - start, len(text)))
        if b <= a:
            continue
        list_of = seg.list_of
        if list_of is not None:
            list_of = moved[list_of] if list_of in moved else stands_for.setdefault(list_of, len(kept))
        moved[index] = len(kept)
        kept.append(Segment(a, b, seg.kind, seg.block, seg.intro, list_of))
    return tuple(kept)

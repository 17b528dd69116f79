"""Text repair, the first text stage: glyph-number garble (cipher route), then classic mojibake.

``repair_document`` learns one glyph table per document (across all its pages) from the text
itself, decodes the garbled tokens, turns symbol-font bullets into ``•``, and only then lets
ftfy fix classic mojibake (``donnÃ©es``) — never over garbled spans, without NFKC and without
uncurling quotes, so clean text comes out byte-identical. Lines are never added or removed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Mapping, Sequence

from clausier.schema import RepairedLine

from .charclass import TOKEN, is_foreign, replace_bullet, symbol_bullets
from .decode import LOW_CONFIDENCE, Decoding
from .route import decode_pages
from .mojibake import fix_mojibake

log = logging.getLogger(__name__)

__all__ = ["DocumentRepair", "repair_document"]


@dataclass(frozen=True)
class DocumentRepair:
    pages: tuple[str, ...]  # repaired page texts, same number of lines per page as the input
    lines: tuple[RepairedLine, ...]  # every line changed
    low_confidence: tuple[RepairedLine, ...]  # unsure decodings: reported, text left as found
    confidence: float  # overall, 0..1
    table: Mapping[str, str]  # learned glyph → text
    chars_repaired: int
    unsure_tokens: frozenset[tuple[int, int, int]] = frozenset()  # (page, line, token index) left as found


def _decode_line(page: int, index: int, line: str, decoding: Decoding | None) -> tuple[str, float | None]:
    """The line with its garbled tokens decoded, and the line's confidence (None: untouched)."""
    if decoding is None:
        return line, None
    out, last, confs = [], 0, []
    for match in TOKEN.finditer(line):
        key = (page, index, match.start())
        if key in decoding.tokens:
            out.append(line[last : match.start()])
            out.append(decoding.tokens[key])
            last = match.end()
            confs.append((decoding.token_confidence[key], len(match.group())))
    if not confs:
        return line, None
    out.append(line[last:])
    weight = sum(w for _, w in confs)
    return "".join(out), sum(c * w for c, w in confs) / weight


def _opens_with_bullet(split: list[list[str]], key: tuple[int, int, int], bullets: frozenset[str]) -> bool:
    p, i, start = key
    line = split[p][i]
    return start == len(line) - len(line.lstrip()) and line[start] in bullets and line[start + 1 : start + 2].strip() == ""


def _attempt(line: str, p: int, i: int, decoding: Decoding, unsure: Mapping) -> str:
    """The line as the decoder would read it, unsure tokens included (for the report)."""
    out, last = [], 0
    for m in TOKEN.finditer(line):
        key = (p, i, m.start())
        reading = unsure.get(key, decoding.tokens.get(key))
        if reading is not None:
            out += [line[last : m.start()], reading]
            last = m.end()
    return "".join(out) + line[last:]


def _changed_chars(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def repair_document(pages: Sequence[str], *, reference_texts: Sequence[str] = ()) -> DocumentRepair:
    """Repair every page of one document; see the module docstring for the contract."""
    split = [page.split("\n") for page in pages]
    decoding, unsure_readings = decode_pages(split, tuple(reference_texts))
    bullets = symbol_bullets(split)
    if decoding is not None and bullets:
        # a symbol-font bullet opening a line is no glyph of the broken font: ``replace_bullet`` reads it
        decoding.tokens = {k: v for k, v in decoding.tokens.items() if not _opens_with_bullet(split, k, bullets)}
        unsure_readings = {k: v for k, v in unsure_readings.items() if not _opens_with_bullet(split, k, bullets)}
    repaired_pages, changed, unsure = [], [], []
    confs: list[float] = []
    unsure_tokens: set[tuple[int, int, int]] = set()
    for p, lines in enumerate(split):
        out_lines = []
        for i, line in enumerate(lines):
            text, conf = _decode_line(p, i, line, decoding)
            text = replace_bullet(text, bullets)
            unsure_here = [(j, m) for j, m in enumerate(TOKEN.finditer(line)) if (p, i, m.start()) in unsure_readings]
            if unsure_here:
                # any-font route: unsure tokens stay as found (reported), sure ones are decoded
                unsure_tokens.update((p, i, j) for j, _ in unsure_here)
                unsure.append(RepairedLine(p, i, line, _attempt(line, p, i, decoding, unsure_readings), 0.0, "cipher"))
                confs.append(0.0)
            if conf is not None and conf < LOW_CONFIDENCE:
                unsure.append(RepairedLine(p, i, line, text, conf, "cipher"))
                unsure_tokens.update((p, i, j) for j, (a, b) in enumerate(zip(line.split(), text.split())) if a != b)
                out_lines.append(line)
                confs.append(conf)
                continue
            method = "cipher" if text != line else "ftfy"
            if not unsure_here and not any(is_foreign(ch) for ch in text):
                text = fix_mojibake(text)
            if text != line:
                confs.append(conf if conf is not None else 1.0)
                changed.append(RepairedLine(p, i, line, text, conf if conf is not None else 1.0, method))
            out_lines.append(text)
        repaired_pages.append("\n".join(out_lines))
    confidence = sum(confs) / len(confs) if confs else 1.0
    chars = sum(_changed_chars(r.original, r.repaired) for r in changed)
    log.info("repair lines=%d low_confidence=%d chars=%d confidence=%.3f", len(changed), len(unsure), chars,
             confidence)
    return DocumentRepair(
        pages=tuple(repaired_pages),
        lines=tuple(changed),
        low_confidence=tuple(unsure),
        confidence=confidence,
        table=dict(decoding.table) if decoding else {},
        chars_repaired=chars,
        unsure_tokens=frozenset(unsure_tokens),
    )

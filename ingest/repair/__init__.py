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
from .decode import LOW_CONFIDENCE, Decoding, decode_document
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


def _changed_chars(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def repair_document(pages: Sequence[str], *, reference_texts: Sequence[str] = ()) -> DocumentRepair:
    """Repair every page of one document; see the module docstring for the contract."""
    split = [page.split("\n") for page in pages]
    decoding = decode_document(split, tuple(reference_texts))
    bullets = symbol_bullets(split)
    repaired_pages, changed, unsure = [], [], []
    confs: list[float] = []
    for p, lines in enumerate(split):
        out_lines = []
        for i, line in enumerate(lines):
            text, conf = _decode_line(p, i, line, decoding)
            text = replace_bullet(text, bullets)
            if conf is not None and conf < LOW_CONFIDENCE:
                unsure.append(RepairedLine(p, i, line, text, conf, "cipher"))
                out_lines.append(line)
                confs.append(conf)
                continue
            method = "cipher" if text != line else "ftfy"
            if not any(is_foreign(ch) for ch in text):
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
    )

"""Detection: which characters, tokens and spans of a page look like glyph-number garble.

A font embedded without a ToUnicode map makes the extractor write one character per glyph
number; for Calibri the lower case lands in Latin Extended-A/B and the punctuation in Greek,
blocks a French document never uses. Those "foreign" characters mark a garbled token. Other
characters (ASCII, Latin-1, typographic punctuation) are "native": in a garbled token they are
ambiguous (a capital's glyph can land on ``{`` or ``9``) and are resolved later, token by token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

FRENCH_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ")
FRENCH_LETTERS_ALL = FRENCH_LETTERS | frozenset(ch.upper() for ch in FRENCH_LETTERS)
APOSTROPHES = frozenset("'’‘ʼ")
# List markers a writer really types; never taken for a symbol-font bullet.
STANDARD_BULLETS = frozenset("•●◦▪■□►➢✓-–—*o·>")
TOKEN = re.compile(r"\S+")
# Blocks a French (or English) document plausibly uses, beyond ASCII and Latin-1.
_NATIVE_EXTRA = frozenset("œŒŸƒ€™№†‡‰′″ˆ˜")
_NATIVE_RANGES = (
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency symbols
    (0x2100, 0x214F),  # letterlike symbols
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0x2500, 0x27BF),  # box drawing, geometric shapes, dingbats
    (0xE000, 0xF8FF),  # private use: symbol-font bullets
    (0xFB00, 0xFB06),  # latin ligatures
)


@lru_cache(maxsize=4096)
def is_native(ch: str) -> bool:
    """True for characters a French document may genuinely contain."""
    code = ord(ch)
    if code < 0x250 and (code < 0x100 or ch in _NATIVE_EXTRA):
        return True
    if ch in _NATIVE_EXTRA or ch.isspace():
        return True
    return any(lo <= code <= hi for lo, hi in _NATIVE_RANGES)


def is_foreign(ch: str) -> bool:
    """A character from a block that makes no sense in a French document (e.g. ``ƴ``, ``Σ``)."""
    return not is_native(ch) and unicodedata.category(ch)[0] in "LSPNM"


@dataclass(frozen=True)
class GarbledToken:
    """One whitespace-delimited token holding at least one foreign character."""

    page: int
    line: int
    start: int
    text: str


@dataclass(frozen=True)
class Span:
    """A run of garbled tokens on one line (what ``--report`` shows)."""

    page: int
    line: int
    start: int
    end: int
    text: str


def garbled_tokens(pages: list[list[str]]) -> list[GarbledToken]:
    """Every token that holds a foreign character, in document order."""
    found: list[GarbledToken] = []
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            for match in TOKEN.finditer(line):
                if any(is_foreign(ch) for ch in match.group()):
                    found.append(GarbledToken(p, i, match.start(), match.group()))
    return found


def spans(pages: list[list[str]], tokens: list[GarbledToken]) -> list[Span]:
    """Merge garbled tokens separated only by spaces into spans, per line."""
    out: list[Span] = []
    for tok in tokens:
        end = tok.start + len(tok.text)
        last = out[-1] if out else None
        line = pages[tok.page][tok.line]
        if last and (last.page, last.line) == (tok.page, tok.line) and not line[last.end:tok.start].strip():
            out[-1] = Span(tok.page, tok.line, last.start, end, line[last.start:end])
        else:
            out.append(Span(tok.page, tok.line, tok.start, end, tok.text))
    return out


def symbol_bullets(pages: list[list[str]]) -> frozenset[str]:
    """Characters used as list markers that are no French letter: a symbol font's bullet.

    A one-character token opening two or more lines, native (so not cipher text), neither a
    French letter, a digit nor a marker people type (``Á`` from Symbol/Wingdings, PUA glyphs).
    """
    counts: dict[str, int] = {}
    for lines in pages:
        for line in lines:
            head = line.lstrip()[:2]
            if len(head) == 2 and head[1] == " " or len(head) == 1:
                ch = head[0]
                if is_native(ch) and ch not in FRENCH_LETTERS_ALL and ch not in STANDARD_BULLETS:
                    if ch.isalpha() or unicodedata.category(ch) == "Co":
                        counts[ch] = counts.get(ch, 0) + 1
    return frozenset(ch for ch, n in counts.items() if n >= 2)


def replace_bullet(line: str, bullets: frozenset[str]) -> str:
    """``Á RGPD`` → ``• RGPD`` when the line opens with a symbol-font bullet."""
    stripped = line.lstrip()
    if stripped and stripped[0] in bullets and (len(stripped) == 1 or stripped[1] == " "):
        lead = len(line) - len(stripped)
        return line[:lead] + "•" + line[lead + 1 :]
    return line

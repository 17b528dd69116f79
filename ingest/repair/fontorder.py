"""How real fonts number their glyphs, as candidate orders of the characters a font holds.

A font without a ToUnicode map prints glyph id + a constant. Glyph ids follow the font's
layout: the Mac standard order (TrueType ``post`` format 1: ASCII, then the Mac Roman upper
half), glyphs sorted by their Adobe glyph list name, code point order (CID fonts), or a subset
that keeps only the glyphs a document uses, in one of those orders or by first use. Each order
is a list of characters; ``positions`` measures where a printed character sits in glyph ids.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable

import numpy as np

_PUNCT = {
    "!": "exclam", '"': "quotedbl", "#": "numbersign", "$": "dollar", "%": "percent", "&": "ampersand",
    "'": "quotesingle", "(": "parenleft", ")": "parenright", "*": "asterisk", "+": "plus", ",": "comma",
    "-": "hyphen", ".": "period", "/": "slash", ":": "colon", ";": "semicolon", "<": "less", "=": "equal",
    ">": "greater", "?": "question", "@": "at", "[": "bracketleft", "\\": "backslash", "]": "bracketright",
    "^": "asciicircum", "_": "underscore", "`": "grave", "{": "braceleft", "|": "bar", "}": "braceright",
    "~": "asciitilde", "«": "guillemotleft", "»": "guillemotright", "’": "quoteright", "‘": "quoteleft",
    "“": "quotedblleft", "”": "quotedblright", "‚": "quotesinglbase", "„": "quotedblbase", "–": "endash",
    "—": "emdash", "…": "ellipsis", "•": "bullet", "€": "Euro", "°": "degree", "©": "copyright",
    "®": "registered", "™": "trademark", "§": "section", "¶": "paragraph", "œ": "oe", "Œ": "OE", "æ": "ae",
    "Æ": "AE", "·": "periodcentered", "\u00a0": "uni00A0", " ": "space",
}
# names of the Mac set beyond that core: some font tools write them, others name the glyphs uniXXXX
_EXTENDED = {
    "ß": "germandbls", "ø": "oslash",
    "Ø": "Oslash", "¡": "exclamdown", "¿": "questiondown", "¢": "cent", "£": "sterling", "¥": "yen",
    "¤": "currency", "¦": "brokenbar", "¨": "dieresis", "ª": "ordfeminine", "º": "ordmasculine",
    "¬": "logicalnot", "¯": "macron", "±": "plusminus", "´": "acute", "µ": "mu", "¸": "cedilla",
    "×": "multiply", "÷": "divide", "†": "dagger", "‡": "daggerdbl", "‰": "perthousand", "ƒ": "florin",
    "ˆ": "circumflex", "˜": "tilde", "‹": "guilsinglleft", "›": "guilsinglright", "ı": "dotlessi",
    "≤": "lessequal", "≥": "greaterequal", "≠": "notequal", "∞": "infinity", "π": "pi", "Ω": "Omega",
}
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MARKS = {"0301": "acute", "0300": "grave", "0302": "circumflex", "0308": "dieresis", "0327": "cedilla",
          "0303": "tilde", "030A": "ring", "030C": "caron", "0306": "breve", "0304": "macron"}


def glyph_name(ch: str, extended: bool = True) -> str:
    """The Adobe glyph list name of a character (``eacute``, ``comma``), else ``uniXXXX``.

    ``extended=False``: only the core names (ASCII, accented letters, common typography).
    """
    if ch in _PUNCT:
        return _PUNCT[ch]
    if ch in _EXTENDED:
        return _EXTENDED[ch] if extended else f"uni{ord(ch):04X}"
    if "0" <= ch <= "9":
        return _DIGITS[int(ch)]
    if ch.isascii() and ch.isalpha():
        return ch
    parts = unicodedata.decomposition(ch).split()
    if len(parts) == 2 and parts[1] in _MARKS and not parts[0].startswith("<"):
        return chr(int(parts[0], 16)) + _MARKS[parts[1]]
    return f"uni{ord(ch):04X}"


@lru_cache(maxsize=1)
def mac_standard() -> str:
    """The Mac standard glyph order from the space on: ASCII, then the Mac Roman upper half."""
    return "".join(chr(c) for c in range(0x20, 0x7F)) + bytes(range(0x80, 0x100)).decode("mac_roman")


def candidate_orders(used: Iterable[str], first_use: str) -> dict[str, str]:
    """Orders a font may give the characters of ``used`` (plus its other glyphs when not a subset)."""
    used_set = {ch for ch in used if not ch.isspace()}
    mac = mac_standard()
    extra = "".join(sorted(used_set - set(mac)))
    named = sorted(set(mac) | used_set, key=glyph_name)
    core = sorted(set(mac) | used_set, key=lambda ch: glyph_name(ch, extended=False))
    return {
        "mac": mac + extra,
        "mac-subset": "".join(ch for ch in mac if ch in used_set) + extra,
        "name": "".join(named),
        "name-core": "".join(core),
        "name-subset": "".join(sorted(used_set, key=glyph_name)),
        "codepoint": "".join(sorted(used_set)),
        "first-use": "".join(dict.fromkeys(ch for ch in first_use if ch in used_set)),
    }


def _printable(code: int) -> bool:
    ch = chr(code)
    return unicodedata.category(ch)[0] not in "CZM" and not ch.isspace()


@lru_cache(maxsize=4)
def _printable_rank(limit: int) -> np.ndarray:
    marks = np.fromiter((_printable(c) for c in range(limit)), dtype=np.int64, count=limit)
    return np.concatenate([[0], np.cumsum(marks)])


def positions(chars: Iterable[str], metric: str) -> dict[str, int]:
    """Where each printed character sits in glyph ids, up to the constant.

    ``code``: its code point (the extractor printed id + constant as is); ``printable``: its
    rank among printable code points (the extractor skipped code points that print nothing).
    """
    chars = list(chars)
    if metric == "code":
        return {ch: ord(ch) for ch in chars}
    limit = 1 << max(ord(ch) + 2 for ch in chars).bit_length() if chars else 2
    rank = _printable_rank(limit)
    return {ch: int(rank[ord(ch)]) for ch in chars}


METRICS = ("printable", "code")

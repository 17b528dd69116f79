"""Garble clean text the way real fonts without a ToUnicode map do: glyph id + a constant.

For tests and the benchmark, written apart from the decoder so that it does not flatter it.
A font orders its glyphs in one of several ways (Mac standard order, alphabetical by glyph
name, a subset renumbered densely from 1 in order of first use or of the original font, a CID
font with large ids in code point order); the extractor prints glyph id + a constant, so the
garbled characters land anywhere: ASCII punctuation and letters, Latin-1 (real French letters
such as é à ù ç included), Latin Extended, Greek, Cyrillic and beyond. Landing points that are
not printable (controls, spaces, unassigned, combining marks) are skipped over, as if the font
had no glyph there. Spaces stay spaces (the extractor places words). Garbled spans are whole
lines, runs of a few words, or start and stop in the middle of a word.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

ORDERINGS = ("mac", "alphabetical", "subset-first-use", "subset-mac", "cid")
# where the first glyph lands: ASCII, Latin-1, Latin Extended, Greek, Cyrillic, further scripts
LANDING = ((0x21, 0x60), (0xA0, 0xE0), (0x100, 0x220), (0x370, 0x3A0), (0x400, 0x480), (0x500, 0x3000))

_MAC_HIGH = bytes(range(0x80, 0x100)).decode("mac_roman")
_MAC_ORDER = "".join(chr(c) for c in range(0x20, 0x7F)) + _MAC_HIGH
_PUNCT_NAMES = {
    "!": "exclam", '"': "quotedbl", "#": "numbersign", "$": "dollar", "%": "percent", "&": "ampersand",
    "'": "quotesingle", "(": "parenleft", ")": "parenright", "*": "asterisk", "+": "plus", ",": "comma",
    "-": "hyphen", ".": "period", "/": "slash", ":": "colon", ";": "semicolon", "<": "less", "=": "equal",
    ">": "greater", "?": "question", "@": "at", "[": "bracketleft", "\\": "backslash", "]": "bracketright",
    "^": "asciicircum", "_": "underscore", "`": "grave", "{": "braceleft", "|": "bar", "}": "braceright",
    "~": "asciitilde", "«": "guillemotleft", "»": "guillemotright", "’": "quoteright", "‘": "quoteleft",
    "“": "quotedblleft", "”": "quotedblright", "–": "endash", "—": "emdash", "…": "ellipsis", "•": "bullet",
    "€": "Euro", "°": "degree", "©": "copyright", "®": "registered", "™": "trademark", "§": "section",
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "·": "periodcentered", "\u00a0": "uni00A0",
}
_DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ACCENTS = {"0301": "acute", "0300": "grave", "0302": "circumflex", "0308": "dieresis", "0327": "cedilla",
            "0303": "tilde", "030A": "ring"}


def glyph_name(ch: str) -> str:
    """The Adobe glyph list name of a character (``eacute``, ``comma``), else ``uniXXXX``."""
    if ch in _PUNCT_NAMES:
        return _PUNCT_NAMES[ch]
    if ch.isdigit() and ch.isascii():
        return _DIGIT_NAMES[int(ch)]
    if ch.isascii() and ch.isalpha():
        return ch
    parts = unicodedata.decomposition(ch).split()
    if len(parts) == 2 and parts[1] in _ACCENTS:
        return chr(int(parts[0], 16)) + _ACCENTS[parts[1]]
    return f"uni{ord(ch):04X}"


def glyph_order(ordering: str, text: str, rng: random.Random) -> list[str]:
    """The characters of ``text`` (and a font's other glyphs) in glyph id order, id 0 first.

    Ids not used by the text still take a place, except in subsets, which keep only used glyphs.
    """
    used = sorted({ch for ch in text if not ch.isspace()})
    if ordering in ("mac", "subset-mac"):
        order = [".notdef", ".null", "\r"] + list(_MAC_ORDER)
        order += [ch for ch in used if ch not in order]
    elif ordering == "alphabetical":
        names = {ch: glyph_name(ch) for ch in set(used) | set(_MAC_ORDER[1:])}
        order = [".notdef", " "] + sorted(names, key=names.get)
    elif ordering == "subset-first-use":
        seen: dict[str, None] = {}
        for ch in text:
            if not ch.isspace():
                seen.setdefault(ch)
        order = [".notdef"] + list(seen)
    elif ordering == "cid":
        # a large font: glyphs in code point order, with the unsupported blocks skipped and a random head
        head = rng.randrange(1, 800)
        order = [f".g{i}" for i in range(head)] + used
    else:
        raise ValueError(ordering)
    if ordering.startswith("subset"):
        keep = set(used)
        order = [".notdef"] + [ch for ch in order if ch in keep]
    return order


def _printable(code: int) -> bool:
    ch = chr(code)
    return unicodedata.category(ch)[0] not in "CZM" and not ch.isspace()


def font_table(text: str, seed: int, ordering: str | None = None) -> tuple[dict[str, str], str]:
    """A one-to-one table plain → printed for every non-space character of ``text``, and its ordering."""
    rng = random.Random(seed)
    ordering = ordering or ORDERINGS[rng.randrange(len(ORDERINGS))]
    order = glyph_order(ordering, text, rng)
    lo, hi = LANDING[rng.randrange(len(LANDING))]
    code = rng.randrange(lo, hi)
    table: dict[str, str] = {}
    needed = {ch for ch in text if not ch.isspace()}
    for ch in order:
        while not _printable(code):
            code += 1
        if ch in needed:
            table[ch] = chr(code)
        code += 1
    return table, ordering


@dataclass(frozen=True)
class FontScramble:
    lines: tuple[str, ...]
    table: dict[str, str]
    ordering: str
    style: str


def _garble_mask(line: str, style: str, share: float, rng: random.Random) -> list[bool]:
    """Which characters of the line are printed through the broken font."""
    n = len(line)
    mask = [False] * n
    if style == "lines":
        return [rng.random() < share] * n
    if style == "words":
        words = [(i, i + len(w)) for i, w in _words(line)]
        j = 0
        while j < len(words):
            run = rng.randrange(1, 4)
            if rng.random() < share:
                for a, b in words[j : j + run]:
                    mask[a:b] = [True] * (b - a)
            j += run
        return mask
    pos = 0  # "mid-word": spans of any length starting and stopping anywhere
    while pos < n:
        length = rng.randrange(3, 120)
        if rng.random() < share:
            mask[pos : pos + length] = [True] * len(mask[pos : pos + length])
        pos += length
    return mask


def _words(line: str) -> list[tuple[int, str]]:
    out, start = [], None
    for i, ch in enumerate(line + " "):
        if ch.isspace():
            if start is not None:
                out.append((start, line[start:i]))
            start = None
        elif start is None:
            start = i
    return out


def font_scramble(lines: list[str], seed: int, ordering: str | None = None) -> FontScramble:
    """Garble part of ``lines`` through a random font layout; spaces and line count kept."""
    table, ordering = font_table("\n".join(lines), seed, ordering)
    rng = random.Random(seed * 104729 + 17)
    style = ("lines", "words", "mid-word", "mixed")[rng.randrange(4)]
    share = rng.uniform(0.25, 0.75)
    out = []
    for line in lines:
        line_style = style if style != "mixed" else ("lines", "words", "mid-word")[rng.randrange(3)]
        mask = _garble_mask(line, line_style, share, rng)
        out.append("".join(table.get(ch, ch) if m else ch for ch, m in zip(line, mask)))
    return FontScramble(tuple(out), table, ordering, style)

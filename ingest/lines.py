"""The shape of a line of extracted text: list item or bullet, complete or open sentence,
title-like, garbled. Clause building, headings and tables all read lines this way."""

from __future__ import annotations

import re
from collections.abc import Sequence

from clausier.textnorm import DASH_BULLETS, LETTER_BULLET, LINE_BULLETS

FUNCTION_WORDS = frozenset(
    """
    de du des d à a au aux la le les l et ou en par pour sur dans avec un une que qui qu nos
    vos notre votre leur leurs ses son sa ce cette ces sans entre vers chez dont mais ni soit
    """.split()
)
_MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
# A date line ("Mis à jour le 25 janvier 2023") is metadata, not a heading.
_DATE = re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}}\b", re.IGNORECASE)
# Bullets (clausier.textnorm), and any lone non-ASCII letter such as "Á " (a symbol font read as
# Latin-1); "à"/"À" are French words, not bullets.
_BULLET = re.compile(
    rf"^(?:[{re.escape(LINE_BULLETS + DASH_BULLETS)}]|{LETTER_BULLET}|[\ue000-\uf8ff]|[^\x00-\x7fàÀ\W\d_])\s+\S"
)
# Enumerations that introduce list items: "1. ", "2) ", "a) ", "(b) ", "i) ".
_LIST_ITEM = re.compile(r"^(?:\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,2}[.)])\s+\S")
# A unit (sentence, list item) is complete when the line ends with one of these marks,
# possibly followed by closing quotes or brackets.
_ENDS_UNIT = re.compile(r"[.!?;:…][\s»\"”’')\]]*$")
_FINAL_PUNCT = re.compile(r"[.,;:]$")
_FRENCH_LETTER = re.compile(r"[A-Za-z\u00c0-\u00ff\u0152\u0153\u0178]")


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def is_list_item(line: str) -> bool:
    return is_bullet(line) or bool(_LIST_ITEM.match(line))


def ends_unit(line: str) -> bool:
    return bool(_ENDS_UNIT.search(line))


def ends_open(line: str) -> bool:
    """The line stops mid-sentence: on a function word, a comma, a hyphen or an elision."""
    stripped = line.rstrip()
    if not stripped or stripped[-1] in ",-'’‘":
        return bool(stripped)
    last = re.split(r"[\s'’‘]+", stripped)[-1].lower()
    return last in FUNCTION_WORDS


def starts_lower(line: str) -> bool:
    return bool(line) and line[0].islower()


def is_garbled(line: str) -> bool:
    """Mostly letters that French does not use (text in a font without a Unicode map)."""
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return False
    foreign = sum(1 for ch in letters if not _FRENCH_LETTER.match(ch))
    return foreign / len(letters) > 0.2


def is_title_like(text: str, max_words: int = 12) -> bool:
    """Short, capitalised, readable, no final period/comma, not a list item or a date."""
    text = text.strip()
    if not text or len(text) > 110 or "\t" in text or not text[0].isupper():
        return False
    if _FINAL_PUNCT.search(text) or ends_open(text) or is_list_item(text) or is_garbled(text):
        return False
    if "://" in text or "@" in text or _DATE.search(text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    return len(text.split()) <= max_words and letters >= 0.5 * len(text.replace(" ", ""))


def join_lines(parts: Sequence[str] | object) -> str:
    """Join wrapped lines: a space, or nothing after a hyphen that ends a word (``sous-``)."""
    out = ""
    for part in parts:  # type: ignore[union-attr]
        part = part.strip()
        if not part:
            continue
        out = part if not out else out + ("" if re.search(r"\w-$", out) else " ") + part
    return out

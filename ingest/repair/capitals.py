"""Capital glyphs: A–Z numbered in order by the font, so their codes increase with the letter.

Capitals land on ASCII/Latin-1, so a word in capitals inside a garbled span (``!ÏÕä`` = AOPS)
holds no foreign character; its glyphs are often seen nowhere else. Once the capitals touching
garbled text are known, each remaining candidate character is read as the capital that best
decodes the clean-looking tokens it completes, among the letters its code point leaves free
between its known neighbours (monotone codes).
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping

from .charclass import FRENCH_LETTERS_ALL, is_foreign
from .langmodel import FrenchModel
from .resolve import score

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"  # numbered apart from A–Z: no order to respect
_MIN_GAIN = 6.0  # summed over the tokens a reading completes
_PASSES = 3


def free_letters(char: str, native: Mapping[str, str]) -> list[str]:
    """Capitals ``char`` may stand for: unused, and for A–Z between its neighbours' letters by code."""
    below = [_LETTERS.index(v) for c, v in native.items() if v in _LETTERS and ord(c) < ord(char)]
    above = [_LETTERS.index(v) for c, v in native.items() if v in _LETTERS and ord(c) > ord(char)]
    lo, hi = max(below, default=-1), min(above, default=len(_LETTERS))
    taken = set(native.values())
    return [ch for ch in _LETTERS[lo + 1 : hi] + _ACCENTED if ch not in taken]


def extend_capitals(candidates: list[str], native: Mapping[str, str], model: FrenchModel) -> dict[str, str]:
    """The native table grown with capitals learned from clean-looking tokens (``candidates``)."""
    out = dict(native)
    counts = Counter(t for t in candidates if t and not any(is_foreign(ch) for ch in t))
    for _ in range(_PASSES):
        gains: dict[str, Counter] = {}
        for token, k in counts.items():
            unknown = {ch for ch in token if ch not in out}
            if len(unknown) != 1 or len(token) < 2:
                continue
            char = unknown.pop()
            if ord(char) >= 0x100 or char.isspace():
                continue
            base = score(token, model)
            for letter in free_letters(char, out):
                decoded = "".join(out.get(ch, letter) for ch in token)
                gain = score(decoded, model) - base
                if gain > 0:
                    gains.setdefault(char, Counter())[letter] += k * gain
        added = 0
        # strongest evidence first; each placement narrows the others' free letters
        for char, by_letter in sorted(gains.items(), key=lambda kv: -max(kv[1].values())):
            options = [(g, p) for p, g in by_letter.items() if p in free_letters(char, out)]
            if options and max(options)[0] >= _MIN_GAIN:
                out[char] = max(options)[1]
                added += 1
        if not added:
            break
    return out

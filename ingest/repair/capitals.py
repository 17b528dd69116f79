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
from .langmodel import WORD, FrenchModel
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
    return revise_capitals(counts, out, model)


def revise_capitals(counts: Counter, native: Mapping[str, str], model: FrenchModel) -> dict[str, str]:
    """Each capital reading checked again on every clean-looking token it decodes in full.

    A capital is first learned from the few tokens where it is the only unknown (``Rue`` read as
    ``Que``); once its neighbours are known, the tokens it shares with them (``SRL`` ×10 against
    ``SQL``) may prefer another letter its code point leaves free: it takes the best one (A–Z
    readings stay in A–Z).
    """
    out = dict(native)
    for _ in range(_PASSES):
        changed = 0
        for char in sorted((c for c, v in out.items() if v.isupper()), key=ord):
            rest = {c: v for c, v in out.items() if c != char}
            # a token that reads as French as it stands is genuine text, whatever its letters
            tokens = [(t, k) for t, k in counts.items() if char in t and len(t) > 1 and all(ch in out for ch in t)
                      and not all(model.is_word(w) for w in WORD.findall(t) or [""])]
            if not tokens:
                continue

            def total(letter: str) -> float:
                return sum(k * score("".join(rest.get(ch, letter) for ch in t), model) for t, k in tokens)

            current = total(out[char])
            # an A–Z reading stays in A–Z: the code order backs it, nothing orders accented ones
            free = [ch for ch in free_letters(char, rest) if ch != out[char] and (ch in _LETTERS or out[char] not in _LETTERS)]
            options = [(total(letter), letter) for letter in free]
            if options and max(options)[0] >= current + _MIN_GAIN:
                out[char] = max(options)[1]
                changed += 1
        if not changed:
            break
    return out

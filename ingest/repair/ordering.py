"""Rare glyphs (capitals, digits) read in the order the font numbers its glyphs.

Capitals and digits are too rare for trigrams. Most fonts number A–Z, and 0–9, in order (Mac
standard order, CID fonts in code point order, subsets that keep the original order); a few do
not (subsets numbered by first use). Whether this font does is measured on the frequent lower
case, which the trigrams solve well: when its glyphs' code points rise with the alphabet, the
rare glyphs take capitals (digits) in rising order too, each where it makes the most words.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

_CONCORDANT = 0.9  # share of ordered pairs among the lower case that makes a font "ordered"
_MIN_LETTER_COUNT = 8  # lower-case glyphs seen this often are trusted to measure the order
_RARE = 40  # glyphs seen at most this often may be re-read as a capital or a digit

CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
DIGITS_BY_NAME = "8549176320"  # eight five four nine one seven six three two zero: fonts sorted by glyph name


def ordered(table: dict[str, str], counts: Counter) -> bool:
    """True when the trusted lower-case glyphs' code points rise with the alphabet."""
    pairs = sorted((table[g], ord(g)) for g in table
                   if "a" <= table[g] <= "z" and counts[g] >= _MIN_LETTER_COUNT)
    total = agree = 0
    for i, (_, a) in enumerate(pairs):
        for _, b in pairs[i + 1:]:
            total += 1
            agree += b > a
    return total >= 45 and agree >= _CONCORDANT * total


def reorder(
    table: dict[str, str], counts: Counter, alphabet: str, tokens: Iterable[str],
    score: Callable[[str], float], rounds: int = 2,
) -> dict[str, str]:
    """``table`` with the rare glyphs re-read so that ``alphabet``'s letters rise with code point.

    ``tokens``: the garbled tokens (decoded whole with the table); ``score``: a decoded token's
    log likelihood. Each rare glyph either keeps its reading (gain 0) or takes a letter of
    ``alphabet``; a dynamic programme picks the rising assignment of largest total gain.
    """
    by_glyph: dict[str, Counter] = {}
    for token, count in Counter(tokens).items():
        for g in set(token):
            if g in table:
                by_glyph.setdefault(g, Counter())[token] += count
    frequent_taken = {table[g] for g in table if counts[g] > _RARE}
    letters = [ch for ch in alphabet if ch not in frequent_taken]
    table = dict(table)
    for _ in range(rounds):
        rare = sorted((g for g in table if counts[g] <= _RARE and g in by_glyph), key=ord)
        gains = {g: _gains(g, table, letters, by_glyph[g], score) for g in rare}
        picks = _rising(rare, gains, letters, table)
        changed = False
        holders = {v: g for g, v in table.items()}
        for g, letter in picks.items():
            if table[g] != letter:
                old = holders.get(letter)
                if old is not None and old not in picks:
                    table[old] = table[g]  # swap: one glyph per character
                table[g], changed = letter, True
                holders = {v: k for k, v in table.items()}
        if not changed:
            break
    return table


def _gains(g: str, table: dict[str, str], letters: list[str], tokens: Counter, score) -> dict[str, float]:
    """Gain of each reading of glyph g (its own under ``None``) over an unreadable glyph."""
    base = sum(k * score(_decode(t, {**table, g: "\x00"})) for t, k in tokens.items())
    out = {None: sum(k * score(_decode(t, table)) for t, k in tokens.items()) - base}
    for letter in letters:
        trial = {**table, g: letter}
        out[letter] = sum(k * score(_decode(t, trial)) for t, k in tokens.items()) - base
    return out


def _decode(token: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in token)


def _rising(glyphs: list[str], gains: dict[str, dict], letters: list[str], table: dict[str, str]) -> dict[str, str]:
    """Glyphs (sorted by code point) → letters in rising order, maximising the summed gain.

    A glyph may instead keep its reading (gain ``gains[g][None]``), unless that reading is a
    letter of the alphabet: then it takes part in the order like the others.
    """
    in_alphabet = set(letters)
    # best[j]: (total, picks) with the last letter used being letters[j - 1] (j = 0: none yet)
    best: list[tuple[float, dict[str, str]] | None] = [(0.0, {})] + [None] * len(letters)
    for g in glyphs:
        keep = 0.0 if table[g] in in_alphabet else max(gains[g][None], 0.0)
        new = [None if b is None else (b[0] + keep, b[1]) for b in best]
        for j, letter in enumerate(letters, start=1):
            gain = gains[g][letter]
            if gain <= keep:
                continue
            prev = max((b for b in best[:j] if b is not None), key=lambda t: t[0])
            if new[j] is None or prev[0] + gain > new[j][0]:
                new[j] = (prev[0] + gain, {**prev[1], g: letter})
        best = new
    return max((b for b in best if b is not None), key=lambda t: t[0])[1]

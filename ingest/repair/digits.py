"""Put the digits in font order: a font numbers its digit glyphs zero to nine in a row.

Digits carry little linguistic signal, so the n-grams often read the digit glyphs as a
permutation of the digits, or give a digit to a punctuation glyph. The font's layout is a much
stronger fact: the digit glyphs are ten consecutive code points, so the only unknown is where
zero sits. Each plausible zero is tried: the glyphs inside the window become their digits, no
glyph outside it may be a digit, the displaced glyphs are re-read; the best reading wins, on
n-grams and words plus how well the digits' counts match the clean text's digit frequencies
(section numbers and years make ``1``, ``2`` and ``0`` common, ``9`` rare).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from .charclass import is_foreign
from .cipher import CipherText, Scorer, climb_glyphs
from .langmodel import APOS, FrenchModel
from .refine import WordScorer

_SETTLED = 8  # a glyph read as a letter this often is a letter, not a digit


def _codes(ct: CipherText, origin: Mapping[str, str]) -> np.ndarray:
    """Each glyph's code point as found in the text (``origin``: stand-in → original glyph)."""
    return np.array([ord(origin.get(g, g)) for g in ct.glyphs])


def _zeros(ct: CipherText, model: FrenchModel, table: np.ndarray, origin: Mapping[str, str]) -> list[int]:
    """Candidate code points for zero: windows holding two glyphs or more, none a settled letter."""
    codes = _codes(ct, origin)
    letter = np.array([model.symbols[p].isalpha() for p in table]) & (ct.counts >= _SETTLED)
    out = set()
    for k in np.flatnonzero(~letter):
        for d in range(10):
            zero = int(codes[k]) - d
            inside = (codes >= zero) & (codes <= zero + 9)
            if inside.sum() >= 2 and not (inside & letter).any():
                out.add(zero)
    return sorted(out)


def digit_logp(texts: list[str]) -> np.ndarray:
    """Log frequency of each digit 0–9 in clean text (add-one smoothed)."""
    counts = np.ones(10)
    for text in texts:
        for d in range(10):
            counts[d] += text.count(str(d))
    return np.log(counts / counts.sum())


def place_digits(
    ct: CipherText, model: FrenchModel, table: np.ndarray, allowed: np.ndarray, words: WordScorer,
    digit_prior: np.ndarray, origin: Mapping[str, str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(table, allowed) with the best digit window fixed; unchanged if no window beats none."""
    digit_ids = np.array([model.index[str(d)] for d in range(10)])
    is_digit = np.zeros(allowed.shape[1], dtype=bool)
    is_digit[digit_ids] = True
    codes = _codes(ct, origin or {})
    scorer = Scorer(ct, model)
    # reference: no glyph is a digit
    options = [(np.zeros(len(codes), dtype=bool), allowed & ~is_digit[None, :], 0)]
    for zero in _zeros(ct, model, table, origin or {}):
        inside = (codes >= zero) & (codes <= zero + 9)
        mask = allowed & ~is_digit[None, :]
        mask[inside] = False
        mask[inside, digit_ids[codes[inside] - zero]] = True
        options.append((inside, mask, zero))
    best = None
    for inside, mask, zero in options:
        cand = table.copy()
        cand[inside] = digit_ids[codes[inside] - zero]
        moved = np.flatnonzero(~mask[np.arange(len(cand)), cand])
        cand = climb_glyphs(scorer, cand, mask, model.index[APOS], moved.tolist())
        touched = set(np.flatnonzero(cand != table).tolist()) | set(np.flatnonzero(inside).tolist())
        value = float(scorer.scores(cand[None, :])[0]) + words.score(cand, touched) - words.score(table, touched)
        value += float(ct.counts[inside] @ digit_prior[codes[inside] - zero]) if inside.any() else 0.0
        if best is None or value > best[0]:
            best = (value, cand, mask)
    return best[1], best[2]


def native_digits(
    ct: CipherText, model: FrenchModel, table: np.ndarray, tokens: list[str], origin: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Digit glyphs that landed on native characters (``˜`` for 0), read off the digit window.

    Once the digit glyphs are placed, their window is known: a native character inside it, met
    in garbled tokens, is the missing digit's glyph (the n-grams never saw it: it is native).
    """
    codes = _codes(ct, origin or {})
    zeros = {int(c) - int(model.symbols[p]) for c, p in zip(codes, table) if model.symbols[p].isdigit()}
    if len(zeros) != 1:
        return {}
    zero = zeros.pop()
    inside = {ch for token in tokens for ch in token if zero <= ord(ch) <= zero + 9 and not is_foreign(ch)}
    return {ch: str(ord(ch) - zero) for ch in inside}

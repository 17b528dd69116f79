"""Refine the n-gram solution with dictionary hits, then put the digits in font order.

The trigram score settles the frequent glyphs; rare ones (capitals, digits, punctuation) need
words: each glyph in turn tries the plain symbols the n-grams rank best, and keeps the one that
maximises n-gram likelihood plus the log frequency of every word it touches. Digits carry
almost no linguistic signal, but a font numbers its glyphs zero to nine in a row, so the digit
glyphs are consecutive code points: the only unknown is where zero sits.
"""

from __future__ import annotations

import logging
from collections import Counter

import numpy as np

from .cipher import CipherText, Scorer, candidates
from .langmodel import APOS, WORD, FrenchModel

log = logging.getLogger(__name__)

_SHORTLIST = 10
_SWEEPS = 2
_RARE = 60  # frequent glyphs are settled by the n-grams alone


class WordScorer:
    """Sum of word log frequencies over the garbled tokens, recomputed only where needed."""

    def __init__(self, tokens: list[str], glyphs: tuple[str, ...], model: FrenchModel):
        self.counts = Counter(tokens)
        self.types = list(self.counts)
        self.glyphs = glyphs
        self.model = model
        self.by_glyph: dict[int, list[int]] = {}
        pos = {g: k for k, g in enumerate(glyphs)}
        for t, text in enumerate(self.types):
            for k in {pos[ch] for ch in text if ch in pos}:
                self.by_glyph.setdefault(k, []).append(t)
        self._cache: dict[str, float] = {}

    def _word(self, word: str) -> float:
        if word not in self._cache:
            self._cache[word] = self.model.word_bonus(word)
        return self._cache[word]

    def score(self, table: np.ndarray, glyph_set: set[int]) -> float:
        rows = sorted({t for k in glyph_set for t in self.by_glyph.get(k, ())})
        trans = str.maketrans({g: self.model.symbols[p] for g, p in zip(self.glyphs, table)})
        total = 0.0
        for t in rows:
            text = self.types[t].translate(trans)
            total += self.counts[self.types[t]] * sum(self._word(w) for w in WORD.findall(text))
        return total


def refine(ct: CipherText, model: FrenchModel, table: np.ndarray, tokens: list[str]) -> np.ndarray:
    """Coordinate ascent on n-gram + word score, each glyph against its n-gram shortlist."""
    scorer, words = Scorer(ct, model), WordScorer(tokens, ct.glyphs, model)
    plain = np.arange(1, model.size)
    shared = model.index[APOS]
    order = [k for k in np.argsort(ct.counts, kind="stable") if ct.counts[k] <= _RARE]
    for sweep in range(_SWEEPS):
        changed = 0
        for k in order:
            cands = candidates(table, int(k), plain, shared)
            rough = scorer.scores(cands, scorer.by_glyph[k])
            short = cands[np.argsort(-rough)[:_SHORTLIST]]
            ngram = scorer.scores(short)
            best_row, best_value = -1, None
            for row, cand in enumerate(short):
                touched = {int(k)} | {int(g) for g in np.flatnonzero(cand != table)}
                value = ngram[row] + words.score(cand, touched) - words.score(table, touched)
                if best_value is None or value > best_value:
                    best_row, best_value = row, value
            current = float(scorer.scores(table[None, :])[0])
            if best_value > current + 1e-6 and not np.array_equal(short[best_row], table):
                table, changed = short[best_row], changed + 1
        log.debug("refine sweep=%d changed=%d", sweep, changed)
        if not changed:
            break
    return digits_in_font_order(ct, model, table, scorer, words)


def digits_in_font_order(
    ct: CipherText, model: FrenchModel, table: np.ndarray, scorer: Scorer, words: WordScorer
) -> np.ndarray:
    """Try reading the glyphs of each run of ten code points as 0–9; keep the best reading.

    Only glyphs not read as lower-case letters may become digits. A reading is kept when it
    beats the current table on n-grams plus words over the tokens it touches.
    """
    digit_ids = np.array([model.index[str(d)] for d in range(10)])
    codes = np.array([ord(g) for g in ct.glyphs])
    open_ = np.array([not model.symbols[p].islower() for p in table])
    zeros = sorted({int(c) - d for c in codes[open_] for d in range(10)})
    cands, touched = [], []
    for zero in zeros:
        inside = open_ & (codes >= zero) & (codes <= zero + 9)
        if inside.sum() < 2:
            continue
        cand = table.copy()
        cand[inside] = digit_ids[codes[inside] - zero]
        cands.append(cand)
        touched.append(set(np.flatnonzero(inside).tolist()))
    if not cands:
        return table
    ngram = scorer.scores(np.array(cands)) - float(scorer.scores(table[None, :])[0])
    best, best_gain = table, 1e-6
    for cand, glyphs, gain in zip(cands, touched, ngram):
        gain += words.score(cand, glyphs) - words.score(table, glyphs)
        if gain > best_gain:
            best, best_gain = cand, gain
    return best

"""Refine the n-gram solution with dictionary hits.

The trigram score settles the frequent glyphs; rare ones (digits, punctuation, rare letters)
need words: each glyph in turn tries the plain symbols the n-grams rank best, and keeps the one
that maximises n-gram likelihood plus the log frequency of every word it touches.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Iterator

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
        self._texts: dict[str, float] = {}  # decoded token → its words' bonuses

    def _word(self, word: str) -> float:
        if word not in self._cache:
            self._cache[word] = self.model.word_bonus(word)
        return self._cache[word]

    def decoded(self, table: np.ndarray, glyph_set: set[int]) -> Iterator[tuple[str, int]]:
        """(token decoded with ``table``, its count) for each token holding a glyph of ``glyph_set``."""
        rows = sorted({t for k in glyph_set for t in self.by_glyph.get(k, ())})
        trans = str.maketrans({g: self.model.symbols[p] for g, p in zip(self.glyphs, table)})
        for t in rows:
            yield self.types[t].translate(trans), self.counts[self.types[t]]

    def score(self, table: np.ndarray, glyph_set: set[int]) -> float:
        total = 0.0
        for text, count in self.decoded(table, glyph_set):
            if text not in self._texts:
                self._texts[text] = sum(self._word(w) for w in WORD.findall(text))
            total += count * self._texts[text]
        return total


def refine(ct: CipherText, model: FrenchModel, table: np.ndarray, words: WordScorer, allowed: np.ndarray) -> np.ndarray:
    """Coordinate ascent on n-gram + word score, each rare glyph against its n-gram shortlist."""
    scorer = Scorer(ct, model)
    shared = model.index[APOS]
    order = [k for k in np.argsort(ct.counts, kind="stable") if ct.counts[k] <= _RARE]
    idle = 0  # glyphs tried in a row with no gain: all of them, and the table stays as it is (``hill_climb``)
    for sweep in range(_SWEEPS):
        changed = 0
        for k in order:
            if idle >= len(order):
                break
            idle += 1
            cands = candidates(table, int(k), allowed, shared)
            if not len(cands):
                continue
            rough = scorer.glyph_scores(cands, int(k))
            short = cands[np.argsort(-rough)[:_SHORTLIST]]
            ngram = scorer.gains(table, short)  # against the current table
            best_row, best_value = -1, None
            for row, cand in enumerate(short):
                touched = {int(k)} | {int(g) for g in np.flatnonzero(cand != table)}
                value = ngram[row] + words.score(cand, touched) - words.score(table, touched)
                if best_value is None or value > best_value:
                    best_row, best_value = row, value
            if best_value > 1e-6 and not np.array_equal(short[best_row], table):
                table, changed, idle = short[best_row], changed + 1, 0
        log.debug("refine sweep=%d changed=%d", sweep, changed)
        if not changed or idle >= len(order):
            break
    return table

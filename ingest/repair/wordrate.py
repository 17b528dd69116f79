"""Re-read glyphs whose letter reading makes non-words: a quote is no rare letter.

The n-grams can settle a rare punctuation glyph on a rare letter (``"nous",`` read as
``œnousœ,``): both readings are rare trigrams, but only one leaves the words known. A glyph
read as a letter, sitting at the edges of its tokens' letters, whose words the dictionary mostly does not know tries every punctuation mark
it may take; among the readings that make the most known words (minus unknown ones), if that beats the
current reading, the n-grams choose (which punctuation mark, say).
"""

from __future__ import annotations

import numpy as np

from .cipher import CipherText, Scorer, candidates
from .langmodel import APOS, WORD, FrenchModel
from .refine import WordScorer

_EDGE = 0.8  # share of a glyph's occurrences at the edge of a token's letters, for a mark
_POOR = 0.5  # share of known words below which a letter reading is put in doubt
_MIN_WORDS = 3
_SWEEPS = 2


def _tally(words: WordScorer, table: np.ndarray, glyph_set: set[int]) -> tuple[float, float]:
    """(known, total) words of two letters or more in the tokens holding the glyphs, weighted."""
    model = words.model
    known = total = 0.0
    for text, count in words.decoded(table, glyph_set):
        for w in WORD.findall(text):
            if len(w) > 1 and not w.isdigit():
                total += count
                known += count * model.is_word(w)
    return known, total


def _edge_share(words: WordScorer, table: np.ndarray, k: int) -> float:
    """Share of glyph k's occurrences with no other letter before it, or none after it, in its
    token (``"nous",``): where quotes and brackets sit, and letters inside words do not."""
    model, glyph = words.model, words.glyphs[k]
    trans = str.maketrans({g: model.symbols[p] for g, p in zip(words.glyphs, table) if g != glyph})
    edge = total = 0
    for t in words.by_glyph.get(k, ()):
        text, count = words.types[t], words.counts[words.types[t]]
        plain = text.translate(trans)
        for i, ch in enumerate(text):
            if ch == glyph:
                total += count
                edge += count * (not any(c.isalpha() for c in plain[:i] if c != glyph)
                                 or not any(c.isalpha() for c in plain[i + 1:] if c != glyph))
    return edge / total if total else 0.0


def _best(scorer: Scorer, tables: np.ndarray) -> np.ndarray:
    return tables[int(np.argmax(scorer.scores(tables)))]


def _settle_displaced(cand: np.ndarray, table: np.ndarray, k: int, allowed: np.ndarray) -> np.ndarray:
    """The candidate, and, when it took glyph k's symbol from another glyph, that glyph on each
    symbol left unused (it may have held a symbol that was never its own: ``"`` for ``_``)."""
    moved = [int(g) for g in np.flatnonzero(cand != table) if g != k]
    if not moved:
        return cand[None, :]
    h = moved[0]
    unused = np.setdiff1d(np.flatnonzero(allowed[h]), cand)
    out = np.repeat(cand[None, :], len(unused) + 1, axis=0)
    out[1:, h] = unused
    return out


def reread_poor_letters(
    ct: CipherText, model: FrenchModel, table: np.ndarray, allowed: np.ndarray, words: WordScorer
) -> np.ndarray:
    """Glyphs whose letter reading leaves most of their words unknown, re-read by known words."""
    shared = model.index[APOS]
    scorer = Scorer(ct, model)
    # the poor glyph may only turn punctuation: taking another glyph's letter would let it win
    # by cutting that glyph's words into short known pieces
    punct = np.array([not ch.isalnum() and ch != " " for ch in model.symbols])
    for _ in range(_SWEEPS):
        changed = 0
        for k in range(len(table)):
            if not model.symbols[table[k]].isalpha():
                continue
            known, total = _tally(words, table, {k})
            if total < _MIN_WORDS or known >= _POOR * total or _edge_share(words, table, k) < _EDGE:
                continue
            mask = allowed.copy()
            mask[k] &= punct
            cands = candidates(table, k, mask, shared)
            if not len(cands):
                continue
            # a glyph displaced by the move first settles on its best unused symbol (n-grams)
            cands = np.stack([_best(scorer, _settle_displaced(cand, table, k, allowed)) for cand in cands])
            gains = np.zeros(len(cands))
            for row, cand in enumerate(cands):
                touched = {k} | {int(g) for g in np.flatnonzero(cand != table)}
                now_known, now_total = _tally(words, table, touched)
                new_known, new_total = _tally(words, cand, touched)
                gains[row] = (2 * new_known - new_total) - (2 * now_known - now_total)
            if gains.max() <= 0:
                continue
            table, changed = _best(scorer, cands[gains == gains.max()]), changed + 1
        if not changed:
            break
    return table

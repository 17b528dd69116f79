"""Token shapes the character n-grams cannot see: elision, e-mail and web addresses.

Three facts about whole tokens, scored in log-odds added to the n-gram and word scores:
- a French apostrophe closes an elided word (``l'``, ``d'``, ``qu'``, ``jusqu'``…) and is
  followed by a letter; ``'ga`` or ``trusted'device`` are no French (an underscore, a quote);
- an e-mail address is ``local@domain.tld``: one ``@`` between its two parts;
- a web address's query is ``?key=value&key=value``.
The n-grams judge a mark by its neighbours only; these shapes judge it by the whole token.
A last pass re-reads the rare glyphs whose reading as another mark improves the shapes, on
n-grams, line terms, words and shapes together.
"""

from __future__ import annotations

import re

from typing import Callable

import numpy as np

from .charclass import APOSTROPHES
from .cipher import CipherText, Scorer, candidates
from .langmodel import APOS, WORD, FrenchModel
from .refine import WordScorer

_ELIDED = frozenset(
    "c d j l m n s t qu jusqu lorsqu puisqu quoiqu quelqu presqu aujourd prud entr".split()
)
_APOS = "".join(sorted(APOSTROPHES))
_STRAY_APOS = -4.0  # per apostrophe that closes no elided word
_ADDRESS = 12.0  # a token that reads as a well-formed e-mail or web address
_EDGES = "()[]{}<>«»\"“”,.;:!?" + _APOS
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.-]+\.[A-Za-z]{2,6}(?:/[A-Za-z0-9._~%+-]*)*"
                  r"(?:\?[A-Za-z0-9_.%-]+=[A-Za-z0-9_.%+-]*(?:&[A-Za-z0-9_.%-]+=[A-Za-z0-9_.%+-]*)*)?")
_ELISION = re.compile(rf"(?<![^\W\d_])([^\W\d_]+)[{_APOS}](?=[^\W\d_])")


def stray_apostrophes(token: str) -> int:
    """Apostrophes in ``token`` that do not close an elided French word before a letter."""
    total = sum(token.count(a) for a in APOSTROPHES)
    elided = sum(m.group(1).lower() in _ELIDED for m in _ELISION.finditer(token))
    return total - elided


def is_address(token: str) -> bool:
    """True for an e-mail or web address, once surrounding brackets and punctuation are set aside."""
    core = token.strip(_EDGES)
    return bool(core) and (_EMAIL.fullmatch(core) is not None or _URL.fullmatch(core) is not None)


def shape_score(token: str) -> float:
    """Log-odds of the token's shape: a stray apostrophe costs, a well-formed address earns."""
    if not any(ch in token for ch in _APOS + "@=&?_"):
        return 0.0  # the common case, kept cheap
    return _STRAY_APOS * stray_apostrophes(token) + (_ADDRESS if is_address(token) else 0.0)


_RARE = 60  # frequent glyphs are letters the n-grams settle
_PIVOTAL = frozenset(_APOS + "@=&?_")


def _tally(words: WordScorer, table: np.ndarray, glyph_set: set[int]) -> tuple[float, float]:
    """(word bonuses, shape scores) over the tokens holding the glyphs, weighted by count."""
    model = words.model
    bonus = shape = 0.0
    for text, count in words.decoded(table, glyph_set):
        bonus += count * sum(model.word_bonus(w) for w in WORD.findall(text))
        shape += count * shape_score(text)
    return bonus, shape


def reread_shapes(
    ct: CipherText, model: FrenchModel, table: np.ndarray, allowed: np.ndarray, words: WordScorer,
    terms: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """Rare glyphs re-read as another mark when that mends token shapes and the whole score agrees."""
    scorer = Scorer(ct, model)
    shared = model.index[APOS]
    mark = np.array([not ch.isalnum() and ch != " " for ch in model.symbols])
    # only moves onto or off the marks the shapes are about can change a shape score
    pivotal = np.array([ch in _PIVOTAL for ch in model.symbols])
    for _ in range(2):
        changed = 0
        for k in np.flatnonzero(ct.counts <= _RARE):
            mask = allowed.copy()
            mask[k] &= mark
            cands = candidates(table, int(k), mask, shared)
            cands = cands[(cands != table[None, :]).any(axis=1) & (pivotal[table[k]] | pivotal[cands[:, k]])]
            if not len(cands):
                continue
            gains = []
            for cand in cands:
                touched = {int(g) for g in np.flatnonzero(cand != table)}
                (b0, s0), (b1, s1) = _tally(words, table, touched), _tally(words, cand, touched)
                gains.append((s1 - s0, b1 - b0))
            shape_gain = np.array([g[0] for g in gains])
            keep = shape_gain > 0
            if not keep.any():
                continue
            cands, bonus = cands[keep], np.array([g[1] for g in gains])[keep]
            total = scorer.deltas(table, cands) + terms(cands) - terms(table[None, :])[0] + bonus + shape_gain[keep]
            best = int(np.argmax(total))
            if total[best] > 1e-6:
                table, changed = cands[best], changed + 1
        if not changed:
            break
    return table

"""Runs of glyphs read one or two places off along the font's order, moved back together.

The font's key (``fontkey.py``) and the solver can agree on a reading that is a place off: where
the order estimated from the document holds a character too many or too few, a whole stretch of
glyphs shifts with it (« è » read for « é », « ç » for « è », « à » for « ç » on a CID font whose
estimated order holds two characters too many), and ``settle`` leaves such glyphs as they are,
since solver and key agree on them. Along a font's order, neighbouring glyphs keep their
neighbours: so the test is on a stretch as a whole, moved one or two places along the order
together, kept only when the words it makes read far better (« définitions », not « dèfinitions »).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Callable, Mapping

from .charclass import APOSTROPHES

_SHIFTS = (-2, -1, 1, 2)  # places along the order a stretch may move
_RUN_GAIN = 20.0  # nats, over all the stretch's uses, by which the moved readings must make the text likelier
_ROUNDS = 3  # stretches moved, at most, one after the other
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_KEEP_GAIN = 20.0  # nats, over all its uses, by which a solver reading the key moved must read better to stay


def shift_runs(table: Mapping[str, str], order: str, place: Mapping[str, int], garbled: list[str],
               score: Callable[[str], float]) -> dict[str, str]:
    """``table`` with stretches of glyphs moved together one or two places along ``order``.

    ``place``: printed character → its place in glyph ids, up to the constant; ``garbled``: the
    tokens read as garbled whole; ``score``: a decoded token's log likelihood. For each move, each
    glyph's gain is its words' with its reading moved alone; a stretch is a run of neighbouring
    glyphs, by place, none of which loses. The stretch whose joint move makes the text likelier by
    ``_RUN_GAIN`` nats or more moves (the best first, up to ``_ROUNDS`` times); a glyph outside it
    holding a reading it moves onto loses its reading (its tokens are then left as found, which the
    joint gain counts).
    """
    out = dict(table)
    counts = Counter(garbled)
    by_glyph: dict[str, list[str]] = {}
    for token in counts:
        for g in set(token):
            by_glyph.setdefault(g, []).append(token)
    index = {ch: i for i, ch in enumerate(order) if ch not in APOSTROPHES}

    def words(tokens, trial: Mapping[str, str]) -> float:
        return sum(counts[t] * score("".join(trial.get(ch, ch) for ch in t)) for t in tokens)

    def moved(g: str, step: int) -> str | None:
        i = index[out[g]] + step
        if not 0 <= i < len(order) or order[i].isspace() or order[i] in APOSTROPHES:
            return None
        return order[i]

    glyphs = sorted((g for g, r in out.items() if g in place and r in index), key=place.get)
    for _ in range(_ROUNDS):
        best = None
        # a glyph read as an ASCII lower-case letter never gains by a move (the trigrams read those):
        # it ends every stretch, and its many tokens are not scored
        fixed = {g for g in glyphs if out[g] in _ASCII_LOWER}
        base = {g: words(by_glyph.get(g, []), out) for g in glyphs if g not in fixed}
        for step in _SHIFTS:
            gains = []
            for g in glyphs:
                r = moved(g, step) if out.get(g) in index and g not in fixed else None
                gains.append(-math.inf if r is None else words(by_glyph.get(g, []), {**out, g: r}) - base[g])
            for start, end in _parts(gains):
                members = glyphs[start:end]
                trial = {**out, **{g: moved(g, step) for g in members}}
                # a glyph outside the stretch holding a reading the stretch moves onto loses it (left as found)
                lost = [g for g, r in out.items() if g not in members and r in {trial[m] for m in members}]
                for g in lost:
                    trial.pop(g)
                tokens = {t for g in members + lost for t in by_glyph.get(g, [])}
                gain = words(tokens, trial) - words(tokens, out)
                if gain >= _RUN_GAIN and (best is None or gain > best[0]):
                    best = (gain, trial)
        if best is None:
            break
        out = best[1]
        glyphs = [g for g in glyphs if g in out]
    return out


def _parts(gains: list[float]) -> list[tuple[int, int]]:
    """Contiguous parts, two glyphs or more, whose summed gain is positive and no glyph of which
    loses: each maximal one (the stretches a move would put right)."""
    out, i = [], 0
    while i < len(gains):
        if gains[i] < 0 or gains[i] == -math.inf:
            i += 1
            continue
        j = i
        while j < len(gains) and gains[j] >= 0:
            j += 1
        if j - i > 1 and sum(gains[i:j]) > 0:
            out.append((i, j))
        i = j
    return out


def keep_solver(table: Mapping[str, str], solver: Mapping[str, str], garbled: list[str],
                score: Callable[[str], float]) -> dict[str, str]:
    """``table`` (settled along the key) with the solver's reading back for each glyph read as a
    lower-case letter whose words read far better with it (by ``_KEEP_GAIN`` nats over all its uses in
    tokens of two characters or more) when no other glyph holds it.

    A key fitted to an order that is off over a stretch (a Mac subset for a whole Mac font) moves
    frequent letters the trigrams read well (« GÈnÈralitÈs » for « Généralités »); the rare glyphs the key
    is for gain a few nats at most either way.
    """
    out = dict(table)
    counts = Counter(garbled)
    by_glyph: dict[str, list[str]] = {}
    for token in counts:
        if len(token) > 1:  # a lone glyph scored alone reads better as a letter than as a mark (« à », « : »)
            for g in set(token):
                by_glyph.setdefault(g, []).append(token)

    def words(tokens, trial: Mapping[str, str]) -> float:
        return sum(counts[t] * score("".join(trial.get(ch, ch) for ch in t)) for t in tokens)

    for _ in range(_ROUNDS):
        gains = []
        for g, r in solver.items():
            if g not in out or not (r.isalpha() and r.islower()) or out[g] == r:
                continue  # lower-case letters only: the trigrams read those well, not capitals or marks
            tokens = by_glyph.get(g, [])
            gains.append((words(tokens, {**out, g: r}) - words(tokens, out), g, r))
        changed = False
        for gain, g, r in sorted(gains, reverse=True):
            if gain < _KEEP_GAIN:
                break
            if any(h != g and v == r for h, v in out.items()):
                continue  # two glyphs never read as one character
            out[g] = r
            changed = True
        if not changed:
            break
    return out

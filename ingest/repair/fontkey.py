"""One key for the whole font: the solver's readings fitted to the order a font numbers glyphs in.

Every glyph of a broken font is printed as glyph id + one constant, and glyph ids follow the
font's layout (``fontorder.py``). So once the frequent letters are read (by the trigram solver),
the font's order and constant follow, and with them every glyph, the rare ones included
(capitals, digits, punctuation the trigrams cannot tell apart). The fit is a vote: each glyph the
solver read votes, with its weight, for the constant that puts its reading at its place; a
dynamic programme then lets the constant step by one or two where the estimate of the font's
character set (known only from the document) is off. The key is trusted only when it agrees
with most of the solver's weight and clearly beats every other order.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from .charclass import APOSTROPHES
from .fontorder import METRICS, candidate_orders, positions

_GAP_OPEN = 3.0  # cost (in glyph weights) of neighbouring glyphs whose index gap differs from their places'
_GAP_EXTEND = 0.05  # ... plus this per unit of difference
_MIN_AGREEMENT = 0.8  # share of the solver's glyph weight the key must agree with
_MIN_MARGIN = 0.25  # ... and by how much it must beat the best key of another order or constant
_SLACK = 2  # how far past its anchors' constants a glyph's constant may stray
_STEP_COST = 4.0  # nats a change of the constant between neighbouring glyphs costs
_NO_READING = -1e9  # a constant that puts a glyph outside the font
_ESCAPE = 3.0  # nats by which a glyph's solver reading must beat the key's to be kept


@dataclass(frozen=True)
class FontKey:
    name: str  # name of the order
    metric: str
    order: str  # the font's characters in glyph id order
    place: Mapping[str, int]  # printed character → its place in glyph ids, up to the constant
    index: Mapping[str, int]  # voting glyph → its index in ``order``
    options: Mapping[str, tuple[str, ...]]  # printed character → its readings, nearest voting glyph first
    agreement: float  # share of the solver's glyph weight the key agrees with
    margin: float  # agreement minus that of the best key of another order or constant

    @property
    def table(self) -> dict[str, str]:
        return {ch: r[0] for ch, r in self.options.items()}


def _weight(count: int) -> float:
    return 1.0 + math.log(count)


def _same(a: str, b: str) -> bool:
    return a == b or (a in APOSTROPHES and b in APOSTROPHES)


def _fit(order: str, pos: Mapping[str, int], votes: Mapping[str, tuple[str, float]]) -> tuple[float, dict[str, int]]:
    """Best agreeing weight minus gap costs, and the order index of each voting glyph.

    A monotone alignment: glyphs by place ↔ rising indices of the order; a glyph gains its
    weight where the order holds its reading, and each unit by which the gap between two
    neighbouring glyphs' indices differs from the gap between their places costs ``_GAP_COST``
    (the order estimated from the document holds a glyph too many or too few there).
    """
    n = len(order)
    glyphs = _cluster(sorted(votes, key=pos.get), pos, votes, n)
    if not glyphs or n == 0:
        return 0.0, {}
    canon = ["'" if ch in APOSTROPHES else ch for ch in order]
    symbols = np.array(canon)
    idx = np.arange(n)
    step = idx[:, None] - idx[None, :]  # [i, j]: index i after index j
    moves: dict[int, np.ndarray] = {}  # gap between two glyphs' places → minus the cost of each (i, j)
    back = []
    prev = None
    for k, g in enumerate(glyphs):
        p, w = votes[g]
        p = "'" if p in APOSTROPHES else p
        gain = np.where(symbols == p, w, 0.0)
        if prev is None:
            prev = gain
            back.append(None)
            continue
        gap = pos[g] - pos[glyphs[k - 1]]
        if gap not in moves:  # neighbouring glyphs often stand the same distance apart
            miss = np.abs(step - gap)
            moves[gap] = np.where(step >= 1, -np.where(miss > 0, _GAP_OPEN + _GAP_EXTEND * miss, 0.0), -np.inf)
        cand = prev[None, :] + moves[gap]
        arg = np.argmax(cand, axis=1)
        prev = cand[idx, arg] + gain
        back.append(arg)
    i = int(np.argmax(prev))
    total = float(prev[i])
    index = {}
    for k in range(len(glyphs) - 1, -1, -1):
        index[glyphs[k]] = i
        if back[k] is not None:
            i = int(back[k][i])
    return total, index


def _cluster(glyphs: list[str], pos: Mapping[str, int], votes: Mapping[str, tuple[str, float]], n: int) -> list[str]:
    """The heaviest run of voting glyphs whose places fit in one font of ``n`` glyphs."""
    best, best_range, j, weight = -1.0, (0, 0), 0, 0.0
    for i, g in enumerate(glyphs):
        weight += votes[g][1]
        while pos[g] - pos[glyphs[j]] >= n:
            weight -= votes[glyphs[j]][1]
            j += 1
        if weight > best:
            best, best_range = weight, (j, i + 1)
    return glyphs[best_range[0]:best_range[1]]


def _key(order: str, pos: Mapping[str, int], index: Mapping[str, int], chars: set[str]) -> dict[str, tuple[str, ...]]:
    """Readings of every in-range character through the order: counted from the nearest voting
    glyph on either side (one reading where both agree, two where the order's estimate is off)."""
    voters = sorted(index, key=pos.get)
    placed = [pos[g] for g in voters]
    out = {}
    for ch in chars:
        if ch.isspace() or not voters:
            continue
        k = bisect.bisect_left(placed, pos[ch])
        near = sorted((voters[j] for j in (k - 1, k) if 0 <= j < len(voters)), key=lambda v: abs(pos[v] - pos[ch]))
        readings = []
        for g in near:
            i = index[g] + pos[ch] - pos[g]
            if 0 <= i < len(order) and not order[i].isspace() and order[i] not in readings:
                readings.append(order[i])
        if readings:
            out[ch] = tuple(readings)
    return out


def fit_font_key(table: Mapping[str, str], counts: Mapping[str, int], chars: set[str], used: set[str],
                 first_use: str) -> FontKey | None:
    """The font's key from the solver's ``table`` (glyph → reading, ``counts`` uses of each glyph).

    ``chars``: every character of the document (those the key may cover); ``used``: the plain
    characters the document is believed to hold; ``first_use``: the document as best read so
    far, for subsets numbered by first use.
    """
    votes = {g: (p, _weight(counts.get(g, 1))) for g, p in table.items() if p and not p.isspace()}
    total = sum(w for _, w in votes.values())
    if not votes or total <= 0:
        return None
    fits = []
    for metric in METRICS:
        pos = positions(set(chars) | set(votes), metric)
        for name, order in candidate_orders(used, first_use).items():
            score, shifts = _fit(order, pos, votes)
            if shifts:
                fits.append((score, name, metric, order, pos, shifts))
    if not fits:
        return None
    fits.sort(key=lambda t: -t[0])
    score, name, metric, order, pos, shifts = fits[0]
    key = _key(order, pos, shifts, set(chars) | set(votes))
    rival = 0.0
    for other in fits[1:]:
        other_key = _key(other[3], other[4], other[5], set(votes))
        if any(other_key.get(g, ())[:1] != key.get(g, ())[:1] for g in votes):
            rival = other[0]
            break
    return FontKey(name, metric, order, pos, shifts, key, score / total, (score - rival) / total)


def settle(table: Mapping[str, str], key: FontKey, garbled: list[str], score: Callable[[str], float]) -> dict[str, str]:
    """Each glyph's reading chosen along the font's order by the words it makes.

    Glyphs whose solver reading sits where the key puts it are anchors. Between two anchors the
    constant may step (the order estimated from the document may hold a character too many or
    too few there): a dynamic programme picks, glyph by glyph, a constant between the two
    anchors' constants, moving one way only, that makes the most likely words. A glyph keeps the
    solver's reading only when that reading beats the key's by ``_ESCAPE`` nats. Characters
    outside the font's range leave the table. ``garbled``:
    the tokens read as garbled whole; ``score``: a decoded token's log likelihood. Apostrophes
    stay the model's ``'`` (their style is the document's).
    """
    out = dict(table)
    by_glyph: dict[str, Counter] = {}
    for token, count in Counter(garbled).items():
        for g in set(token):
            by_glyph.setdefault(g, Counter())[token] += count
    order, place = key.order, key.place

    taken: set[str] = set()

    def reading(g: str, shift: int) -> str | None:
        i = place[g] + shift
        if not 0 <= i < len(order) or order[i].isspace() or order[i] in taken:
            return None
        return "'" if order[i] in APOSTROPHES else order[i]

    def total(g: str, r: str) -> float:
        trial = {**out, g: r}
        return sum(k * score("".join(trial.get(ch, ch) for ch in t)) for t, k in by_glyph.get(g, Counter()).items())

    anchors = sorted((g for g, i in key.index.items() if reading(g, i - place[g]) == _canon(table.get(g, ""))),
                     key=place.get)
    if not anchors:
        return out
    shift_of = {g: key.index[g] - place[g] for g in anchors}
    taken.update(order[key.index[g]] for g in anchors if order[key.index[g]] not in APOSTROPHES)
    glyphs = sorted((g for g in out if g in place and g not in shift_of), key=place.get)
    spots = [place[a] for a in anchors]
    groups: dict[tuple[int, int], list[str]] = {}
    for g in glyphs:
        k = bisect.bisect_left(spots, place[g])
        left = shift_of[anchors[k - 1]] if k > 0 else shift_of[anchors[0]]
        right = shift_of[anchors[k]] if k < len(anchors) else shift_of[anchors[-1]]
        groups.setdefault((left, right), []).append(g)
    # first along the key alone, then once more with the neighbours' new readings, letting the solver's stand
    for escape in (math.inf, _ESCAPE):
        for (left, right), members in groups.items():
            shifts = list(range(min(left, right) - _SLACK, max(left, right) + _SLACK + 1))
            outside = [g for g in members if all(place[g] + s < 0 or place[g] + s >= len(order) for s in shifts)]
            for g in outside:
                out.pop(g, None)  # no glyph of this font: a clean character the solver took for one
            members = [g for g in members if any(reading(g, s) is not None for s in shifts)]
            gains = [[(total(g, r) if (r := reading(g, s)) is not None else _NO_READING) for s in shifts] for g in members]
            if not members:
                continue
            best = [-_STEP_COST * abs(s - left) for s in shifts]  # best[j]: total with the constant at shifts[j]
            back = []
            for m, row in enumerate(gains):
                gap = place[members[m]] - place[members[m - 1]] if m else len(order)
                new, args = [], []
                for j, s in enumerate(shifts):
                    # indices rise with places: two glyphs never read as one character
                    steps = [(best[i] - _STEP_COST * abs(shifts[i] - s), i) for i in range(len(shifts))
                             if gap + s - shifts[i] > 0]
                    value, i = max(steps) if steps else (_NO_READING * 2, 0)
                    new.append(value + row[j])
                    args.append(i)
                best = new
                back.append(args)
            best = [b - _STEP_COST * abs(s - right) for b, s in zip(best, shifts)]
            j = max(range(len(shifts)), key=best.__getitem__)
            for m in range(len(members) - 1, -1, -1):
                g, r = members[m], reading(members[m], shifts[j])
                if r is not None and gains[m][j] > _NO_READING:
                    own = total(g, out[g]) if out[g] else -math.inf
                    if own <= gains[m][j] + escape:
                        out[g] = r
                j = back[m][j]
    return out


def _canon(ch: str) -> str:
    return "'" if ch in APOSTROPHES else ch

"""Solve the substitution: which plain character each foreign glyph stands for.

Each garbled line becomes a sequence of symbols: spaces and clean characters are fixed, every
foreign character is a variable (one per glyph), and a native character inside a garbled token
is unknown (glyph or genuine?) and breaks the n-grams it sits in. The score of a table is the
trigram log likelihood of every n-gram holding a variable, counted once per distinct n-gram.
Seeded by frequency rank, then hill-climbed: each glyph in turn tries every plain character
it may stand for (swapping with the glyph that holds it, except for the apostrophe, which fonts
draw twice). What a glyph may stand for is a mask: a font numbers its capitals in the first
block, so the glyphs that land past Latin-1 (the foreign ones) are never capitals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from .charclass import GarbledToken, is_foreign
from .langmodel import APOS, FrenchModel, canonical

log = logging.getLogger(__name__)

_BREAK = -1
_MAX_SWEEPS = 12
_SHORTLIST = 8


@dataclass(frozen=True)
class CipherText:
    glyphs: tuple[str, ...]  # variable k ↔ glyphs[k]
    counts: np.ndarray  # (G,) occurrences per glyph
    types: np.ndarray  # (T, 3) ids: < n fixed plain symbol, ≥ n variable (n + k)
    weights: np.ndarray  # (T,) occurrences of each n-gram


def _line_ids(
    line: str, garbled: list[GarbledToken], model: FrenchModel, glyph_ids: dict[str, int],
    decoded: Mapping[tuple[int, int, int], str] | None = None,
) -> list[int]:
    index, n = model.index, model.size
    # any white space (a no-break space before ») is a word boundary, as in the model's training text
    ids = [0 if ch.isspace() else index.get(ch, _BREAK) for ch in canonical(line)]
    for tok in garbled:
        known = (decoded or {}).get((tok.page, tok.line, tok.start), "")
        for offset, ch in enumerate(tok.text):
            if is_foreign(ch):
                ids[tok.start + offset] = n + glyph_ids.setdefault(ch, len(glyph_ids))
            elif len(known) == len(tok.text):
                ids[tok.start + offset] = index.get(canonical(known[offset]), _BREAK)
            else:
                ids[tok.start + offset] = _BREAK
    return [0] + ids + [0]


def build_ciphertext(
    pages: list[list[str]], tokens: list[GarbledToken], model: FrenchModel,
    decoded: Mapping[tuple[int, int, int], str] | None = None,
) -> CipherText:
    """Distinct trigrams touching a glyph, with counts, over every garbled line.

    A native character inside a garbled token breaks its n-grams, unless ``decoded`` (token key
    → a reading of the same length) says what it stands for.
    """
    by_line: dict[tuple[int, int], list[GarbledToken]] = {}
    for tok in tokens:
        by_line.setdefault((tok.page, tok.line), []).append(tok)
    glyph_ids: dict[str, int] = {}
    rows = []
    for (p, i), toks in by_line.items():
        ids = np.array(_line_ids(pages[p][i], toks, model, glyph_ids, decoded), dtype=np.int64)
        tri = np.stack([ids[:-2], ids[1:-1], ids[2:]], axis=1)
        keep = (tri >= 0).all(axis=1) & (tri >= model.size).any(axis=1)
        rows.append(tri[keep])
    tri = np.concatenate(rows) if rows else np.zeros((0, 3), dtype=np.int64)
    types, weights = np.unique(tri, axis=0, return_counts=True)
    glyphs = tuple(sorted(glyph_ids, key=glyph_ids.get))
    counts = np.zeros(len(glyphs))
    for tok in tokens:
        for ch in tok.text:
            if is_foreign(ch):
                counts[glyph_ids[ch]] += 1
    return CipherText(glyphs, counts, types, weights.astype(np.float64))


class Scorer:
    """Vectorised score of many candidate tables at once."""

    def __init__(self, ct: CipherText, model: FrenchModel):
        n = model.size
        self.n = n
        self.flat = model.logp3.reshape(-1)
        self.weights = ct.weights
        t = ct.types
        is_var = t >= n
        self.var = np.where(is_var, t - n, 0)
        place = np.array([n * n, n, 1], dtype=np.int64)  # a trigram's index in the flat table
        self.base = np.where(is_var, 0, t) @ place  # the fixed symbols' part of each index
        self.step = np.where(is_var, place[None, :], 0)  # per position, what a glyph's symbol adds
        self.by_glyph = [np.flatnonzero((t == n + k).any(axis=1)) for k in range(len(ct.glyphs))]
        self.rows = np.zeros(len(t), dtype=bool)  # scratch mask for ``gains``
        self._parts: dict[int, tuple] = {}

    def scores(self, tables: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """tables: (K, G) plain ids → (K,) log likelihoods (over n-gram types ``rows``)."""
        var, base, step, weights = self.var, self.base, self.step, self.weights
        if rows is not None:
            var, base, step, weights = var[rows], base[rows], step[rows], weights[rows]
        return self._scores(tables, var, base, step, weights)

    def glyph_scores(self, tables: np.ndarray, k: int) -> np.ndarray:
        """``scores`` over the n-gram types of glyph ``k`` (their parts cut once per glyph)."""
        if k not in self._parts:
            rows = self.by_glyph[k]
            self._parts[k] = (self.var[rows], self.base[rows], self.step[rows], self.weights[rows])
        return self._scores(tables, *self._parts[k])

    def _scores(self, tables, var, base, step, weights) -> np.ndarray:
        flat = base + tables[:, var[:, 0]] * step[:, 0] + tables[:, var[:, 1]] * step[:, 1] + tables[:, var[:, 2]] * step[:, 2]
        return self.flat[flat] @ weights


    def gains(self, table: np.ndarray, cands: np.ndarray) -> np.ndarray:
        """Exact score change of each candidate against ``table``, scored only on the n-grams
        of the glyphs some candidate changes (the others score the same under every table)."""
        glyphs = np.flatnonzero((cands != table[None, :]).any(axis=0))
        if not len(glyphs):
            return np.zeros(len(cands))
        stacked = np.vstack([cands, table[None, :]])
        scores = self.glyph_scores(stacked, int(glyphs[0])) if len(glyphs) == 1 else self.scores(stacked, self._union(glyphs))
        return scores[:-1] - scores[-1]

    def _union(self, glyphs: np.ndarray) -> np.ndarray:
        """The n-gram types touching any of ``glyphs``, in rising order (as ``np.unique`` gives them)."""
        if len(glyphs) == 1:
            return self.by_glyph[glyphs[0]]
        mask = self.rows
        for g in glyphs:
            mask[self.by_glyph[g]] = True
        rows = np.flatnonzero(mask)
        mask[rows] = False
        return rows

    def deltas(self, table: np.ndarray, cands: np.ndarray) -> np.ndarray:
        """Exact score change of each candidate against ``table``, on the n-grams it touches."""
        out = np.zeros(len(cands))
        changed = cands != table[None, :]
        for row, cand in enumerate(cands):
            glyphs = np.flatnonzero(changed[row])
            if len(glyphs):
                rows = self._union(glyphs)
                new, old = self.scores(np.stack([cand, table]), rows)
                out[row] = new - old
        return out


def _profile(total: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """(frequency share, share opening a word, share closing a word) per symbol."""
    safe = np.maximum(total, 1e-9)
    return np.stack([np.log(safe / max(total.sum(), 1e-9)), start / safe, end / safe], axis=1)


def _glyph_profile(ct: CipherText, n: int) -> np.ndarray:
    g = len(ct.glyphs)
    mid = ct.types[:, 1] >= n
    k = ct.types[mid, 1] - n
    w = ct.weights[mid]
    total = np.bincount(k, weights=w, minlength=g)
    start = np.bincount(k, weights=w * (ct.types[mid, 0] == 0), minlength=g)
    end = np.bincount(k, weights=w * (ct.types[mid, 2] == 0), minlength=g)
    return _profile(total, start, end)


def _seed(ct: CipherText, model: FrenchModel, allowed: np.ndarray) -> np.ndarray:
    """Greedy match of glyphs to plain symbols by frequency and position in the word."""
    big = model.bigram
    plain = _profile(big.sum(axis=0), big[0], big[:, 0])[1:]
    glyph = _glyph_profile(ct, model.size)
    free = np.ones(len(plain), dtype=bool)
    table = np.zeros(len(ct.glyphs), dtype=np.int64)
    for k in np.argsort(-ct.counts, kind="stable"):
        dist = np.abs(plain[:, 0] - glyph[k, 0]) + 4.0 * np.abs(plain[:, 1:] - glyph[k, 1:]).sum(axis=1)
        dist[~free | ~allowed[k, 1:]] = np.inf
        best = int(np.argmin(dist))
        free[best] = False
        table[k] = best + 1
    return table


def allowed_mask(ct: CipherText, model: FrenchModel) -> np.ndarray:
    """(G, n) what each glyph may stand for: anything but the space and a capital letter."""
    ok = np.array([i > 0 and not ch.isupper() for i, ch in enumerate(model.symbols)])
    return np.repeat(ok[None, :], len(ct.glyphs), axis=0)


def candidates(table: np.ndarray, k: int, allowed: np.ndarray, shared: int) -> np.ndarray:
    """Every table giving glyph k a symbol it may take (swapping when taken and allowed)."""
    plain = np.flatnonzero(allowed[k])
    cands = np.repeat(table[None, :], len(plain), axis=0)
    owner = np.full(allowed.shape[1], -1)
    owner[table] = np.arange(len(table))
    holder = owner[plain]
    swap = (holder >= 0) & (holder != k) & (plain != shared)
    cands[np.flatnonzero(swap), holder[swap]] = table[k]
    cands[:, k] = plain
    ok = ~swap | allowed[np.maximum(holder, 0), table[k]]
    return cands[ok]


def hill_climb(
    ct: CipherText, model: FrenchModel, allowed: np.ndarray, table: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Coordinate ascent on the trigram likelihood; returns (table, score)."""
    scorer = Scorer(ct, model)
    table = _seed(ct, model, allowed) if table is None else table.copy()
    shared = model.index[APOS]
    best = float(scorer.scores(table[None, :])[0])
    order = np.argsort(-ct.counts, kind="stable")
    # a glyph's move depends on the table alone: once every glyph in a row has found no gain, the
    # rest of the sweep and the next would find none either (the same table as a full last sweep)
    idle = 0
    for sweep in range(_MAX_SWEEPS):
        changed = 0
        for k in order:
            cands = candidates(table, int(k), allowed, shared)
            # cheap pass on the n-grams of glyph k alone, exact pass on the few best
            rough = scorer.glyph_scores(cands, int(k))
            short = cands[np.argsort(-rough)[:_SHORTLIST]]
            gains = scorer.gains(table, short)
            top = int(np.argmax(gains))
            if gains[top] > 1e-6:
                table, best, changed, idle = short[top], best + float(gains[top]), changed + 1, 0
            else:
                idle += 1
                if idle >= len(order):
                    break
        log.debug("sweep=%d changed=%d score=%.1f", sweep, changed, best)
        if not changed or idle >= len(order):
            break
    return table, float(scorer.scores(table[None, :])[0])


def climb_glyphs(scorer: Scorer, table: np.ndarray, allowed: np.ndarray, shared: int, glyphs: list[int]) -> np.ndarray:
    """Give each listed glyph, in turn, the allowed symbol with the best exact n-gram score."""
    for k in glyphs:
        cands = candidates(table, int(k), allowed, shared)
        if len(cands):
            table = cands[int(np.argmax(scorer.scores(cands)))]
    return table


def margins(ct: CipherText, model: FrenchModel, table: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Per glyph: how much worse the best alternative is, per occurrence (≥ 0)."""
    scorer = Scorer(ct, model)
    shared = model.index[APOS]
    base = float(scorer.scores(table[None, :])[0])
    out = np.zeros(len(ct.glyphs))
    for k in range(len(ct.glyphs)):
        cands = candidates(table, k, allowed, shared)
        scores = scorer.scores(cands)
        scores[cands[:, k] == table[k]] = -np.inf
        out[k] = (base - scores.max()) / max(ct.counts[k], 1.0)
    return out


def _perturb(table: np.ndarray, rng: np.random.Generator, allowed: np.ndarray) -> np.ndarray:
    """Kick a local optimum: shuffle the plain symbols of a third of the glyphs.

    Moves are transpositions the mask allows, plus a few unused symbols handed out: the table
    stays one-to-one (a reverted move used to leave two glyphs on one symbol, which no later
    swap could undo, since a swap only sees one holder per symbol).
    """
    out = table.copy()
    picked = rng.choice(len(out), size=max(2, len(out) // 3), replace=False)
    for i, j in zip(picked, rng.permutation(picked)):
        if i != j and allowed[i, out[j]] and allowed[j, out[i]]:
            out[i], out[j] = out[j], out[i]
    fresh = rng.choice(picked, size=max(1, len(picked) // 4), replace=False)
    unused = np.setdiff1d(np.arange(1, allowed.shape[1]), out)
    for k in fresh:
        options = unused[allowed[k, unused]]
        if len(options):
            new_symbol = rng.choice(options)
            unused = np.append(unused[unused != new_symbol], out[k])
            out[k] = new_symbol
    return out


def solve(
    ct: CipherText, model: FrenchModel, allowed: np.ndarray, restarts: int = 12, seed: int = 0,
    first: tuple[np.ndarray, float] | None = None,
) -> tuple[np.ndarray, float]:
    """Iterated hill climbing: stop once the best table has been reached twice.

    ``first``: the result of the first climb (``hill_climb`` from no table), if already run."""
    rng = np.random.default_rng(seed)
    best, score = first if first is not None else hill_climb(ct, model, allowed)
    hits = 1
    for attempt in range(restarts):
        table, value = hill_climb(ct, model, allowed, _perturb(best, rng, allowed))
        if value > score + 1e-6:
            best, score, hits = table, value, 1
        elif value > score - 1e-6:
            hits += 1
        if hits >= 3:
            break
    log.info("cipher glyphs=%d restarts=%d score=%.1f", len(ct.glyphs), attempt + 1, score)
    return best, score

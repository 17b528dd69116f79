"""Where punctuation sits in a line: what tells a bullet from ``«``, a line-final ``;`` from ``:``.

The trigrams see a line start or end as a mere word boundary. Learned from clean lines (the
document's own and the reference texts), the log ratio of a symbol's share at a line start
(end) to its share at any word start (end) corrects that; the punctuation glyphs are then
re-read, each in turn, on n-grams plus this line-position term.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .charclass import GarbledToken, is_foreign
from .cipher import CipherText, Scorer, candidates
from .langmodel import APOS, FrenchModel, canonical

_PRIOR = 5.0  # pseudo-counts pulling a line-position share towards the word-position share
_SWEEPS = 2


def _shares(counts: np.ndarray, prior: np.ndarray | None = None) -> np.ndarray:
    if prior is None:
        return (counts + 1.0) / (counts.sum() + len(counts))
    return (counts + _PRIOR * prior) / (counts.sum() + _PRIOR)


def _item(words: list[str]) -> bool:
    """A list item: the line opens with a one-character token (a bullet, a dash)."""
    return len(words) > 1 and len(words[0]) == 1 and not words[0].isalnum()


def position_logratios(lines: list[str], model: FrenchModel) -> np.ndarray:
    """(3, n) log ratios per symbol: line start vs word start, then line end vs word end, for
    list items and for other lines (``;`` closes items, ``:`` announces them)."""
    n, index = model.size, model.index
    counts = np.zeros((5, n))  # line start, word start, item end, other line end, word end
    for line in lines:
        words = canonical(line).split()
        item = _item(words)
        for j, word in enumerate(words):
            first, last = index.get(word[0], -1), index.get(word[-1], -1)
            if first >= 0:
                counts[1, first] += 1
                counts[0, first] += j == 0
            if last >= 0:
                counts[4, last] += 1
                counts[2 if item else 3, last] += j == len(words) - 1
    word_start, word_end = _shares(counts[1]), _shares(counts[4])
    return np.stack([
        np.log(_shares(counts[0], word_start)) - np.log(word_start),
        np.log(_shares(counts[2], word_end)) - np.log(word_end),
        np.log(_shares(counts[3], word_end)) - np.log(word_end),
    ])


def glyph_positions(pages: list[list[str]], tokens: list[GarbledToken], glyphs: tuple[str, ...]) -> np.ndarray:
    """(3, G) how often each glyph opens a line, closes a list item, closes another line."""
    pos = {g: k for k, g in enumerate(glyphs)}
    out = np.zeros((3, len(glyphs)))
    for line in {(t.page, t.line) for t in tokens}:
        text = pages[line[0]][line[1]].strip()
        if text and is_foreign(text[0]) and text[0] in pos:
            out[0, pos[text[0]]] += 1
        if text and is_foreign(text[-1]) and text[-1] in pos:
            words = text.split()
            out[1 if len(words) > 1 and len(words[0]) == 1 else 2, pos[text[-1]]] += 1
    return out


def alone_share(tokens: list[GarbledToken], glyphs: tuple[str, ...]) -> np.ndarray:
    """(G,) share of each glyph's occurrences that are a whole token by themselves (0 if rare)."""
    pos = {g: k for k, g in enumerate(glyphs)}
    total, alone = np.zeros(len(glyphs)), np.zeros(len(glyphs))
    for tok in tokens:
        for ch in tok.text:
            if ch in pos:
                total[pos[ch]] += 1
        if len(tok.text) == 1 and tok.text in pos:
            alone[pos[tok.text]] += 1
    return np.where(total >= 3, alone / np.maximum(total, 1), 0.0)


def _last_chars(lines: list[str]) -> list[str]:
    """The last character of each non-empty line, in order (blank lines skipped)."""
    return [canonical(line.rstrip()[-1]) for line in lines if line.strip()]


def end_transitions(texts: list[list[str]], model: FrenchModel) -> np.ndarray:
    """(n, n) log P(line ends with b | previous line ended with a) / P(line ends with b).

    ``:`` announces a list whose items end with ``;``, then ``.``: the previous line's end tells.
    """
    return pair_transitions([_last_chars(lines) for lines in texts], model)


def lone_marks(texts: list[list[str]]) -> list[list[str]]:
    """Per line, the one-character punctuation tokens in order (``•``, ``«``, ``»``, ``–``).

    ``«`` opens what ``»`` closes on the same line, a bullet opens the line: the previous lone
    mark on the line tells which is which. A foreign glyph standing alone may be any of them.
    """
    return [[canonical(w) for w in line.split() if len(w) == 1 and (not w.isalnum() or is_foreign(w))]
            for lines in texts for line in lines]


def pair_transitions(seqs: list[list[str]], model: FrenchModel) -> np.ndarray:
    """(n, n) log P(b | a came just before in the same sequence) / P(b)."""
    n, index = model.size, model.index
    counts = np.zeros((n, n))
    for seq in seqs:
        ids = [index.get(ch, -1) for ch in seq]
        for a, b in zip(ids, ids[1:]):
            if a >= 0 and b >= 0:
                counts[a, b] += 1
    overall = _shares(counts.sum(axis=0))
    cond = (counts + _PRIOR * overall[None, :]) / (counts.sum(axis=1, keepdims=True) + _PRIOR)
    return np.log(cond) - np.log(overall)[None, :]


class SymbolPairs:
    """Consecutive symbols of the garbled document (glyph ids or fixed symbols), counted."""

    def __init__(self, seqs: list[list[str]], glyphs: tuple[str, ...], model: FrenchModel, logratio: np.ndarray):
        pos, index = {g: k for k, g in enumerate(glyphs)}, model.index
        pairs: dict[tuple[int, int, int, int], int] = {}
        for seq in seqs:
            for a, b in zip(seq, seq[1:]):
                if (a in pos or b in pos) and (a in pos or a in index) and (b in pos or b in index):
                    key = (pos.get(a, -1), index.get(a, 0), pos.get(b, -1), index.get(b, 0))
                    pairs[key] = pairs.get(key, 0) + 1
        rows = np.array(list(pairs), dtype=np.int64).reshape(-1, 4)
        self.ka, self.fa, self.kb, self.fb = rows.T
        self.weights = np.array(list(pairs.values()), dtype=np.float64)
        self.logratio = logratio

    def scores(self, tables: np.ndarray) -> np.ndarray:
        if not len(self.weights):
            return np.zeros(len(tables))
        a = np.where(self.ka >= 0, tables[:, np.maximum(self.ka, 0)], self.fa)
        b = np.where(self.kb >= 0, tables[:, np.maximum(self.kb, 0)], self.fb)
        return self.logratio[a, b] @ self.weights


class EndPairs(SymbolPairs):
    """Consecutive line ends of the garbled document."""

    def __init__(self, pages: list[list[str]], glyphs: tuple[str, ...], model: FrenchModel, logratio: np.ndarray):
        super().__init__([_last_chars(lines) for lines in pages], glyphs, model, logratio)


class LoneStyle:
    """A document keeps its own marks: which one-character marks its clean lines stand alone.

    Log ratio of a mark's share among the document's lone marks (pulled towards the references'
    shares) to its share in the references, times how often each glyph stands alone: a document
    whose clean lines bullet with ``●`` reads its bullet glyph as ``●``, not the ``•`` of others.
    """

    def __init__(self, doc_lines: list[str], ref_lines: list[str], tokens: list[GarbledToken],
                 glyphs: tuple[str, ...], model: FrenchModel):
        n, index = model.size, model.index

        def counts(lines: list[str]) -> np.ndarray:
            out = np.zeros(n)
            for line in lines:
                for w in canonical(line).split():
                    if len(w) == 1 and not w.isalnum() and w in index:
                        out[index[w]] += 1
            return out

        ref = _shares(counts(ref_lines))
        doc = _shares(counts(doc_lines), ref)
        word = np.array([ch.isalnum() or ch == " " for ch in model.symbols])
        ratio = np.log(doc) - np.log(ref)
        # it tells which mark, never whether a mark: a letter reading scores as the best mark
        self.logratio = np.where(word, ratio[~word].max(), ratio)
        pos = {g: k for k, g in enumerate(glyphs)}
        self.alone = np.zeros(len(glyphs))
        for tok in tokens:
            if len(tok.text) == 1 and tok.text in pos:
                self.alone[pos[tok.text]] += 1

    def scores(self, tables: np.ndarray) -> np.ndarray:
        return self.logratio[tables] @ self.alone


def line_terms(positions: np.ndarray, ratios: np.ndarray, *pairs: SymbolPairs) -> Callable[[np.ndarray], np.ndarray]:
    """The line-position and mark-sequence scores of candidate tables (K, G) → (K,)."""

    def terms(cands: np.ndarray) -> np.ndarray:
        position = sum(ratios[j][cands] @ positions[j] for j in range(len(ratios)))
        return position + sum(p.scores(cands) for p in pairs)

    return terms


def place_punctuation(
    ct: CipherText, model: FrenchModel, table: np.ndarray, allowed: np.ndarray, positions: np.ndarray,
    ratios: np.ndarray, alone_share: np.ndarray, ends: EndPairs, *extra_pairs: SymbolPairs,
) -> np.ndarray:
    """Re-read the punctuation glyphs on n-grams plus line position; letters and digits stay."""
    punct = np.array([not ch.isalnum() and ch != " " for ch in model.symbols])
    mask = allowed & punct[None, :]
    # a glyph mostly standing alone (a bullet, a spaced colon) may be punctuation the n-grams
    # read as a letter: it may keep its letter or take a punctuation mark
    alone = (alone_share >= 0.5) & ~punct[table]
    mask[np.flatnonzero(alone), table[alone]] = True
    scorer = Scorer(ct, model)
    shared = model.index[APOS]
    terms = line_terms(positions, ratios, ends, *extra_pairs)

    def total(cands: np.ndarray) -> np.ndarray:
        return scorer.scores(cands) + terms(cands)

    order = [k for k in np.argsort(-positions.sum(axis=0), kind="stable") if punct[table[k]] or alone[k]]
    for _ in range(_SWEEPS):
        changed = 0
        for k in order:
            cands = candidates(table, int(k), mask, shared)
            if not len(cands):
                continue
            values = total(cands)
            best = int(np.argmax(values))
            if values[best] > float(total(table[None, :])[0]) + 1e-6:
                table, changed = cands[best], changed + 1
        if not changed:
            break
    return table

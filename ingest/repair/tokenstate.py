"""Per line, which tokens are garbled: readings of a token and a Viterbi pass over a line.

A token may be read as found, decoded whole, or with a span edge inside it (a clean prefix and
a garbled suffix, or the reverse); spans run over several tokens, so a change of state between
tokens costs the document's rate of span edges.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .langmodel import WORD, FrenchModel, canonical

_SWITCH = math.log(0.05)  # a span starting or stopping between two tokens
_INNER = math.log(0.004)  # a span starting or stopping inside a token
_GARBLED_PER_CHAR = -3.2  # first pass: what a decodable token scores per character, before any table
_GARBLED_COST = -2.0  # first pass: claiming a token is garbled before any table is known
_GLYPHISH = 0.5  # share of a character's uses inside garbled tokens that makes it a likely glyph
_MIN_RATE, _MAX_RATE = 0.01, 0.3  # bounds on the learned rate of span edges between tokens


@dataclass
class Reading:
    text: str
    first: bool  # state at the token's first character: True = garbled
    last: bool
    score: float
    mask: tuple[bool, ...]  # garbled per character


def token_score(text: str, model: FrenchModel) -> float:
    """Trigram log probability plus the dictionary bonus of every word."""
    return model.text_logprob(text) + sum(model.word_bonus(w) for w in WORD.findall(canonical(text)))


class Reader:
    """Readings of one token: as found, decoded whole, or a span edge inside it."""

    def __init__(self, model: FrenchModel, table: dict[str, str] | None, switch: float = _SWITCH,
                 inner: float = _INNER, glyphish: frozenset[str] = frozenset(), cache: dict | None = None):
        self.model, self.table, self.glyphish = model, table, glyphish
        self.switch, self.inner = switch, inner  # log probabilities of a span edge between / inside tokens
        # token scores depend on the model only: readers of one model may share them
        self._cache: dict[str, float] = {} if cache is None else cache
        self._readings: dict[str, list[Reading]] = {}

    def score(self, text: str) -> float:
        if text not in self._cache:
            self._cache[text] = token_score(text, self.model)
        return self._cache[text]

    def readings(self, token: str) -> list[Reading]:
        """Every reading of ``token`` (computed once per token: documents repeat their words)."""
        if token not in self._readings:
            self._readings[token] = self._read(token)
        return self._readings[token]

    def _read(self, token: str) -> list[Reading]:
        n = len(token)
        out = [Reading(token, False, False, self.score(token), (False,) * n)]
        if self.table is None:
            out.append(Reading(token, True, True, _GARBLED_PER_CHAR * (n + 1) + _GARBLED_COST, (True,) * n))
            return out
        if any(ch not in self.table for ch in token):
            decodable = [ch in self.table for ch in token]
        else:
            decodable = [True] * n
        dec = "".join(self.table.get(ch, ch) for ch in token)
        if all(decodable):
            out.append(Reading(dec, True, True, self.score(dec), (True,) * n))
        if n > 1 and n <= 40:
            for k in range(1, n):
                # a span edge inside a token sits next to a character mostly seen as a glyph
                if all(decodable[k:]) and token[k] in self.glyphish:  # clean prefix, garbled suffix
                    text = token[:k] + dec[k:]
                    out.append(Reading(text, False, True, self.score(text) + self.inner, (False,) * k + (True,) * (n - k)))
                if all(decodable[:k]) and token[k - 1] in self.glyphish:  # garbled prefix, clean suffix
                    text = dec[:k] + token[k:]
                    out.append(Reading(text, True, False, self.score(text) + self.inner, (True,) * k + (False,) * (n - k)))
        return out


def label_line(tokens: list[str], reader: Reader) -> list[Reading]:
    """Viterbi over the tokens of one line: the best reading of each, spans kept in runs."""
    if not tokens:
        return []
    options = [reader.readings(t) for t in tokens]
    # best[state]: (score, back-pointers) ending in state (False clean, True garbled)
    switch = reader.switch
    best = {False: (0.0, []), True: (switch, [])}
    for opts in options:
        new: dict[bool, tuple[float, list[int]]] = {}
        for j, r in enumerate(opts):
            prev = max(((s + (0.0 if st == r.first else switch), path) for st, (s, path) in best.items()),
                       key=lambda t: t[0])
            value = (prev[0] + r.score, prev[1] + [j])
            if r.last not in new or value[0] > new[r.last][0]:
                new[r.last] = value
        best = new
    _, path = max(best.values(), key=lambda t: t[0])
    return [opts[j] for opts, j in zip(options, path)]


def glyphish_chars(lines, toks, labels) -> frozenset[str]:
    """Characters seen mostly inside tokens read as garbled whole."""
    garbled, clean = Counter(), Counter()
    for key, _ in lines:
        for token, r in zip(toks[key], labels[key]):
            if all(r.mask):
                garbled.update(token)
            elif not any(r.mask):
                clean.update(token)
    return frozenset(ch for ch, k in garbled.items() if k >= _GLYPHISH * (k + clean[ch]))


def edge_rates(labels: dict[tuple[int, int], list[Reading]]) -> tuple[float, float]:
    """Log rates of span edges between tokens and inside tokens, from the current labels.

    Fonts are mixed differently in each document (whole lines, single words, mid-word runs).
    """
    between = inside = gaps = chars = 0
    for readings in labels.values():
        for a, b in zip(readings, readings[1:]):
            gaps += 1
            between += a.last != b.first
        for r in readings:
            chars += max(len(r.mask) - 1, 0)
            inside += sum(x != y for x, y in zip(r.mask, r.mask[1:]))
    rate = min(max((between + 1) / (gaps + 2), _MIN_RATE), _MAX_RATE)
    inner = min(max((inside + 1) / (chars + 2), _MIN_RATE / 10), _MAX_RATE / 10)
    return math.log(rate), math.log(inner)


def lone_at_edges(lines, toks, labels) -> Counter:
    """Per character read as garbled standing alone: its uses opening or ending a line minus those inside."""
    out: Counter = Counter()
    for key, _ in lines:
        n = len(toks[key])
        for j, (token, r) in enumerate(zip(toks[key], labels[key])):
            if len(token) == 1 and r.mask[0]:
                out[token] += 1 if j in (0, n - 1) else -1
    return out


def next_to_span(readings: list[Reading], j: int) -> bool:
    """A token of the line next to one read as garbled (the same span may hold it)."""
    return any(0 <= k < len(readings) and any(readings[k].mask) for k in (j - 1, j + 1))

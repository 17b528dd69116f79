"""Where a character standing alone sits in its line: a reading of lone glyphs apart from the trigrams.

A glyph printed as a token of its own (« : », « • », « – », « « ») gives the trigram solver
little to go on: a letter of the words either side. Its places in the lines say more, and say
it apart from the trigrams: a bullet opens lines before a capital, « ; » closes them, « : »
follows a word and comes before another or ends the line, « à » stands between lower-case words,
« « » comes before a closing « » » and « » » after an opening one.
Learned from clean lines (the reference texts and the document's lines with no span), a naive
Bayes model over five places per use (where in the line; the kind of character before it and of
the one after it; whether a quotation is open, and one closes after it) gives each lone glyph the
character that explains its uses best. Where that character is the solver's reading, two
independent readings agree.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable, Sequence

_MIN_ALONE = 3  # uses alone in the clean lines for a character to be a candidate reading
_PRIOR = 0.5  # pseudo-count per place value
_VALUES = 5  # values a place takes, about (for the smoothing)
_BULLETS = frozenset("•●◦▪■□")  # list markers that print alike; not dashes, whose kinds differ in French

Places = tuple[tuple[str, str], ...]


def _kind(ch: str | None) -> str:
    if ch is None:
        return "none"
    if ch.isdigit():
        return "digit"
    if ch.isalpha():
        return "upper" if ch.isupper() else "lower"
    return "mark"


def places(tokens: Sequence[str], j: int) -> Places:
    """Token ``j`` of a line: where in the line, what ends the token before, what opens the next,
    and whether it stands inside a quotation (« opened before it, not closed) or before a closing »."""
    n = len(tokens)
    where = "only" if n == 1 else "start" if j == 0 else "end" if j == n - 1 else "inside"
    before = tokens[j - 1][-1] if j > 0 and tokens[j - 1] else None
    after = tokens[j + 1][0] if j + 1 < n and tokens[j + 1] else None
    opened = any("«" in t for t in tokens[:j]) and not any("»" in t for t in tokens[:j])
    closed = any("»" in t for t in tokens[j + 1 :])
    return (("where", where), ("before", _kind(before)), ("after", _kind(after)), ("quoted", str(opened)),
            ("closed after", str(closed)))


class LonePlaces:
    """Per character French text puts alone, how often it takes each place (from clean lines)."""

    def __init__(self, lines: Iterable[str]):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        for line in lines:
            tokens = line.split()
            for j, token in enumerate(tokens):
                if len(token) == 1:
                    self.counts[token].update(places(tokens, j))
                    self.counts[token]["uses"] += 1
        self.candidates = [ch for ch, c in self.counts.items() if c["uses"] >= _MIN_ALONE]

    def _logp(self, ch: str, uses: list[Places]) -> float:
        c = self.counts[ch]
        n = c["uses"]
        return sum(math.log((c[p] + _PRIOR) / (n + _VALUES * _PRIOR)) for use in uses for p in use)

    def singles_out(self, reading: str, uses: list[Places]) -> bool:
        """The lone uses are explained better by ``reading`` than by any other candidate (« à » included);
        for a bullet, by a bullet: all take the same places, and which one a document prints is the
        trigrams' to say (they learn it from its clean lines)."""
        if reading not in self.candidates or not uses:
            return False
        scores = {ch: self._logp(ch, uses) for ch in self.candidates}
        if reading in _BULLETS:
            best = max(scores, key=scores.get, default=None)
            return best in _BULLETS and all(v < scores[best] for ch, v in scores.items() if ch not in _BULLETS)
        return all(v < scores[reading] for ch, v in scores.items() if ch != reading)


def lone_placed(lines, toks, labels, table: dict[str, str], reference_texts: Iterable[str]) -> frozenset[str]:
    """Glyphs read as a punctuation mark whose uses alone, read in their lines, single that mark out
    (places learned from the reference texts and the document's lines with no span)."""
    clean = [line for text in reference_texts for line in text.split("\n")]
    clean += [" ".join(toks[key]) for key, _ in lines if not any(any(r.mask) for r in labels[key])]
    model = LonePlaces(clean)
    uses: dict[str, list[Places]] = defaultdict(list)
    for key, _ in lines:
        readings = [r.text for r in labels[key]]
        for j, (token, r) in enumerate(zip(toks[key], labels[key])):
            if len(token) == 1 and r.mask[0] and len(table.get(token, "")) == 1 and not table[token].isalnum():
                uses[token].append(places(readings, j))
    return frozenset(g for g, found in uses.items() if model.singles_out(table[g], found))

"""Whether a decoded token is passed on as text or reported low-confidence: the one place that decides.

A decoding is only as good as the glyph readings it is made of. A glyph's reading is supported
when two independent sources found it (the trigram solver and the font's order); or, for a
digit or a lower-case letter, when the font's order places it alike from the voting glyphs on
both sides; or, for a letter, when it spells several distinct common words; or, for a lower-case
letter, when it is frequent enough for the trigrams to settle it. A rare glyph read as
punctuation or a capital that only the trigrams, or only the order, supports (« » read for
« – », « J » for « L ») is where wrong confident text came from: a token holding one is
reported instead. A supported token must also read as French: every word known at a reasonable
frequency, and a clear margin over the text as found.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable

from .langmodel import WORD, FrenchModel
from .tokenstate import Reading

_CONFIDENT_MARGIN = 4.0  # nats a decoded reading must beat the text as found by to be trusted
_PLAUSIBLE_MARGIN = 6.0  # ... when the text as found is itself plausible (known words, « – »)
_PLAUSIBLE_PER_CHAR = -4.5  # trigram score per character of text that reads as plausible French
_LETTER_WORDS = frozenset("aàylsdncjmtqe")  # one-letter words and elided forms (l', d', qu')
_WORD_FLOOR = math.log(1e-7)  # log frequency under which a known word is too rare to vouch for a reading
_LOWER_SUPPORT = 2  # distinct known words a lower-case letter's glyph must spell
_UPPER_SUPPORT = 2  # ... a capital's glyph
_FREQUENT_GLYPH = 20  # uses after which the trigrams alone settle a glyph (commas, periods)


def plausible(token: str, model: FrenchModel) -> bool:
    """Text as found that reads as French: known words, or likely characters (« – », « : »)."""
    words = [w for w in WORD.findall(token) if not w.isdigit()]
    if words:
        return all(model.is_word(w) for w in words) and max(map(len, words)) > 1
    return model.text_logprob(token) / (len(token) + 1) > _PLAUSIBLE_PER_CHAR


class Confidence:
    """Per document: which glyph readings are supported, and whether a decoded token is trusted.

    ``table``: glyph → final reading; ``agreed``: glyphs whose reading the solver and the font's
    order found on their own; ``placed``: glyphs the order reads alike from both neighbouring
    voting glyphs; ``garbled``: (token, reading) of the tokens decoded whole; ``counts``: uses
    of each glyph.
    """

    def __init__(self, model: FrenchModel, table: dict[str, str], agreed: Iterable[str], placed: Iterable[str],
                 garbled: Iterable[tuple[str, str]], counts: Counter):
        self.model, self.table = model, table
        spelled: dict[str, set[str]] = defaultdict(set)
        for token, reading in set(garbled):
            words = WORD.findall(reading)
            if words and all(self.common(w) for w in words if not w.isdigit()) and not reading.isdigit():
                for g in set(token):
                    spelled[g].add(reading)
        agreed, placed = set(agreed), set(placed)
        self.supported = frozenset(g for g, r in table.items()
                                   if g in agreed or (g in placed and (r.isdigit() or r.islower()))
                                   or (r.islower() and (counts[g] >= _FREQUENT_GLYPH
                                                        or len(spelled[g]) >= _LOWER_SUPPORT))
                                   or (r.isupper() and len(spelled[g]) >= _UPPER_SUPPORT))

    def common(self, word: str) -> bool:
        """A known word at a frequency where its reading is evidence (one letter: a French word)."""
        if len(word) == 1:
            return word.lower() in _LETTER_WORDS or word.isdigit()
        return self.model.word_logfreq(word) > _WORD_FLOOR

    def supports(self, token: str, r: Reading) -> bool:
        """Every glyph of the token's garbled part has a supported reading."""
        return all(ch in self.supported for ch, g in zip(token, r.mask) if g)

    def trusted(self, token: str, r: Reading, gain: float) -> bool:
        """A decoded token (``r``: its reading, ``gain``: nats over the text as found) passed on as text."""
        if not self.supports(token, r):
            return False  # a glyph nothing but the trigrams reads this way
        words = [w for w in WORD.findall(r.text) if not w.isdigit()]
        if not all(r.mask) and sum(len(w) > 1 for w in WORD.findall(r.text)) > 1:
            return False  # a span edge inside a token is trusted only where it makes one word
        if not all(self.common(w) for w in words) or gain < _CONFIDENT_MARGIN:
            return False
        return gain >= _PLAUSIBLE_MARGIN or not plausible(token, self.model)

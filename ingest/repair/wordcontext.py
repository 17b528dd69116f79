"""Word-to-word context for tokens whose text as found and whose decoding are both French.

When glyphs land on ASCII letters, a garbled ``de`` may print as ``mn`` and a garbled ``Le``
as ``Un``: judged alone, the text as found is plausible. Its neighbours decide: « partie mn
la » reads far worse than « partie de la ». Word bigrams are counted over the document's clean
text and the reference texts, backed off to wordfreq's French frequencies.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Sequence

from .langmodel import WORD, canonical

_UNSEEN_MARK = 0.01  # count given to a punctuation token the clean text never writes
_FLOOR = 1e-8  # frequency of a word wordfreq does not list
_CONTEXT_MARGIN = 4.0  # nats by which a decoding must make its neighbours likelier than the text as found
_WORD_MARGIN = 8.0  # ... when the text as found is itself made of known words (« un » for « le »)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("fr")


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(canonical(text))]


class WordContext:
    """log P(word | previous word), from clean text, backed off to unigram frequencies."""

    def __init__(self, texts: Sequence[str]):
        self.pairs: Counter = Counter()
        self.lefts: Counter = Counter()
        self.marks: Counter = Counter()  # tokens without a word (« – », « : »), as the clean text writes them
        for text in texts:
            for line in text.split("\n"):
                ws = words(line)
                self.pairs.update(zip(ws, ws[1:]))
                self.lefts.update(ws[:-1])
                self.marks.update(t for t in line.split() if not WORD.search(t))
        self.kinds = Counter(a for a, _ in self.pairs)  # distinct words seen after each word
        self.tokens = sum(self.lefts.values()) + sum(self.marks.values()) + 1

    def logp(self, prev: str | None, word: str) -> float:
        uni = _frequencies().get(word, _FLOOR)
        if prev is None:
            return math.log(uni)
        # Witten-Bell: a word followed by many different words leaves more to the unigram
        kinds = max(self.kinds[prev], 1)
        return math.log((self.pairs[(prev, word)] + kinds * uni) / (self.lefts[prev] + kinds))

    def score(self, left: str | None, text: str, right: str | None) -> float:
        """Log likelihood of ``text``'s words between the word before it and the word after it."""
        ws = words(text)
        if not ws:  # punctuation only: as likely as the clean text writes it; the words around it follow each other
            mark = math.log((self.marks[text] + _UNSEEN_MARK) / self.tokens)
            return mark + (self.logp(left, right) if right is not None else 0.0)
        total = self.logp(left, ws[0]) + sum(self.logp(a, b) for a, b in zip(ws, ws[1:]))
        if right is not None:
            total += self.logp(ws[-1], right)
        return total


def decode_in_context(lines, toks, labels, table: dict[str, str], score, context: WordContext,
                      is_word) -> set[tuple[tuple[int, int], int]]:
    """Tokens that their neighbours say are garbled (read as found or as garbled whole, alone
    they may look clean): their labels become the whole decoding (in place), and their
    (line key, token index) are returned, to be trusted as decoded.

    Only a decoding whose words are all known is considered, and only when it makes the words
    around it more likely than the text as found does, by ``_CONTEXT_MARGIN`` nats (``_WORD_MARGIN``
    when the text as found is made of known words too).
    """
    from .tokenstate import Reading

    switched = set()
    for key, _ in lines + lines:  # twice: a decoded neighbour gives the next token its context
        readings = labels[key]
        for j, token in enumerate(toks[key]):
            mask = readings[j].mask
            if (key, j) in switched or (any(mask) and not all(mask)) or any(ch not in table for ch in token):
                continue
            decoded = "".join(table[ch] for ch in token)
            ws = WORD.findall(decoded)
            if decoded == token or not ws or not all(is_word(w) for w in ws):
                continue
            left = words(readings[j - 1].text)[-1:] if j > 0 else []
            right = words(readings[j + 1].text)[:1] if j + 1 < len(readings) else []
            l, r = (left[0] if left else None), (right[0] if right else None)
            found_words = WORD.findall(token)
            if not found_words and r is None and not any(ch.isalpha() for ch in decoded):
                # a mark ending a line read as a number (« DONNÉES ? » as « DONNÉES 6 »): nothing follows
                # to tell, and a mark's count is not measured like a number's word frequency
                continue
            margin = _WORD_MARGIN if found_words and all(is_word(w) for w in found_words) else _CONTEXT_MARGIN
            if context.score(l, decoded, r) - context.score(l, token, r) >= margin:
                readings[j] = Reading(decoded, True, True, score(decoded), (True,) * len(token))
                switched.add((key, j))
    return switched

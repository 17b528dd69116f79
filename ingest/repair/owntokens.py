"""Glyphs whose letter another letter reads better by the document's own tokens.

A misread capital often still spells common words (« MAIS » for « AOPS », « He » for « Ce »), so
words and trigrams do not single it out. The document's text read as found is evidence apart
from both: where a glyph's reading leaves some of its tokens as no French (« Mrticle », « Hsaac »)
and another letter turns those very tokens into tokens the document writes (« Article »,
« Isaac »), without breaking more tokens the document writes than it mends, the reading is in
doubt. Used by ``confidence.Confidence``: a doubtful glyph is unsupported, and not vouched for by
word context either; the token is reported and left as found, never rewritten.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .charclass import FRENCH_LETTERS_ALL
from .langmodel import WORD, FrenchModel

_FREQUENT_LOWER = 20  # uses after which a lower-case letter's reading is settled by the trigrams (as in confidence)
_RIVALS = tuple(sorted(FRENCH_LETTERS_ALL))


def core(token: str) -> str:
    """The token without the punctuation around it (« (Article » → « Article »)."""
    start, end = 0, len(token)
    while start < end and not token[start].isalnum():
        start += 1
    while end > start and not token[end - 1].isalnum():
        end -= 1
    return token[start:end]


def _natural(word: str) -> bool:
    return word.islower() or word[1:].islower() or word.isupper() or word.isdigit()


def doubted_by_own_tokens(lines, toks, labels, table: dict[str, str], model: FrenchModel,
                          settled: set[str] = frozenset()) -> frozenset[str]:
    """Glyphs read as a letter (a capital, or a lower-case letter neither ``settled`` by the font's
    order nor used ``_FREQUENT_LOWER`` times) for which another letter turns at least one of the
    tokens this reading leaves as no French (unknown words, or words not cased as French writes
    them: « maJorité ») into a token the document writes as found, and mends more such tokens than
    it breaks (tokens the document writes that the other letter would not). The same letter in the
    other case is no rival: a document may write « LinkedIn » and « Linkedin »."""
    found = Counter(core(t) for key, _ in lines for t, r in zip(toks[key], labels[key]) if not any(r.mask))
    found.pop("", None)
    counts = Counter(ch for key, _ in lines for t, r in zip(toks[key], labels[key]) for ch, g in zip(t, r.mask) if g)
    uses: dict[str, Counter] = defaultdict(Counter)  # glyph → (token, mask) → uses
    for key, _ in lines:
        for t, r in zip(toks[key], labels[key]):
            if not any(r.mask) or any(g and ch not in table for ch, g in zip(t, r.mask)):
                continue
            for ch in {ch for ch, g in zip(t, r.mask) if g}:
                reading = table[ch]
                if len(reading) == 1 and reading.isalpha() and not (
                        reading.islower() and (counts[ch] >= _FREQUENT_LOWER or ch in settled)):
                    uses[ch][(t, r.mask)] += 1
    known: dict[str, bool] = {}

    def french(text: str) -> bool:
        if text not in known:
            words = WORD.findall(text)
            known[text] = bool(words) and all(model.is_word(w) and _natural(w) for w in words)
        return known[text]

    def read(token: str, mask, glyph: str, letter: str) -> str:
        return "".join((letter if ch == glyph else table[ch]) if g else ch for ch, g in zip(token, mask))

    out = set()
    for glyph, found_uses in uses.items():
        own = {use: read(*use, glyph, table[glyph]) for use in found_uses}
        unread = [use for use, text in own.items() if not french(text)]
        if not unread:
            continue  # every token it makes reads as French: nothing for another letter to mend
        written = [use for use, text in own.items() if found[core(text)]]
        for letter in _RIVALS:
            if letter.lower() == table[glyph].lower():
                continue  # the same letter in the other case: documents write names both ways (LinkedIn, Linkedin)
            gain = sum(found_uses[use] for use in unread if found[core(read(*use, glyph, letter))])
            if not gain:
                continue
            loss = sum(found_uses[use] for use in written if not found[core(read(*use, glyph, letter))])
            if gain > loss:
                out.add(glyph)
                break
    return frozenset(out)

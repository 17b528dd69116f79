"""Lone words read as found far more often than French writes them: a glyph printed as a word.

Where a font's glyphs land on ASCII letters, a garbled « à » standing alone may print as « y »,
itself a French word: read as found, it looks clean, and the word list vouches for it. But the
document then writes that lone word far more often than French does: « y » forty times in a
page of « à ». The reference texts (French without this document) give each lone word's rate
per token; a lone word the document uses many times more often than that rate predicts for its
length is a glyph as much as a word, and its uses next to a span are reported.
"""

from __future__ import annotations

from collections import Counter

_EXCESS = 4.0  # times the reference rate a lone word's count must pass ...
_SLACK = 10  # ... plus this many uses (a short document's chance excess)


def overused_lone_words(lines, toks, reference_texts: tuple[str, ...] | list[str]) -> frozenset[str]:
    """Lone letters (« y », « a ») the document writes far more often than the reference texts
    predict for its number of tokens."""
    ref_tokens = [t for text in reference_texts for t in text.split()]
    if not ref_tokens:
        return frozenset()
    ref = Counter(t for t in ref_tokens if len(t) == 1 and t.isalpha())
    doc = Counter(t for key, _ in lines for t in toks[key] if len(t) == 1 and t.isalpha())
    n = sum(len(toks[key]) for key, _ in lines)
    return frozenset(t for t, k in doc.items() if k > _EXCESS * ref[t] / len(ref_tokens) * n + _SLACK)

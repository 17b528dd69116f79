"""Words in capitals whose glyphs are seen nowhere else: solved as whole words, by pattern.

A heading or an acronym inside a garbled span (``!}¥Ú`` = AOPS, ``,·Èj5o\\`` = ARTICLE) holds
several capital glyphs never met next to lower-case glyphs, so no single character can be
learned alone. Solved as in classic cryptanalysis: the token's repetition pattern (isomorph) is
looked up in a dictionary (the document's own words as written and in capitals, the reference
texts', wordfreq's in capitals); a candidate must agree with every glyph already known, give
new glyphs capitals no other glyph holds, and keep A–Z in code-point order (fonts number them
in order). The readings of the best candidates, summed over the tokens, teach the new glyphs.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from .charclass import is_foreign
from .langmodel import WORD, FrenchModel, _wordfreq_fr
from .resolve import score

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CAPITALS = frozenset(_LETTERS + "ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ")
_MIN_LENGTH = 3  # two-letter words fit too many readings
_MIN_GAIN = 8.0  # summed over the tokens a reading decodes
_WORDFREQ_TOP = 30000


def _pattern(text: str) -> tuple[int, ...]:
    first: dict[str, int] = {}
    return tuple(first.setdefault(ch, len(first)) for ch in text)


def _index(words: Iterable[str]) -> dict[tuple[int, ...], set[str]]:
    out: dict[tuple[int, ...], set[str]] = {}
    for word in words:
        if len(word) >= _MIN_LENGTH and any(ch in _CAPITALS for ch in word):
            out.setdefault(_pattern(word), set()).add(word)
    return out


@lru_cache(maxsize=1)
def _wordfreq_index() -> dict[tuple[int, ...], set[str]]:
    words = list(_wordfreq_fr())[:_WORDFREQ_TOP]
    return _index(w.upper() for w in words if WORD.fullmatch(w))


def dictionary(texts: Sequence[str]) -> dict[tuple[int, ...], set[str]]:
    """Pattern → words: the texts' words as written and in capitals, plus wordfreq in capitals."""
    own = {w for text in texts for w in WORD.findall(text)}
    out = {k: set(v) for k, v in _wordfreq_index().items()}
    for key, words in _index(own | {w.upper() for w in own}).items():
        out.setdefault(key, set()).update(words)
    return out


def _core(view: str, fixed: set[int]) -> tuple[int, int]:
    """Bounds of the token's word: fixed (decoded) punctuation trimmed from both ends."""
    a, b = 0, len(view)
    while a < b and a in fixed and not view[a].isalnum():
        a += 1
    while b > a and b - 1 in fixed and not view[b - 1].isalnum():
        b -= 1
    return a, b


def _monotone(assign: Mapping[str, str]) -> bool:
    plain = sorted((ord(c), _LETTERS.index(v)) for c, v in assign.items() if v in _LETTERS)
    return all(x[1] < y[1] for x, y in zip(plain, plain[1:]))


def _fits(core: str, fixed: list[bool], word: str, native: Mapping[str, str], held: dict[str, str]) -> dict[str, str] | None:
    """New glyph readings the word needs (None if it contradicts what is known)."""
    new: dict[str, str] = {}
    for ch, is_fixed, w in zip(core, fixed, word):
        if is_fixed or ch in native:
            if w != ch and native.get(ch) != w:
                return None
        elif w != ch:
            if w not in _CAPITALS or new.setdefault(ch, w) != w or held.get(w, ch) != ch:
                return None
    return new


def learn_capital_words(
    tokens: Sequence[str], table: Mapping[str, str], native: Mapping[str, str], model: FrenchModel,
    words: Mapping[tuple[int, ...], set[str]],
) -> dict[str, str]:
    """The native table grown with the capitals that whole dictionary words teach."""
    out = dict(native)
    held = {v: c for c, v in out.items()}
    votes: dict[tuple[str, str], float] = Counter()
    for token, count in Counter(tokens).items():
        view = "".join(table.get(ch, ch) for ch in token)
        fixed = {i for i, ch in enumerate(token) if is_foreign(ch)}
        a, b = _core(view, fixed)
        core, core_fixed = view[a:b], [i in fixed for i in range(a, b)]
        unknown = {ch for ch, f in zip(core, core_fixed) if not f and ch not in out and ord(ch) < 0x100}
        if len(core) < _MIN_LENGTH or len(unknown) < 2 or any(ch.isspace() for ch in core):
            continue
        genuine = score(view, model)
        best: tuple[float, dict[str, str]] | None = None
        for word in words.get(_pattern(core), ()):
            new = _fits(core, core_fixed, word, out, held)
            if not new or len(new) < 2 or not _monotone({**out, **new}):
                continue
            gain = score(view[:a] + word + view[b:], model) - genuine
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, new)
        if best:
            for pair in best[1].items():
                votes[pair] += count * best[0]
    # strongest evidence first; a reading must still fit what was accepted before it
    for (ch, letter), gain in sorted(votes.items(), key=lambda kv: -kv[1]):
        if gain >= _MIN_GAIN and ch not in out and letter not in held and _monotone({**out, ch: letter}):
            out[ch], held[letter] = letter, ch
    return out

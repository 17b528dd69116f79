"""Tokens with no foreign character inside garbled lines: capitals written on ASCII (``!ÏÕä``).

A capital's glyph lands on ASCII/Latin-1, so an all-capitals word in a garbled span has no
foreign character at all and looks clean. Per line, every such token either stays genuine or is
decoded through the native table; a Viterbi pass over the line's tokens picks the states, each
token scored by trigrams + words, each garbled/clean switch between neighbours paying the span
boundary cost (line ends are free), and decoding paying a safety margin on top.
"""

from __future__ import annotations

from typing import Mapping

from .charclass import TOKEN, is_foreign
from .langmodel import FrenchModel
from .resolve import score

_MARGIN = 6.0  # decoding a token that looks clean needs clear evidence


def decodable(token: str, native: Mapping[str, str]) -> bool:
    """True if every character has a glyph reading and none is foreign."""
    return all(ch in native and not is_foreign(ch) for ch in token)


def line_states(
    texts: list[str], garbled: list[bool], native: Mapping[str, str], model: FrenchModel, cut: float
) -> list[str | None]:
    """Per token of one line: its decoded text if it should be read as glyphs, else None."""
    # per token: [(state, score, decoded)], state 1 = inside a garbled span
    options: list[list[tuple[int, float, str | None]]] = []
    for text, is_garbled in zip(texts, garbled):
        if is_garbled:
            options.append([(1, 0.0, None)])
        elif decodable(text, native):
            decoded = "".join(native[ch] for ch in text)
            genuine = score(text, model)
            options.append([(0, genuine, None), (1, score(decoded, model) - _MARGIN, decoded)])
        else:
            options.append([(0, 0.0, None)])
    # Viterbi over the two states
    best: dict[int, tuple[float, list[str | None]]] = {0: (0.0, []), 1: (0.0, [])}  # line start: free
    for opts in options:
        new: dict[int, tuple[float, list[str | None]]] = {}
        for state, value, decoded in opts:
            total, path = max(((t - (cut if s != state else 0.0), path) for s, (t, path) in best.items()),
                              key=lambda tp: tp[0])
            new[state] = (total + value, path + [decoded])
        best = new
    return max(best.values(), key=lambda t: t[0])[1]


def decode_lines(pages: list[list[str]], garbled_keys: set[tuple[int, int, int]], native: Mapping[str, str],
                 model: FrenchModel, cut: float) -> dict[tuple[int, int, int], str]:
    """(page, line, start) → decoded text, for the clean-looking tokens of garbled lines."""
    out: dict[tuple[int, int, int], str] = {}
    for p, i in ((p, i) for p, lines in enumerate(pages) for i in range(len(lines))):
        matches = list(TOKEN.finditer(pages[p][i]))
        if not any(decodable(m.group(), native) for m in matches):
            continue
        keys = [(p, i, m.start()) for m in matches]
        states = line_states([m.group() for m in matches], [k in garbled_keys for k in keys], native, model, cut)
        if not any(k in garbled_keys for k in keys) and None in states:
            continue  # with no sure glyph on it, a line is read as glyphs whole (a heading) or not at all
        for key, decoded, m in zip(keys, states, matches):
            if decoded is not None and decoded != m.group():
                out[key] = decoded
    return out

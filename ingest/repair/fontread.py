"""The any-font route's use of the font key: fit it, settle the table, say which glyphs it confirms."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from .charclass import APOSTROPHES

from .fontkey import fit_font_key, settle
from .runshift import keep_solver, shift_runs

log = logging.getLogger(__name__)

_MIN_KEY_AGREEMENT = 0.3  # share of the solver's glyph weight a font order must agree with to be used
_ESTIMATED = ("first-use",)  # orders estimated from the decoded document itself
_FITS = 2  # fits of the key: the second sees the characters the first key reads
_STYLE_USES = 5  # uses that make a further apostrophe glyph a style of its own


@dataclass
class KeyReading:
    """What the font's key made of the solver's table."""

    table: dict[str, str] | None = None  # settled along the key (None when no order fits)
    agreed: set[str] = field(default_factory=set)  # glyphs the solver and the key read alike, on their own
    placed: set[str] = field(default_factory=set)  # glyphs both neighbouring voters of the key place alike
    styles: dict[str, str] = field(default_factory=dict)  # apostrophe glyph → the style the key gives it


def font_key(table: dict[str, str], counts: dict[str, float], lines, toks, labels, clean: list[str],
             garbled: list[str], score: Callable[[str], float]) -> KeyReading:
    """The table settled against the font's key, and the glyphs whose reading the key confirms.

    Apostrophes: the model reads every style as ``'``; a font holds each style it prints as a
    glyph of its own, so the key tells which style each apostrophe glyph prints.
    """
    chars = {ch for _, line in lines for ch in line if not ch.isspace()}
    out = KeyReading()
    solver = dict(table)
    for _ in range(_FITS):
        seen = {ch for text in clean for ch in text if not ch.isspace()}
        # the model's apostrophe « ' » stands for any style: it is in the font only if the clean text prints it
        used = seen | {v for v in table.values() if v.strip() and (v != "'" or v in seen)}
        first_use = "".join(
            "".join(table.get(ch, ch) if g else ch for ch, g in zip(t, r.mask))
            for key, _ in lines for t, r in zip(toks[key], labels[key]))
        key = fit_font_key(table, counts, chars, used, first_use)
        if key is None or key.agreement < _MIN_KEY_AGREEMENT:
            break
        log.info("anyfont font key order=%s metric=%s agreement=%.3f margin=%.3f", key.name, key.metric,
                 key.agreement, key.margin)
        if key.name in _ESTIMATED:
            break  # an order read off the decoded text follows its errors: it confirms and corrects nothing
        table = settle(table, key, garbled, score)
        # a frequent letter the key moved that the trigrams read far better: the key's order is off there
        table = keep_solver(table, solver, garbled, score)
        # stretches the solver and the key both read a place off: moved back together by their words
        table = out.table = shift_runs(table, key.order, key.place, garbled, score)
        keyed = {g for g, r in table.items() if g in key.options and _canon(key.options[g][0]) == _canon(r)}
        # agreed: the solver (trigrams and words) and the font's order found the same reading on their own
        out.agreed = {g for g in keyed if _canon(table[g]) == _canon(solver.get(g, ""))}
        out.placed = {g for g in keyed if len(key.options[g]) == 1}
        out.styles = {g: key.options[g][0] for g in table if table[g] == "'" and g in key.options
                      and key.options[g][0] in APOSTROPHES and key.options[g][0] in seen}
    return out


def glyph_styles(table: dict[str, str], keyed: dict[str, str], counts: Counter, doc_styles: list[str]) -> dict[str, str]:
    """The apostrophe style each glyph read as ``'`` prints (``keyed``: the key's styles;
    ``doc_styles``: the clean text's, most used first).

    A font draws each style with a glyph of its own. A glyph takes the key's style, else the main
    style; but with no key's style at all, or when the key leaves the most used glyph unstyled
    and gives the main style to another one used ``_STYLE_USES`` times or more (an order one off
    there, naming ``‘`` for ``’``), styles go by use: the most used glyph prints the main style,
    the next ones, if used often enough, the clean text's next styles.
    """
    glyphs = sorted((g for g, r in table.items() if r == "'"), key=lambda g: -counts[g])
    styled = {g: keyed.get(g, doc_styles[0]) for g in glyphs}
    one_off = bool(glyphs) and glyphs[0] not in keyed and any(
        keyed.get(g) == doc_styles[0] and counts[g] >= _STYLE_USES for g in glyphs[1:])
    if any(g in keyed for g in glyphs) and not one_off:
        return styled
    return {g: doc_styles[rank] if rank < len(doc_styles) and (rank == 0 or counts[g] >= _STYLE_USES) else doc_styles[0]
            for rank, g in enumerate(glyphs)}


def _canon(ch: str) -> str:
    return "'" if ch in APOSTROPHES else ch


def clean_for_context(lines, toks, labels) -> list[str]:
    """The document's text read as found, without any token string also read as garbled."""
    garbled = {t for key, _ in lines for t, r in zip(toks[key], labels[key]) if any(r.mask)}
    return [" ".join(t if not any(r.mask) and t not in garbled else "\u2063" for t, r in zip(toks[key], labels[key]))
            for key, _ in lines]

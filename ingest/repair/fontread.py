"""The any-font route's use of the font key: fit it, settle the table, say which glyphs it confirms."""

from __future__ import annotations

import logging
from typing import Callable

from .fontkey import fit_font_key, settle

log = logging.getLogger(__name__)

_MIN_KEY_AGREEMENT = 0.3  # share of the solver's glyph weight a font order must agree with to be used
_ESTIMATED = ("first-use",)  # orders estimated from the decoded document itself
_FITS = 2  # fits of the key: the second sees the characters the first key reads


def font_key(table: dict[str, str], counts: dict[str, float], lines, toks, labels, clean: list[str],
             garbled: list[str], score: Callable[[str], float]) -> tuple[dict[str, str] | None, set[str]]:
    """The table settled against the font's key (None when no order fits it), and the glyphs whose
    reading the key confirms."""
    chars = {ch for _, line in lines for ch in line if not ch.isspace()}
    sure: set[str] = set()
    solver, settled = dict(table), None
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
        table = settled = settle(table, key, garbled, score)
        # sure: the solver (trigrams and words) and the font's order found the same reading on their own
        sure = {g for g, r in table.items() if g in key.options and _canon(key.options[g][0]) == _canon(r)
                == _canon(solver.get(g, ""))}
    return settled, sure


def _canon(ch: str) -> str:
    return "'" if ch in "'’‘ʼ" else ch


def clean_for_context(lines, toks, labels) -> list[str]:
    """The document's text read as found, without any token string also read as garbled."""
    garbled = {t for key, _ in lines for t, r in zip(toks[key], labels[key]) if any(r.mask)}
    return [" ".join(t if not any(r.mask) and t not in garbled else "\u2063" for t, r in zip(toks[key], labels[key]))
            for key, _ in lines]

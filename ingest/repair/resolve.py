"""Per token: is a native character next to garbled text a glyph, or genuine text?

A capital's glyph can land on ``{``, ``9`` or ``t`` (``{ƛ`` = « Si »), while real text also
touches garbled text (``(ǇƻǳǊ`` keeps its ``(``; ``ƛƳǇǳtable`` = « imputable »). First learn
what each such native character would stand for as a glyph (the reading that turns the most
tokens into words), then, token by token, pick the reading (genuine, or glyphs growing from the
garbled side) with the best trigram + word score.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Mapping

from .charclass import is_foreign
from .langmodel import APOS, WORD, FrenchModel

_MAX_OPTIONS = 64
_PLAUSIBLE = 0.5  # share of a character's best capital gain a reading needs to be chosen


@dataclass(frozen=True)
class Run:
    text: str
    foreign: bool


def runs(token: str) -> list[Run]:
    """Split a token into maximal runs of foreign / native characters."""
    out: list[Run] = []
    for foreign, chars in itertools.groupby(token, key=is_foreign):
        out.append(Run("".join(chars), foreign))
    return out


def score(text: str, model: FrenchModel) -> float:
    """Trigram log probability plus the dictionary bonus of every word."""
    return model.text_logprob(text) + sum(model.word_bonus(w) for w in WORD.findall(text))


def _run_choices(parts: list[Run], i: int, native: Mapping[str, str]) -> list[tuple[str, int]]:
    """Readings of native run i: genuine, or k glyphs grown from each garbled side.

    Each comes with the span boundaries it implies inside the token: a genuine character next
    to a glyph means the garbled span stopped (or started) right there.
    """
    text = parts[i].text
    left = i > 0 and parts[i - 1].foreign
    right = i + 1 < len(parts) and parts[i + 1].foreign
    max_left = next((j for j, ch in enumerate(text) if ch not in native), len(text)) if left else 0
    rev = text[::-1]
    max_right = next((j for j, ch in enumerate(rev) if ch not in native), len(text)) if right else 0
    out = []
    for k1 in range(max_left + 1):
        for k2 in range(min(max_right, len(text) - k1) + 1):
            middle = text[k1 : len(text) - k2]
            decoded = "".join(native[ch] for ch in text[:k1]) + middle
            decoded += "".join(native[ch] for ch in text[len(text) - k2 :])
            out.append((decoded, int(left) + int(right) if middle else 0))
    return out


def scored_readings(token: str, table: Mapping[str, str], native: Mapping[str, str]) -> list[tuple[str, int]]:
    """Every reading of a garbled token with its inner span boundaries (first: natives genuine)."""
    parts = runs(token)
    choices = []
    for i, part in enumerate(parts):
        if part.foreign:
            choices.append([("".join(table.get(ch, ch) for ch in part.text), 0)])
        else:
            choices.append(_run_choices(parts, i, native))
    out = []
    for combo in itertools.product(*choices):
        out.append(("".join(t for t, _ in combo), sum(c for _, c in combo)))
        if len(out) >= _MAX_OPTIONS:
            break
    return out


def readings(token: str, table: Mapping[str, str], native: Mapping[str, str]) -> list[str]:
    """Every reading of a garbled token (the first one leaves all native characters genuine)."""
    return [text for text, _ in scored_readings(token, table, native)]


def learn_native_table(
    tokens: list[str], table: Mapping[str, str], model: FrenchModel, boundary_cost: float = 0.0,
    context: Mapping[str, str] | None = None, scores: dict[str, float] | None = None,
) -> dict[str, str]:
    """For each native character touching garbled text, the plain character it most helps as.

    A character whose genuine reading wins in many tokens (``-`` in ``ǇŀǊŜ-ŦŜǳ``) is no capital:
    reading it as one would put a span boundary in each of those tokens, at ``boundary_cost``.
    ``context``: readings of the other native characters from a first pass, so that two capitals
    side by side (``1^`` in ``Looper-1^®``) are judged together (``AI``), not each next to a raw
    ``1``. ``scores``: reading → score, shared by passes over one model (the trials repeat: every
    free letter at every edge, again in the second pass).
    """
    gains, genuine_wins = native_gains(tokens, table, model, context, scores)
    for edge in list(gains):
        if genuine_wins[edge] * boundary_cost > max(gains[edge].values()):
            del gains[edge]
    return _monotone_capitals(gains)


def native_gains(
    tokens: list[str], table: Mapping[str, str], model: FrenchModel,
    context: Mapping[str, str] | None = None, scores: dict[str, float] | None = None,
) -> tuple[dict[str, dict[str, float]], Counter]:
    """Per native character at a garbled edge: the score each free letter gains read as its glyph
    (best reading of each token against the reading without it, times the token's count), and
    in how many tokens no letter gains (the character is genuine there)."""
    context = dict(context or {})
    memo = {} if scores is None else scores

    def scored(text: str) -> float:
        if text not in memo:
            memo[text] = score(text, model)
        return memo[text]

    taken = set(table.values()) - {APOS}
    # fonts number capitals first, so only capitals land on ASCII/Latin-1; digits, punctuation
    # and the lower case land in later blocks (a few on Latin Extended letters such as ``œ``)
    free = [ch for ch in model.symbols[1:] if ch not in taken and ch.isalpha()]
    gains: dict[str, dict[str, float]] = {}
    genuine_wins: Counter = Counter()
    for token, count in Counter(tokens).items():
        parts = runs(token)
        genuine = readings(token, table, {})[0]
        for i, part in enumerate(parts):
            if part.foreign:
                continue
            for edge in _edges(parts, i):
                won = False
                others = {c: v for c, v in context.items() if c != edge and c in token}
                base = max(scored(t) for t in readings(token, table, others)) if others else scored(genuine)
                # the trials differ only in the letter the edge is read as: their readings are
                # built once with a slot for it (same readings, same order). Those leaving the edge
                # genuine are among the base's readings, so they never beat it: only the rest count.
                slot = _slot(token, table, others)
                slotted = [t for t in readings(token, table, {**others, edge: slot})[1:] if slot in t]
                letters = free if ord(edge) >= 0x100 else [ch for ch in free if ch.isupper()]
                bests = [base] * len(letters)
                for t in slotted:
                    bests = [max(b, v) for b, v in zip(bests, _slot_scores(t, slot, letters, model, memo))]
                for p, best in zip(letters, bests):
                    if best > base:
                        gains.setdefault(edge, {}).setdefault(p, 0.0)
                        gains[edge][p] += count * (best - base)
                        won = True
                genuine_wins[edge] += 0 if won else count
    return gains, genuine_wins


def _monotone_capitals(gains: dict[str, dict[str, float]]) -> dict[str, str]:
    """Best reading per character, with A–Z in code-point order (fonts number them in order).

    Dynamic programme over the characters sorted by code point: each either takes its best
    non-A–Z reading, or a capital letter after the one the previous capital took.
    """
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    chars = sorted(gains, key=ord)
    other = {c: max(((g, p) for p, g in gains[c].items() if p not in letters), default=(0.0, None)) for c in chars}
    # a reading outside A–Z (É, ç) must fit better than any capital would: "some capital helps"
    # is no evidence for one accented letter in particular
    for c in chars:
        if other[c][0] <= max((g for p, g in gains[c].items() if p in letters), default=0.0):
            other[c] = (0.0, None)
    # best[j]: (total, choices) with the last capital used being letters[j - 1] (j = 0: none yet)
    best: list[tuple[float, list]] = [(0.0, [])] + [(-1.0, [])] * len(letters)
    for c in chars:
        new = [(total + other[c][0], picks + [other[c][1]]) if total >= 0 else (total, picks) for total, picks in best]
        for j, letter in enumerate(letters, start=1):
            gain = gains[c].get(letter, 0.0)
            if gain <= 0:
                continue
            prev = max((best[i] for i in range(j) if best[i][0] >= 0), key=lambda t: t[0], default=None)
            if prev and prev[0] + gain > new[j][0]:
                new[j] = (prev[0] + gain, prev[1] + [letter])
        best = new
    _, picks = max(best, key=lambda t: t[0])
    # one glyph per character: when two native characters claim the same one, the stronger wins
    out: dict[str, str] = {}
    for c, p in sorted(zip(chars, picks), key=lambda cp: -gains[cp[0]].get(cp[1], 0.0) if cp[1] else 0.0):
        # the order may choose among a character's plausible readings, not force a poor one
        if p is not None and p not in out.values() and gains[c][p] >= _PLAUSIBLE * max(gains[c].values()):
            out[c] = p
    return out


def _slot_scores(template: str, slot: str, letters: list[str], model: FrenchModel,
                 memo: dict[str, float]) -> list[float]:
    """``score`` of the template with its slot read as each letter, through the memo; the trigram
    parts of the readings not in it yet are computed together."""
    texts = [template.replace(slot, p) for p in letters]
    missing = [k for k, text in enumerate(texts) if text not in memo]
    if missing:
        logps = model.slot_logprobs(template, slot, [letters[k] for k in missing])
        for k, logp in zip(missing, logps):
            memo[texts[k]] = logp + sum(model.word_bonus(w) for w in WORD.findall(texts[k]))
    return [memo[text] for text in texts]


def _slot(token: str, table: Mapping[str, str], native: Mapping[str, str]) -> str:
    """A character no reading of ``token`` can hold, to stand for a reading still to be chosen."""
    used = set(token) | set("".join(table.get(ch, "") for ch in token)) | set("".join(native.values()))
    return next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in used)


def _edges(parts: list[Run], i: int) -> set[str]:
    text = parts[i].text
    out = set()
    if i > 0 and parts[i - 1].foreign:
        out.add(text[0])
    if i + 1 < len(parts) and parts[i + 1].foreign:
        out.add(text[-1])
    return out


def decode_token(
    token: str, table: Mapping[str, str], native: Mapping[str, str], model: FrenchModel, boundary_cost: float = 0.0
) -> str:
    """The best-scoring reading of one garbled token (genuine text wins an exact tie).

    ``boundary_cost``: minus the log probability that a garbled span starts or stops at a given
    character; a reading pays it for each boundary it puts inside the token.
    """
    options = scored_readings(token, table, native)
    scores = [score(t, model) - boundary_cost * cuts for t, cuts in options]
    best = max(range(len(options)), key=lambda j: (scores[j], -j))
    return options[best][0]

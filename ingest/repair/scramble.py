"""Simulate a font embedded without ToUnicode: garble clean text with a random glyph table.

For tests and the benchmark: the decoder must solve tables it has never seen. As in a real
font (glyph number + a constant), capitals land on ASCII or Latin-1 characters (``{``, ``9``,
``t``…) while lower case, digits and punctuation land on a run of foreign code points
(Latin Extended, IPA, Greek, Cyrillic), which may now and then hit a native one such as ``œ``.
Garbled spans start and stop anywhere, in the middle of a word too; spaces stay spaces.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

_CAPITAL_TARGETS = [chr(c) for c in range(33, 127)] + [chr(c) for c in range(0xA1, 0x100) if c != 0xAD]


def _foreign_run(rng: random.Random, count: int) -> list[str]:
    """``count`` printable code points from a random start above U+0100, with small gaps."""
    code = rng.randrange(0x100, 0x3A0)
    out: list[str] = []
    while len(out) < count:
        code += 1 + (rng.random() < 0.3) * rng.randrange(1, 4)
        ch = chr(code)
        if unicodedata.category(ch)[0] in "LSPN" and not ch.isspace() and code < 0x530:
            out.append(ch)
        elif code >= 0x530:
            code = 0x100
    return out


def random_table(text: str, seed: int) -> dict[str, str]:
    """A one-to-one glyph table for every non-space character of ``text``."""
    rng = random.Random(seed)
    chars = sorted({ch for ch in text if not ch.isspace()})
    capitals = [ch for ch in chars if ch.isupper()]
    digits = [str(d) for d in range(10)]
    rest = [ch for ch in chars if not ch.isupper() and ch not in digits]
    rng.shuffle(rest)
    # as in a font, A–Z are numbered in alphabetical order; accented capitals go anywhere
    targets = rng.sample(_CAPITAL_TARGETS, len(capitals))
    plain = [ch for ch in capitals if "A" <= ch <= "Z"]
    accented = [ch for ch in capitals if not "A" <= ch <= "Z"]
    table = dict(zip(plain, sorted(targets[: len(plain)])))
    table.update(zip(accented, targets[len(plain) :]))
    table.update(zip(rest, _foreign_run(rng, len(rest))))
    # a font numbers its digit glyphs zero to nine in a row: ten consecutive code points
    used = set(table.values())
    zero = rng.randrange(0x100, 0x520)
    while any(chr(c) in used or unicodedata.category(chr(c))[0] not in "LSPN" for c in range(zero, zero + 10)):
        zero = rng.randrange(0x100, 0x520)
    table.update((d, chr(zero + int(d))) for d in digits)
    return table


@dataclass(frozen=True)
class Scrambled:
    lines: tuple[str, ...]
    table: dict[str, str]


def scramble(lines: list[str], seed: int, share: float = 0.5) -> Scrambled:
    """Garble spans covering about ``share`` of the characters, line by line."""
    rng = random.Random(seed * 7919 + 1)
    table = random_table("\n".join(lines), seed)
    out = []
    for line in lines:
        chars = list(line)
        pos = 0
        while pos < len(chars):
            length = rng.randrange(10, 160)
            if rng.random() < share:
                for j in range(pos, min(pos + length, len(chars))):
                    chars[j] = table.get(chars[j], chars[j])
            pos += length
        out.append("".join(chars))
    return Scrambled(tuple(out), table)

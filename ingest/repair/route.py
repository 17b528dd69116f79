"""Which decoder reads a document: the block route when it reads well, else the any-font route.

The block route (``decode.py``) is tuned for fonts whose lower case lands past Latin-1, as in
the IPSO agreement; it is fast there and exact. It is kept only when its decoded words read as
natural French (known words in lower case, Capitalised or UPPER CASE: « lA » and « jes » are
not); otherwise, or when it finds nothing, the any-font route (``anyfont.py``) decodes.
"""

from __future__ import annotations

import logging

from .anyfont import decode_any
from .decode import Decoding, decode_document
from .charclass import is_foreign
from .langmodel import natural_share as natural_words

log = logging.getLogger(__name__)

_TRUSTED = 0.97  # share of natural, known words the block route's output needs to be kept
_MIN_FOREIGN = 40
_NATIVE_SHARE = (0.02, 0.3)  # native characters among those of foreign-holding tokens, for the block route
_NATIVE_ASCII = 0.7  # share of those native characters that must be ASCII (capitals, digits, marks on ASCII)
Key = tuple[int, int, int]


def natural_share(decoding: Decoding) -> float:
    """Share of the decoded words (two letters or more) that are known and naturally cased."""
    return natural_words(decoding.tokens.values())


def block_assumption(pages: list[list[str]]) -> bool:
    """The block route's premise: tokens mostly of foreign characters, with a few native ones
    among them (capitals on ASCII), and not native text with a foreign letter here and there.

    Native characters that are mostly Latin-1 letters (``Ó``, ``ß``, ``þ``: capitals or digits
    landing past ASCII, as in fonts sorted by glyph name) do not fit it: the block route reads
    them as capitals on ASCII and prints digits as marks (« ù.œ.» » for « 2.3.1 »)."""
    foreign = native = ascii_native = 0
    for lines in pages:
        for line in lines:
            for token in line.split():
                marks = [is_foreign(ch) for ch in token]
                if any(marks):
                    foreign += sum(marks)
                    native += len(marks) - sum(marks)
                    ascii_native += sum(ch.isascii() for ch, f in zip(token, marks) if not f)
    share = native / max(foreign + native, 1)
    return (foreign >= _MIN_FOREIGN and _NATIVE_SHARE[0] <= share <= _NATIVE_SHARE[1]
            and ascii_native >= _NATIVE_ASCII * native)


def decode_pages(pages: list[list[str]], reference_texts: tuple[str, ...]) -> tuple[Decoding | None, dict[Key, str]]:
    """The chosen decoding, and the tokens it is unsure of (key → attempted reading)."""
    block = decode_document(pages, reference_texts, give_up_below=_TRUSTED) if block_assumption(pages) else None
    if block is not None:
        share = natural_share(block)
        log.info("repair route=block natural_share=%.3f", share)
        if share >= _TRUSTED:
            return block, {}
    found = decode_any(pages, reference_texts)
    if found is None:
        return block, {}
    log.info("repair route=anyfont tokens=%d unsure=%d", len(found.tokens), len(found.unsure))
    decoding = Decoding(table=found.table, tokens=dict(found.tokens),
                        token_confidence={k: 1.0 for k in found.tokens})
    return decoding, dict(found.unsure)

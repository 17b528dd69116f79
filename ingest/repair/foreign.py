"""Text left as found that holds characters French never writes, where the broken font prints.

A garble read as found is passed on as confident text unless something reports it. Where the
font's glyphs land on box drawings or Cyrillic, a garbled « : » or « 17 » read as found prints as
« ┖ » or « ┍┓ », and a span that stops inside a word leaves « numéҠҗҟңes, » half decoded. French
text — the reference texts, without this document — never writes those characters, and they sit
where the font prints its glyphs: such text is reported, and left as found.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from .langmodel import FrenchModel, canonical

UNREADABLE = -8.0  # trigram score per character below which text as found is no French (unseen characters)
_STRANGE_SHARE = 0.5  # share of a token's characters French never writes that makes it a garble read as found


def glyph_span(table: Mapping[str, str], outside: FrenchModel) -> tuple[int, int]:
    """The code points between which the font prints the glyphs French never writes ((1, 0): none)."""
    points = [ord(g) for g in table if g not in outside.index]
    return (min(points), max(points)) if points else (1, 0)


def garble_as_found(token: str, outside: FrenchModel, table: Mapping[str, str], span: tuple[int, int],
                    repeated: bool) -> bool:
    """A token read as found that is a garble: half its characters or more French never writes,
    one of them where the font prints (« ┖ », « ┍┓┌┌┌ »); or, met once only (« Looper-AI® » is
    met in every paragraph), French letters beside a glyph of the table French never writes that
    reads as another character (« numéҠҗҟңes, », « fonϛϬϡonnement »)."""
    text = canonical(token)
    strange = [ch for ch in text if ch not in outside.index]
    if len(strange) >= _STRANGE_SHARE * len(text) and any(span[0] <= ord(ch) <= span[1] for ch in strange):
        return True
    if repeated:
        return False
    glyphs = any(ch in table and table[ch] != ch for ch in strange)
    return glyphs and any(ch.isalpha() and ch in outside.index for ch in text)


def garbled_found_part(token: str, mask: Iterable[bool], outside: FrenchModel, table: Mapping[str, str]) -> bool:
    """A token with a span edge inside whose part read as found holds a glyph of the table French
    never writes (« quE©¬ » for « qu'il »: the span stopped too early)."""
    return any(not g and ch in table and ch not in outside.index for ch, g in zip(canonical(token), mask))


def glyphs_unreadable(token: str, outside: FrenchModel, table: Mapping[str, str]) -> bool:
    """Text as found that no French reads, without the document's own text, and that holds a glyph
    of the table French never writes (a clean « • » or « RGDP » is left alone)."""
    strange = any(ch in table and ch not in outside.index for ch in token)
    return strange and outside.text_logprob(token) < UNREADABLE * (len(token) + 1)

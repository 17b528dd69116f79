"""Text left as found that holds characters French never writes, where the font prints (ingest/repair/foreign.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.repair import repair_document
from ingest.repair.fontlayout import font_scramble
from ingest.repair.foreign import garble_as_found, garbled_found_part, glyph_span
from ingest.repair.langmodel import build_model

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
CLEAN_DOCS = sorted(p for p in CORPUS.glob("*.txt") if not p.name.startswith("ipso"))
# glyph → reading of a font printing its glyphs on box drawings and Cyrillic letters
TABLE = {"╏": "s", "╅": "i", "┚": ">", "Ҡ": "r", "җ": "i", "ҟ": "q", "ң": "u"}


@pytest.fixture(scope="module")
def outside():
    return build_model([], ["La société traite les données numériques des clients (voir l'article 12)."])


def test_tokens_mostly_of_characters_french_never_writes_where_the_font_prints(outside):
    span = glyph_span(TABLE, outside)
    assert span == (ord("җ"), ord("╏"))
    # a colon and a number printed by the font, never seen inside a span: not in the table, yet in its range
    assert garble_as_found("┖", outside, TABLE, span, repeated=True)
    assert garble_as_found("┍┓┌┌┌", outside, TABLE, span, repeated=True)
    assert not garble_as_found("données", outside, TABLE, span, repeated=False)
    # outside the range where the font prints (a clean « ★ » where glyphs land on Cyrillic and box drawings)
    assert not garble_as_found("★", outside, TABLE, span, repeated=False)


def test_french_letters_beside_a_glyph_read_as_found_once(outside):
    span = glyph_span(TABLE, outside)
    assert garble_as_found("numéҠҗҟңes,", outside, TABLE, span, repeated=False)
    # met again and again as found: the document writes it so (« Looper-AI® » where ® is also a glyph)
    assert not garble_as_found("numéҠҗҟңes,", outside, TABLE, span, repeated=True)
    # a character French never writes that is no glyph of the table, among letters: left alone
    assert not garble_as_found("Looper-AI™", outside, TABLE, span, repeated=False)


def test_a_span_edge_inside_a_token_leaving_a_glyph_as_found(outside):
    assert garbled_found_part("quҠҗ", (True, True, False, False), outside, TABLE)
    assert not garbled_found_part("quҠҗ", (False, False, True, True), outside, TABLE)  # the glyphs decoded
    assert not garbled_found_part("numéҠҗ", (False, False, False, False, True, True), outside, TABLE)


@pytest.mark.parametrize("doc_index", [1])
def test_glyphs_printed_on_box_drawings_are_never_passed_on_as_found(doc_index):
    """A fresh Mac-order table whose glyphs land on box drawings: the colons, bullets and numbers the
    decoder reads as found (« ┖ », « ┍┓┌┌┌ ») are reported, not passed on as confident text."""
    doc = CLEAN_DOCS[doc_index]
    clean = doc.read_text(encoding="utf-8")
    garbled = font_scramble(clean.split("\n"), 7003)
    assert any(0x2500 <= ord(ch) < 0x2600 for line in garbled.lines for ch in line)
    text = "\n".join(garbled.lines)
    result = repair_document([text], reference_texts=[p.read_text(encoding="utf-8") for p in CLEAN_DOCS if p != doc])
    boxed = [(i, j) for i, line in enumerate(result.pages[0].split("\n")) for j, token in enumerate(line.split())
             if any(0x2500 <= ord(ch) < 0x2600 for ch in token)]
    assert boxed
    assert all((0, i, j) in result.unsure_tokens for i, j in boxed)

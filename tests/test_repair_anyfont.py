"""Repair of fonts laid out any way: the font-layout scrambler family and the any-font decoder."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from ingest.repair import repair_document
from ingest.repair.decode import decode_document
from ingest.repair.fontlayout import ORDERINGS, font_scramble, font_table, glyph_order
from ingest.repair.route import block_assumption, natural_share

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
IPSO = CORPUS / "ipso_convention-rgpd-sous-traitance.txt"
CLEAN_DOCS = sorted(p for p in CORPUS.glob("*.txt") if p != IPSO)
FRENCH = set("éèêàâùûçôîïë")
# (document index, seed) among bench/repair_bench.py's frozen dev tables: the first table of each
# ordering but Mac standard (the worst one), see docs/experiments-repair.md for every table's figure
FAST_TABLES = ((0, 0), (0, 1), (0, 5), (0, 7))
# the target is 0.98 per table; not reached (docs/experiments-repair.md). Tokens whose glyphs
# nothing supports are left as found and reported (confidence.py), which costs these tables a point
FAST_TABLE_BOUND = 0.93
CONFIDENT_WRONG_BOUND = 0.01  # share of the tokens passed on as text that are wrong (target 0.002; not reached)
WORST_TABLE_BOUND = 0.78  # under the worst table measured (held-out 80.8 %); fresh tables are checked against it
DAMAGE_BOUND = 0.002  # clean tokens changed, share of the clean tokens (target 0; not reached everywhere)
# Fresh random tables (never measured) are held to floors below the worst measured table, so
# that a draw from the tail does not fail the suite by chance; a broken decoder still fails them.
FRESH_TABLE_FLOOR = 0.70
FRESH_DAMAGE_CEILING = 0.01


def _score(source: str, output: str, truth: str, flags: frozenset) -> tuple[int, int, float, int, int]:
    """(garbled, right, share of clean tokens damaged, confident wrong, confident) over tokens."""
    garbled = right = damaged = conf_wrong = confident = clean = 0
    for i, (s_line, o_line, t_line) in enumerate(zip(source.split("\n"), output.split("\n"), truth.split("\n"))):
        if len(o_line.split()) != len(t_line.split()):
            o_line = "\x00 " * len(t_line.split())  # a glyph decoded to a space: the whole line counts as wrong
        for j, (s, o, t) in enumerate(zip(s_line.split(), o_line.split(), t_line.split())):
            if s == t:
                clean, damaged = clean + 1, damaged + (o != t)
            else:
                garbled, right = garbled + 1, right + (o == t)
            if (0, i, j) not in flags:
                confident += 1
                conf_wrong += o != t
    return garbled, right, damaged / max(clean, 1), conf_wrong, confident


def _decode(doc: Path, seed: int):
    clean = doc.read_text(encoding="utf-8")
    garbled = font_scramble(clean.split("\n"), seed)
    text = "\n".join(garbled.lines)
    references = [p.read_text(encoding="utf-8") for p in CLEAN_DOCS if p != doc]
    result = repair_document([text], reference_texts=references)
    return garbled, _score(text, result.pages[0], clean, result.unsure_tokens), result


def test_orderings_are_fonts_not_blocks():
    text = "\n".join(p.read_text(encoding="utf-8") for p in CLEAN_DOCS)
    rng = random.Random(0)
    mac = glyph_order("mac", text, rng)
    assert mac[3:6] == [" ", "!", '"'] and mac.index("a") - mac.index("A") == 32  # Mac standard order
    names = glyph_order("alphabetical", text, rng)
    assert names.index("A") < names.index("À") < names.index("B")  # A, Agrave, B
    assert names.index("8") < names.index("5") < names.index("4")  # eight, five, four: by glyph name
    subset = glyph_order("subset-first-use", "ba ab", rng)
    assert subset == [".notdef", "b", "a"]
    landed: set[str] = set()
    blocks: set[str] = set()
    for seed in range(60):
        table, ordering = font_table(text, seed)
        assert ordering in ORDERINGS
        assert len(set(table.values())) == len(table)  # one glyph per character
        landed.update(table.values())
        blocks.update(unicodedata.name(ch, "?").split()[0] for ch in table.values())
    assert FRENCH & landed and set("abcdefgh") & landed and set(",.;:") & landed
    assert {"GREEK", "CYRILLIC", "LATIN"} <= blocks


def test_spans_start_mid_word_and_cover_whole_lines():
    lines = CLEAN_DOCS[0].read_text(encoding="utf-8").split("\n")
    styles, mid_word = set(), 0
    for seed in range(12):
        out = font_scramble(lines, seed)
        styles.add(out.style)
        assert len(out.lines) == len(lines)
        assert [ln.split(" ").__len__() for ln in out.lines] == [ln.split(" ").__len__() for ln in lines]
        for a, b in zip(out.lines, lines):
            mid_word += sum(x != y and 0 < sum(c != d for c, d in zip(x, y)) < len(y) for x, y in zip(a.split(), b.split()))
    assert {"lines", "words", "mid-word"} <= styles | {"mixed"} and mid_word > 20


@pytest.mark.parametrize("doc_seed", FAST_TABLES, ids=lambda t: f"{CLEAN_DOCS[t[0]].stem[:10]}-{t[1]}")
def test_frozen_font_tables_are_decoded_without_damage(doc_seed):
    d, seed = doc_seed
    garbled, (total, right, damaged, conf_wrong, confident), _ = _decode(CLEAN_DOCS[d], seed)
    assert total > 300
    assert right / total >= FAST_TABLE_BOUND, garbled.ordering
    assert damaged <= DAMAGE_BOUND
    assert conf_wrong / confident <= CONFIDENT_WRONG_BOUND  # what is passed on as text is mostly right


def test_french_letters_printed_by_a_broken_font_are_decided_per_token():
    """The issue's case: lower case printed on Latin-1 letters that are French (``é`` for a glyph)."""
    doc = CLEAN_DOCS[2]
    seed = next(s for s in range(100) if FRENCH & set(font_table(doc.read_text(encoding="utf-8"), s)[0].values())
                and "words" == font_scramble(["x"], s).style)
    garbled, (total, right, damaged, conf_wrong, confident), result = _decode(doc, seed)
    assert right / total >= WORST_TABLE_BOUND and damaged <= DAMAGE_BOUND


def test_unreadable_garble_is_reported_and_left_as_found():
    doc = CLEAN_DOCS[0]
    clean = doc.read_text(encoding="utf-8")
    garbled = font_scramble(clean.split("\n"), 0)
    lines = list(garbled.lines)
    # a line of random Armenian letters, a block this table never prints: nothing reads it as French
    rng = random.Random(5)
    junk = " ".join("".join(chr(rng.randrange(0x531, 0x556)) for _ in range(rng.randrange(3, 9))) for _ in range(8))
    lines.append(junk)
    result = repair_document(["\n".join(lines)], reference_texts=[p.read_text(encoding="utf-8") for p in CLEAN_DOCS[1:]])
    out_last = result.pages[0].split("\n")[-1]
    flagged_last = {j for p, i, j in result.unsure_tokens if i == len(lines) - 1}
    changed = {j for j, (a, b) in enumerate(zip(junk.split(), out_last.split())) if a != b}
    assert flagged_last  # reported
    assert not changed & flagged_last  # flagged tokens keep their text
    assert any(r.line == len(lines) - 1 for r in result.low_confidence)


@pytest.mark.slow
def test_fresh_font_tables_keep_the_worst_table_bound():
    rng = random.Random(20261202)  # seeds outside the benchmark's, fixed so that CI is repeatable
    for doc in CLEAN_DOCS:
        seed = rng.randrange(10**6, 10**9)
        garbled, (total, right, damaged, conf_wrong, confident), _ = _decode(doc, seed)
        assert right / total >= FRESH_TABLE_FLOOR, (doc.stem, seed, garbled.ordering)
        assert damaged <= FRESH_DAMAGE_CEILING, (doc.stem, seed)


def test_block_route_gives_up_after_its_first_solve_when_it_would_be_rejected():
    """A mid-word table fits the block route's premise (``route.block_assumption``) but not its
    decoding: it stops after the first solve instead of paying for every later pass, and only
    where its whole output would have been rejected anyway."""
    doc = CLEAN_DOCS[2]
    pages = [list(font_scramble(doc.read_text(encoding="utf-8").split("\n"), 9).lines)]
    references = tuple(p.read_text(encoding="utf-8") for p in CLEAN_DOCS if p != doc)
    assert block_assumption(pages)
    assert decode_document(pages, references, give_up_below=0.97) is None
    assert natural_share(decode_document(pages, references)) < 0.97


def test_block_route_gives_up_after_its_first_native_pass_when_it_would_be_rejected(caplog):
    """A Mac-order whole-line table whose foreign glyphs read perfectly but whose capitals land on
    Latin-1 letters: the first climb and solve read natural words; read with its first
    native-character pass, every token reads unnatural, and the block route stops there. Its whole
    output would have been rejected anyway; the route's premise now turns such a table away first
    (its native characters are Latin-1 letters, not capitals on ASCII)."""
    doc = CLEAN_DOCS[2]
    pages = [list(font_scramble(doc.read_text(encoding="utf-8").split("\n"), 6262).lines)]
    references = tuple(p.read_text(encoding="utf-8") for p in CLEAN_DOCS if p != doc)
    assert not block_assumption(pages)
    with caplog.at_level("INFO", logger="ingest.repair.decode"):
        assert decode_document(pages, references, give_up_below=0.97) is None
    assert "gave up after first native pass" in caplog.text
    assert natural_share(decode_document(pages, references)) < 0.97


def test_a_table_whose_native_characters_are_latin1_letters_is_not_the_block_routes():
    """Sorted by glyph name, capitals and digits may land on Latin-1 letters (« Ó », « ß ») while the
    lower case lands past Latin-1: the block route would read those letters as capitals on ASCII and
    the digits as marks (« ù.œ.» » for « 2.3.1 »). Its premise turns such a table away; the IPSO
    agreement (capitals on ASCII) still fits it."""
    doc = CLEAN_DOCS[2]
    pages = [list(font_scramble(doc.read_text(encoding="utf-8").split("\n"), 5051).lines)]
    assert font_scramble(["x"], 5051).ordering == "alphabetical"
    assert not block_assumption(pages)
    assert block_assumption([IPSO.read_text(encoding="utf-8").split("\n")])


def test_a_garble_the_document_reads_as_found_does_not_hide_a_readings_margin():
    # glyphs landing on punctuation French never writes: where the document's text read as found holds
    # the garble, its model learns it, and only French without the document sees the reading's margin
    from ingest.repair.confidence import margin_over_found as _margin
    from ingest.repair.langmodel import build_model
    from ingest.repair.tokenstate import Reading, token_score

    reference = ["Ce site utilise un cookie. Le cookie de session expire. Nous déposons un cookie."] * 3
    own = build_model(["‼‴‴‽‶› ‼‴‴‽‶› le ‼‴‴‽‶› de session"] * 40, reference)
    outside = build_model([], reference)
    reading = Reading("cookie", True, True, token_score("cookie", own), (True,) * 6)
    gain = reading.score - token_score("‼‴‴‽‶›", own)
    assert gain < 4.0  # under the document's model alone, no margin
    assert _margin("‼‴‴‽‶›", reading, gain, outside) > 20.0
    assert _margin("‼‴‴‽‶›", reading, gain, None) == gain
    # text as found made of characters French writes (« ? » printed for « 6 ») keeps the document's margin
    mark = Reading("6", True, True, token_score("6", own), (True,))
    assert _margin("?", mark, 0.5, outside) == 0.5
    # a span edge inside the token: the document's margin
    edge = Reading("cookie", False, True, reading.score, (False, False) + (True,) * 4)
    assert _margin("co‴‽‶›", edge, 1.0, outside) == 1.0

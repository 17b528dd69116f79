"""Glyphs whose letter another letter reads better by the document's own tokens (ingest/repair/owntokens.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.repair.confidence import Confidence
from ingest.repair.langmodel import build_model
from ingest.repair.owntokens import core, doubted_by_own_tokens
from ingest.repair.tokenstate import Reading

# glyph → reading: « Ж » is the glyph of « A » read « M » (« MAIS » for « AOPS », « Mrticle » for « Article »)
TABLE = {"Ж": "M", "р": "r", "т": "t", "и": "i", "с": "c", "л": "l", "е": "e", "а": "a", "ы": "s", "ф": "("}


@pytest.fixture(scope="module")
def model():
    return build_model(["Article premier. Mais le contrat est signé. Article 2 : les données du client."])


def _found(token: str) -> Reading:
    return Reading(token, False, False, 0.0, (False,) * len(token))


def _garbled(token: str, table: dict[str, str]) -> Reading:
    return Reading("".join(table[ch] for ch in token), True, True, 0.0, (True,) * len(token))


def _doc(rows: list[list[tuple[str, bool]]], table: dict[str, str]):
    """lines, toks, labels of a document given as rows of (token, garbled)."""
    lines = [((0, i), " ".join(t for t, _ in row)) for i, row in enumerate(rows)]
    toks = {key: [t for t, _ in row] for (key, _), row in zip(lines, rows)}
    labels = {key: [_garbled(t, table) if g else _found(t) for t, g in row] for (key, _), row in zip(lines, rows)}
    return lines, toks, labels


def test_core_strips_the_punctuation_around_a_token():
    assert core("(Article") == "Article" and core("l’Article),") == "l’Article" and core("«") == ""


def test_a_letter_another_letter_turns_into_the_documents_own_token_is_doubted(model):
    """« фЖртисле » reads « (Mrticle », no French; « A » makes it « (Article », whose word the
    document writes as found: the glyph is doubted. Read « A », every token it makes is French."""
    rows = [[("Article", False), ("premier.", False)], [("фЖртисле", True), ("2", False)]]
    lines, toks, labels = _doc(rows, TABLE)
    assert doubted_by_own_tokens(lines, toks, labels, TABLE, model) == {"Ж"}
    right = {**TABLE, "Ж": "A"}
    lines, toks, labels = _doc(rows, right)
    assert doubted_by_own_tokens(lines, toks, labels, right, model) == frozenset()


def test_a_rival_that_breaks_more_of_the_documents_tokens_than_it_mends_is_no_evidence(model):
    """« Жаиы » read « Mais » is written as found: « A » would mend « Mrticle » once but break
    « Mais » twice, so « M » stands; mending twice and breaking once, it is doubted."""
    rows = [[("Article", False), ("Mais", False)], [("Жртисле", True)], [("Жаиы", True)], [("Жаиы", True)]]
    lines, toks, labels = _doc(rows, TABLE)
    assert doubted_by_own_tokens(lines, toks, labels, TABLE, model) == frozenset()
    rows = [[("Article", False), ("Mais", False)], [("Жртисле", True)], [("Жртисле", True)], [("Жаиы", True)]]
    lines, toks, labels = _doc(rows, TABLE)
    assert doubted_by_own_tokens(lines, toks, labels, TABLE, model) == {"Ж"}


def test_a_lower_case_letter_settled_by_use_or_by_the_font_order_is_not_judged(model):
    """« жртисле » read « rrticle » (the glyph of « a » read « r »): « a » makes « article », which the
    document writes; the glyph is doubted unless the font's order settles it or it is used 20 times."""
    table = {**TABLE, "ж": "r"}
    rows = [[("article", False), ("premier", False)], [("жртисле", True)]]
    lines, toks, labels = _doc(rows, table)
    assert doubted_by_own_tokens(lines, toks, labels, table, model) == {"ж"}
    assert doubted_by_own_tokens(lines, toks, labels, table, model, settled={"ж"}) == frozenset()
    lines, toks, labels = _doc(rows + [[("жртисле", True)]] * 20, table)
    assert doubted_by_own_tokens(lines, toks, labels, table, model) == frozenset()


def test_a_doubted_glyph_is_neither_supported_nor_vouched_for_by_word_context(model):
    table = TABLE
    garbled = [("Жаиы", "Mais")] * 3 + [("Жа", "Ma")] * 2
    counts = Counter(ch for t, _ in garbled for ch in t)
    reading = Reading("Mais", True, True, 0.0, (True,) * 4)
    plain = Confidence(model, table, agreed=("Ж",), placed=(), garbled=garbled, counts=counts)
    assert "Ж" in plain.supported and plain.vouched_by_context("Жаиы", reading)
    doubted = Confidence(model, table, agreed=("Ж",), placed=(), garbled=garbled, counts=counts, doubted={"Ж"})
    assert "Ж" not in doubted.supported and not doubted.vouched_by_context("Жаиы", reading)
    assert not doubted.trusted("Жаиы", reading, gain=20.0)


def test_the_same_letter_in_the_other_case_is_no_rival(model):
    """« линкедΛн » reads « LinkedIn », no French casing, and the document writes « Linkedin »: the
    glyph read « i » would mend it, but documents write names both ways, so « I » stands; another
    letter mending it the same way would make the glyph doubtful."""
    table = {"Λ": "I", "л": "L", "и": "i", "н": "n", "к": "k", "е": "e", "д": "d"}
    rows = [[("Linkedin", False), ("premier", False)], [("линкедΛн", True)]]
    lines, toks, labels = _doc(rows, table)
    assert doubted_by_own_tokens(lines, toks, labels, table, model) == frozenset()
    rows = [[("Linkedon", False), ("premier", False)], [("линкедΛн", True)]]
    lines, toks, labels = _doc(rows, table)
    assert doubted_by_own_tokens(lines, toks, labels, table, model) == {"Λ"}

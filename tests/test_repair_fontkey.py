"""The font's key: rare glyphs read from the font's glyph order; short tokens read in context."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from ingest.repair.fontkey import fit_font_key, settle
from ingest.repair.fontlayout import font_table
from ingest.repair.fontorder import candidate_orders, glyph_name, positions
from ingest.repair.fontread import glyph_styles
from ingest.repair.wordcontext import WordContext, decode_in_context
from ingest.repair.tokenstate import Reading

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
CLEAN_DOCS = sorted(p for p in CORPUS.glob("*.txt") if "ipso" not in p.name)
RARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789«»:;()")


def test_glyph_names_and_orders():
    assert [glyph_name(ch) for ch in "é,8A’"] == ["eacute", "comma", "eight", "A", "quoteright"]
    orders = candidate_orders(set("abcé,"), "cab,é")
    assert orders["codepoint"] == ",abcé" and orders["first-use"] == "cab,é"
    assert orders["mac"].index("b") - orders["mac"].index("a") == 1
    # printable rank skips code points that print nothing (here the C1 controls before Latin-1)
    place = positions(["~", "\u00a1"], "printable")
    assert place["\u00a1"] - place["~"] == 1 and positions(["~", "\u00a1"], "code")["\u00a1"] - 0x7E == 0x23


def _garbled_counts(text: str, table: dict[str, str]) -> Counter:
    return Counter(table[ch] for ch in text if ch in table)


@pytest.mark.parametrize("seed", range(6))
def test_rare_glyphs_follow_the_font_order(seed):
    """A solver that read the lower case but none of the capitals, digits or rare punctuation:
    the key gives those back from the font's order (for every ordering the family draws)."""
    text = CLEAN_DOCS[seed % len(CLEAN_DOCS)].read_text(encoding="utf-8")
    table, ordering = font_table(text, seed)
    truth = {g: ch for ch, g in table.items()}
    counts = _garbled_counts(text, table)
    solver = {g: (ch if ch not in RARE else "\x01") for g, ch in truth.items()}  # rare glyphs unread
    key = fit_font_key(solver, counts, set(truth), set(text) - {" ", "\n"}, text)
    assert key is not None, ordering
    rare = [g for g, ch in truth.items() if ch in RARE]
    right = sum(key.table.get(g) == truth[g] for g in rare)
    assert right >= 0.9 * len(rare), (ordering, key.name, right, len(rare))


def test_settle_prefers_the_reading_that_makes_words():
    """Two capitals the order leaves ambiguous by one place: words decide (« Les », not « Mes »)."""
    text = CLEAN_DOCS[1].read_text(encoding="utf-8")
    table, _ = font_table(text, 5)
    truth = {g: ch for ch, g in table.items()}
    solver = {g: (ch if ch not in RARE else "?") for g, ch in truth.items()}
    counts = _garbled_counts(text, table)
    key = fit_font_key(solver, counts, set(truth), set(text) - {" ", "\n"}, text)
    garbled = ["".join(table[ch] for ch in w) for w in ("Les", "Cookies", "Vous", "Nous", "Pour", "Lorsque") * 3]
    lm = WordContext([text])

    def score(token: str) -> float:
        return lm.score(None, token, None) if any(ch.isalpha() for ch in token) else -math.inf

    out = settle(solver, key, garbled, score)
    for word in ("Les", "Cookies", "Vous", "Nous", "Pour"):
        assert "".join(out[table[ch]] for ch in word) == word


def test_short_tokens_are_read_in_context():
    """Glyphs on ASCII: « mn » for « de » reads as a word alone, not between its neighbours."""
    table = {"m": "d", "n": "e", "u": "l", "j": "a"}
    context = WordContext(["la partie de la convention", "une partie de la page", "la partie de la mise"])
    toks = {(0, 0): ["partie", "mn", "uj", "convention"], (0, 1): ["un", "mot", "seul"]}
    labels = {k: [Reading(t, False, False, 0.0, (False,) * len(t)) for t in ts] for k, ts in toks.items()}
    lines = [((0, 0), "partie mn uj convention"), ((0, 1), "un mot seul")]
    known = {"partie", "de", "la", "convention", "mn", "un", "mot", "seul", "le"}.__contains__
    switched = decode_in_context(lines, toks, labels, table, lambda t: 0.0, context, lambda w: known(w.lower()))
    assert [r.text for r in labels[(0, 0)]] == ["partie", "de", "la", "convention"]
    assert switched == {((0, 0), 1), ((0, 0), 2)}
    assert [r.text for r in labels[(0, 1)]] == ["un", "mot", "seul"]  # clean words stay as found


def test_a_lone_mark_ending_a_line_is_not_read_as_a_number_in_context():
    """Glyphs on ASCII: « ? » prints a garbled « 6 ». Between two words, the words decide
    (« permanent 6 mois »); at a line's end (« DONNÉES ? »), nothing follows to tell, so it stays
    (a mark read as a word, there, still goes by its context)."""
    table = {"?": "6", "⇐": "d", "⇑": "e", "⇟": "s"}
    context = WordContext(["un cookie permanent 6 mois", "les données 6 mois", "la liste des"] * 5
                          + ["le cookie de session"] * 200)
    toks = {(0, 0): ["permanent", "?", "mois"], (0, 1): ["ces", "données", "?"], (0, 2): ["la", "liste", "⇐⇑⇟"]}
    labels = {k: [Reading(t, False, False, 0.0, (False,) * len(t)) for t in ts] for k, ts in toks.items()}
    lines = [((0, 0), "permanent ? mois"), ((0, 1), "ces données ?"), ((0, 2), "la liste ⇐⇑⇟")]
    known = {"permanent", "mois", "ces", "données", "6", "la", "liste", "des"}.__contains__
    switched = decode_in_context(lines, toks, labels, table, lambda t: 0.0, context, lambda w: known(w.lower()))
    assert [r.text for r in labels[(0, 1)]] == ["ces", "données", "?"]
    # glyphs landing on symbols (« ⇐⇑⇟ » for « des ») still read as a word at a line's end
    assert switched == {((0, 0), 1), ((0, 2), 2)}


def test_apostrophe_glyphs_print_one_style_each():
    """Two glyphs read as « ' » are two styles of the font: the key's when it styles the main glyph,
    by use when it is one off (it names « ‘ », unused, for the main glyph and « ’ » for the other)."""
    table = {"ǂ": "'", "ǃ": "'", "x": "a"}
    counts = Counter({"ǂ": 44, "ǃ": 14, "x": 300})
    doc = ["’", "'"]
    assert glyph_styles(table, {"ǃ": "’"}, counts, doc) == {"ǂ": "’", "ǃ": "'"}  # one off: by use
    assert glyph_styles(table, {}, counts, doc) == {"ǂ": "’", "ǃ": "'"}  # no key: by use
    assert glyph_styles(table, {"ǂ": "'", "ǃ": "’"}, counts, doc) == {"ǂ": "'", "ǃ": "’"}  # the key's own
    assert glyph_styles(table, {"ǃ": "'"}, counts, doc) == {"ǂ": "’", "ǃ": "'"}  # the key styles the minor glyph
    rare = Counter({"ǂ": 44, "ǃ": 3})
    assert glyph_styles(table, {}, rare, doc) == {"ǂ": "’", "ǃ": "’"}  # three uses: a duplicate of the main glyph
    assert glyph_styles(table, {}, counts, ["'"]) == {"ǂ": "'", "ǃ": "'"}  # the clean text prints one style

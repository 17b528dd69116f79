"""The font key's readings checked by words: stretches a place off moved back, the solver's letters kept."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ingest.repair.fontlayout import font_table
from ingest.repair.runshift import keep_solver, shift_runs
from ingest.repair.langmodel import build_model
from ingest.repair.tokenstate import token_score

ROOT = Path(__file__).resolve().parents[1]
CLEAN_DOCS = sorted(p for p in (ROOT / "corpus").glob("*.txt") if "ipso" not in p.name)
ACCENTED = "àçèéêë"


def _setup(doc: int, seed: int, ordering: str):
    text = CLEAN_DOCS[doc].read_text(encoding="utf-8")
    table, _ = font_table(text, seed, ordering)
    truth = {g: ch for ch, g in table.items()}
    garbled = ["".join(table[ch] for ch in w) for w in text.split()]
    model = build_model([], tuple(p.read_text(encoding="utf-8") for p in CLEAN_DOCS if p != CLEAN_DOCS[doc]))

    @lru_cache(maxsize=None)
    def score(token: str) -> float:
        return token_score(token, model)

    return text, table, truth, garbled, score


def test_a_stretch_read_a_place_off_moves_back_together():
    """A CID font (code point order) whose estimated order holds one character too many before the
    accented letters: solver and key read « Ô » for « à », « è » for « é »… The
    stretch moves one place along the order, all together; the letters before it stay."""
    text, table, truth, garbled, score = _setup(1, 3, "cid")
    used = sorted({ch for ch in text if not ch.isspace()})
    order = "".join(used[: used.index("à")] + ["Ô"] + used[used.index("à"):])  # « Ô » is not in the font
    glyphs = sorted(truth, key=ord)
    place = {g: used.index(truth[g]) for g in glyphs}  # the font's own order: one place less from « à » on
    off = {g: order[place[g]] for g in glyphs}  # the key's readings at the letters' constant
    assert off[table["à"]] == "Ô" and off[table["é"]] == "è"
    out = shift_runs(off, order, place, garbled, score)
    assert all(out[g] == truth[g] for g in glyphs if truth[g] in ACCENTED)
    assert all(out[g] == truth[g] for g in glyphs if truth[g].isascii() and truth[g].isalpha())


def test_a_right_table_does_not_move():
    text, table, truth, garbled, score = _setup(2, 4, "cid")
    order = "".join(sorted({ch for ch in text if not ch.isspace()}))
    place = {g: order.index(ch) for g, ch in truth.items()}
    assert shift_runs(truth, order, place, garbled, score) == truth


def test_the_solver_keeps_letters_the_key_moved_far_worse():
    """A key off over the accented letters (« GÈnÈralitÈs »): the solver's « é », read by the
    trigrams over hundreds of uses, comes back; a capital keeps the key's reading, and a reading
    another glyph holds is not taken twice."""
    text, table, truth, garbled, score = _setup(0, 2, "mac")
    settled = dict(truth)
    wrong = {"é": "È", "è": "Ô", "ê": "»"}
    for ch, bad in wrong.items():
        settled[table[ch]] = bad
    solver = dict(truth)
    out = keep_solver(settled, solver, garbled, score)
    assert all(out[table[ch]] == ch for ch in wrong)
    # a solver reading held by another glyph (whose own solver reading is no letter) stays out
    held = dict(settled, **{table[","]: "é"})
    assert keep_solver(held, solver, garbled, score)[table["é"]] == "È"
    # capitals and marks are the key's to read, however the words score them
    other = dict(solver, **{table["L"]: "C", table[","]: "."})
    kept = keep_solver(truth, other, garbled, score)
    assert kept[table["L"]] == "L" and kept[table[","]] == ","

"""Lone words read as found far more often than French writes them (ingest/repair/lonewords.py)."""

from __future__ import annotations

from collections import Counter

from ingest.repair.anyfont import _finish
from ingest.repair.confidence import Confidence
from ingest.repair.langmodel import build_model
from ingest.repair.lonewords import overused_lone_words
from ingest.repair.tokenstate import Reading

# one « y » per 65 tokens, ten « à »
REFERENCE = (("Il y a une clause. " + "La société traite les données relatives à la clause et à ses clients. " * 5)
             * 6).strip()


def _doc(lines: list[str]):
    keyed = [((0, i), line) for i, line in enumerate(lines)]
    return keyed, {key: line.split() for key, line in keyed}


def test_a_lone_word_written_far_more_often_than_french_writes_it_is_overused():
    """« y » printed for the glyph of « à »: the reference texts write « y » once in 65 tokens, the
    document forty times in 320; « à », written about as often as the references do, is not."""
    lines, toks = _doc(["conformément y la loi et à la société"] * 40)
    assert overused_lone_words(lines, toks, (REFERENCE,)) == {"y"}
    # the same words at the reference texts' rate: nothing overused
    lines, toks = _doc(["La société traite les données relatives à la clause et à ses clients."] * 40)
    assert overused_lone_words(lines, toks, (REFERENCE,)) == frozenset()
    assert overused_lone_words(lines, toks, ()) == frozenset()  # no reference: no rate to compare with


def test_an_overused_lone_word_next_to_a_span_is_reported_and_left_as_found():
    model = build_model([REFERENCE])
    table = {"α": "l", "β": "a"}
    line = "αβ y société y la"
    lines, toks = [((0, 0), line)], {(0, 0): line.split()}
    found_as = lambda t: Reading(t, False, False, 0.0, (False,) * len(t))  # noqa: E731
    labels = {(0, 0): [Reading("la", True, True, 0.0, (True, True)), found_as("y"), found_as("société"),
                       found_as("y"), found_as("la")]}
    conf = Confidence(model, table, agreed=(), placed=(), garbled=[("αβ", "la")], counts=Counter())
    found = _finish([[line]], lines, toks, labels, model, table, {}, conf, overused=frozenset({"y"}))
    assert found.unsure.get((0, 0, 3)) == "y" and found.left_as_found == 1
    assert (0, 0, 13) not in found.unsure  # no span next to it
    assert (0, 0, 3) not in _finish([[line]], lines, toks, labels, model, table, {}, conf).unsure  # not overused

"""Confidence of decoded tokens (ingest/repair/confidence.py) and token counts kept by the mojibake fix."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.repair.confidence import Confidence
from ingest.repair.langmodel import build_model
from ingest.repair.mojibake import fix_mojibake
from ingest.repair.tokenstate import Reading


@pytest.fixture(scope="module")
def model():
    return build_model(["La société traite les données des clients. Le contrat est signé le 12 mars 2023."])


def _reading(text: str) -> Reading:
    return Reading(text, True, True, 0.0, (True,) * len(text))


# glyph → reading: lower case spelling several words, a rare capital, a rare punctuation glyph
TABLE = {"α": "l", "β": "e", "γ": "s", "δ": "d", "ε": "a", "Λ": "L", "Ω": "»", "ϑ": "–"}
GARBLED = [("αβγ", "les"), ("δβγ", "des"), ("αε", "la"), ("δβ", "de"), ("Λβ", "Le")]


def test_a_rare_punctuation_glyph_is_trusted_only_when_the_font_order_agrees(model):
    counts = Counter(ch for t, _ in GARBLED for ch in t) + Counter({"Ω": 2, "ϑ": 2})
    alone = Confidence(model, TABLE, agreed=(), placed=(), garbled=GARBLED, counts=counts)
    assert not alone.trusted("Ω", _reading("»"), gain=20.0)
    # the order alone (both neighbouring voters) places digits and lower case, not punctuation
    assert not Confidence(model, TABLE, (), ("Ω",), GARBLED, counts).trusted("Ω", _reading("»"), gain=20.0)
    digits = Confidence(model, {**TABLE, "ϟ": "7"}, (), ("ϟ",), GARBLED, counts + Counter({"ϟ": 1}))
    assert "ϟ" in digits.supported
    agreed = Confidence(model, TABLE, agreed=("Ω",), placed=(), garbled=GARBLED, counts=counts)
    assert agreed.trusted("Ω", _reading("»"), gain=20.0)


def test_letters_are_supported_by_distinct_known_words(model):
    counts = Counter(ch for t, _ in GARBLED for ch in t)
    conf = Confidence(model, TABLE, agreed=(), placed=(), garbled=GARBLED, counts=counts)
    assert {"α", "β", "γ", "δ"} <= conf.supported  # each spells two known words or more
    assert "Λ" not in conf.supported  # a capital seen in one word only
    assert conf.trusted("δβγ", _reading("des"), gain=20.0)
    assert not conf.trusted("Λβ", _reading("Le"), gain=20.0)
    # many uses settle a lower-case glyph without words; a capital needs words or the order
    assert "Λ" not in Confidence(model, TABLE, (), (), GARBLED, counts + Counter({"Λ": 100})).supported
    assert "ε" not in conf.supported  # « a »: one word only
    assert "ε" in Confidence(model, TABLE, (), (), GARBLED, counts + Counter({"ε": 100})).supported


def test_a_reading_must_be_a_common_word_and_beat_the_text_as_found(model):
    counts = Counter(ch for t, _ in GARBLED for ch in t)
    conf = Confidence(model, TABLE, agreed=(), placed=(), garbled=GARBLED, counts=counts)
    assert conf.trusted("αβγ", _reading("les"), gain=20.0)
    assert not conf.trusted("αβγ", _reading("les"), gain=1.0)  # no margin over the text as found
    assert not conf.trusted("γδβα", _reading("sdel"), gain=20.0)  # supported glyphs, but no word


def test_the_mojibake_fix_never_merges_or_splits_tokens():
    assert fix_mojibake("cafÃ© crÃ¨me") == "café crème"  # classic mojibake is still fixed
    # « Â » before a no-break space reads as a lost byte; a glyph printed as « Â » is a token of its own
    line = "prix Â\u00a0: 5"
    assert len(fix_mojibake(line).split()) == len(line.split())
    assert len(fix_mojibake("voilÃ\u00a0la").split()) == 2


"""clausier/reading/cues.py: the phrases saying what kind of answer is asked for, matched against folded text."""

from __future__ import annotations

import re

import pytest

from clausier.reading import cues
from clausier.textnorm import fold


@pytest.mark.parametrize(
    "name",
    ["DURATION_CUES", "AMOUNT_CUES", "DATE_CUES", "FREQUENCY_CUES", "LOCATION_CUES"],
)
def test_cues_are_written_folded_since_they_are_matched_against_folded_text(name):
    phrases = getattr(cues, name)
    assert phrases and all(cue == fold(cue) for cue in phrases), name


@pytest.mark.parametrize(
    "question, name",
    [("Pendant combien de temps gardez-vous mes données ?", "DURATION_CUES"),
     ("How long is my e-mail address kept?", "DURATION_CUES"),
     ("Quel montant Nordvent-AI facture-t-il ?", "AMOUNT_CUES"),
     ("Depuis quand la politique s'applique-t-elle ?", "DATE_CUES"),
     ("À quel rythme les sauvegardes sont-elles faites ?", "FREQUENCY_CUES"),
     ("Où sont hébergées mes données ?", "LOCATION_CUES"),
     ("Which country hosts the servers?", "LOCATION_CUES")],
)
def test_a_question_of_each_kind_meets_its_cue(question, name):
    folded = fold(question)
    assert any(cue in folded for cue in getattr(cues, name))


def test_months_match_french_and_english_dates_but_not_the_modal_may():
    months = re.compile(rf"\b(?:{cues.MONTHS})\b")
    assert months.search(fold("le 3 Février 2024"))
    assert months.search(fold("on 3 August 2024"))
    assert months.search(fold("le 1er août 2024"))
    assert not months.search(fold("You may delete your account."))

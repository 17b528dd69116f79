"""Question analysis (clausier/reading/question.py): the answer type a question asks."""

from __future__ import annotations

import pytest

@pytest.mark.parametrize("question, duration, asks", [
    ("De quand date la politique ?", False, {"date"}),
    ("When was the policy last updated?", False, {"date"}),
    ("Compare the breach notification deadlines of the two companies.", True, set()),
    ("Comparez les délais de notification des deux sociétés.", True, set()),
    ("Quelles données sont collectées ?", False, set()),
    # the period asked with an article or as a lifetime
    ("Quelle est la durée de vie des cookies d'Assistool ?", True, set()),
    ("Quel est le délai de notification d'une violation de données ?", True, set()),
    ("What is the lifetime of the cookies?", True, set()),
    ("When does the _ga cookie expire?", True, set()),
    ("Quelle est la finalité des cookies ?", False, set()),
])
def test_what_answer_type_a_question_asks(question, duration, asks):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert (parsed.duration, set(parsed.asks)) == (duration, asks)


@pytest.mark.parametrize("question, absent", [
    ("Quelle est la durée de vie des cookies d'Assistool ?", "vi"),  # not « vie privée »
    ("What is the lifetime of the cookies?", "lifetim"),
])
def test_the_words_naming_the_asked_period_are_not_content_terms(question, absent):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert parsed.duration and absent not in parsed.terms and "cook" in parsed.terms

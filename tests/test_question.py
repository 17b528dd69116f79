"""Question analysis (clausier/reading/question.py): the answer type a question asks."""

from __future__ import annotations

import pytest

@pytest.mark.parametrize("question, duration, asks", [
    ("De quand date la politique ?", False, {"date"}),
    ("When was the policy last updated?", False, {"date"}),
    ("Compare the breach notification deadlines of the two companies.", True, set()),
    ("Comparez les délais de notification des deux sociétés.", True, set()),
    ("Quelles données sont collectées ?", False, set()),
])
def test_what_answer_type_a_question_asks(question, duration, asks):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert (parsed.duration, set(parsed.asks)) == (duration, asks)

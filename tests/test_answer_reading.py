"""One abstention decision, said the same way in the text and the flag.

Hits are made up here (a fictitious company, « Dupont SA »), not taken from the corpus, so the
rules are tested on text they were not written against.
"""

from __future__ import annotations

import pytest

from answer import ExtractiveAnswerer
from clausier.schema import Hit, chunk_id_for

ORG = "Dupont SA"


def hit(text: str, heading: str = "Article 1", rank: int = 0, org: str = ORG) -> Hit:
    return Hit(
        chunk_id=chunk_id_for("dupont", heading, rank, 0, text), doc_id="dupont", title="Politique de Dupont SA",
        organisation=org, clause=heading.split()[-1], heading=heading, page=1, text=text,
        score=1.0 / (rank + 1), level=0,
    )


@pytest.fixture(scope="module")
def answerer():
    return ExtractiveAnswerer()


def test_a_yes_no_question_nothing_answers_says_so(answerer):
    unrelated = hit("Les factures sont envoyées par courrier électronique.", "Article 3")
    asked = answerer.answer("Dupont SA est-il certifié ISO 27001 ?", [unrelated])
    assert asked.abstained
    assert asked.text == "Les documents disponibles ne le disent pas explicitement."


def test_abstention_is_one_decision_in_text_and_flag(answerer):
    # an English question whose only organisation-less frame would have been « For None, … »
    other = hit("Les sauvegardes sont chiffrées.", "Article 8", org="Autre SARL")
    asked = answerer.answer("How long are Dupont SA's backups kept?", [other])
    assert asked.abstained
    assert "None" not in asked.text
    for question in ("Which companies host the data?", "Quelles sociétés hébergent les données ?"):
        result = answerer.answer(question, [other])
        assert result.abstained == (not result.citations)
        assert "None" not in result.text

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


@pytest.mark.parametrize(("question", "texts", "answered_by"), [
    # the period stated is about other data of the same clause: not an answer about the logs
    ("Combien de temps Dupont SA conserve-t-il les fichiers de logs ?",
     ["Les factures sont conservées dix ans. Les fichiers de logs enregistrent les visites du site."], None),
    ("Combien de temps Dupont SA conserve-t-il les fichiers de logs ?",
     ["Les factures sont conservées dix ans. Les fichiers de logs sont conservés six mois."], "six mois"),
    # « préavis » asks for a period: a clause on termination that states none does not answer
    ("Quel est le préavis pour résilier le contrat avec Dupont SA ?",
     ["Chaque partie peut résilier le contrat par lettre recommandée adressée à l'autre partie."], None),
    ("Quel est le préavis pour résilier le contrat avec Dupont SA ?",
     ["Chaque partie peut résilier le contrat moyennant un préavis de trois mois."], "trois mois"),
])
def test_a_period_question_is_answered_only_by_a_period_about_it(embedder, question, texts, answered_by):
    answerer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)
    asked = answerer.answer(question, [hit(t, f"Article {i + 1}", i) for i, t in enumerate(texts)])
    if answered_by is None:
        assert asked.abstained and not asked.citations
    else:
        assert not asked.abstained and answered_by in asked.text

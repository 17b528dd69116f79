"""The answerer reads: the asked kind of fact about the focus, verdicts, one abstention decision.

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


RETENTION = hit(
    "Les factures des clients de Dupont SA sont conservées dix ans, conformément au code de commerce. "
    "Les fichiers de logs des serveurs de Dupont SA servent à détecter les intrusions.",
    "Article 4 Conservation",
)


def test_a_period_about_something_else_is_not_an_answer(answerer):
    asked = answerer.answer("Combien de temps Dupont SA conserve-t-il les fichiers de logs ?", [RETENTION])
    assert asked.abstained and not asked.citations
    assert asked.see_also  # the closest clause is still shown


def test_a_period_about_the_focus_is_quoted(answerer):
    asked = answerer.answer("Combien de temps Dupont SA conserve-t-il les factures des clients ?", [RETENTION])
    assert not asked.abstained
    assert "dix ans" in asked.citations[0].quote


CONTACT = hit(
    "Le délégué à la protection des données de Dupont SA peut être contacté par courrier au siège. "
    "Le numéro de téléphone du service client est le 01 23 45 67 89, du lundi au vendredi.",
    "Article 9 Contact",
)


def test_a_phone_number_is_required_for_a_phone_question(answerer):
    dpo = answerer.answer("Quel est le numéro de téléphone du délégué à la protection des données de Dupont SA ?",
                          [CONTACT])
    assert dpo.abstained  # a number exists, but it is the customer service's
    service = answerer.answer("Quel est le numéro de téléphone du service client de Dupont SA ?", [CONTACT])
    assert not service.abstained and "01 23 45 67 89" in service.citations[0].quote


def test_a_count_needs_a_number_about_the_counted_thing(answerer):
    staff = hit("Les salariés de Dupont SA sont formés chaque année à la protection des données.", "Article 6")
    asked = answerer.answer("Combien de salariés compte Dupont SA ?", [staff])
    assert asked.abstained


def test_a_person_question_needs_a_name(answerer):
    anonymous = hit("Dupont SA a désigné un délégué à la protection des données.", "Article 2")
    named = hit("Dupont SA a désigné Mme Claire Martin comme déléguée à la protection des données.", "Article 2")
    assert answerer.answer("Qui est le délégué à la protection des données de Dupont SA ?", [anonymous]).abstained
    assert not answerer.answer("Qui est le délégué à la protection des données de Dupont SA ?", [named]).abstained


@pytest.mark.parametrize("text, lead", [
    ("Dupont SA ne vend jamais les données personnelles de ses clients à des tiers.", "Non."),
    ("Dupont SA vend les données de contact de ses clients à des partenaires commerciaux.", "Oui."),
])
def test_verdict_follows_the_polarity_of_the_stating_sentence(answerer, text, lead):
    asked = answerer.answer("Dupont SA vend-il les données personnelles de ses clients ?", [hit(text, "Article 5")])
    assert not asked.abstained
    assert asked.text.startswith(lead)


def test_no_verdict_when_the_sentence_does_not_state_the_predicate(answerer):
    text = "Dupont SA partage les données de ses clients avec son hébergeur, dans l'Union européenne."
    asked = answerer.answer("Dupont SA vend-il les données personnelles de ses clients ?", [hit(text, "Article 5")])
    assert not asked.text.startswith(("Oui", "Non"))


def test_consent_required_answers_no_to_without_consent(answerer):
    text = "Les cookies de mesure d'audience de Dupont SA sont déposés sur la base du consentement de l'utilisateur."
    asked = answerer.answer("Les cookies de mesure d'audience de Dupont SA sont-ils déposés sans mon consentement ?",
                            [hit(text, "Article 7")])
    assert asked.text.startswith("Non.")


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

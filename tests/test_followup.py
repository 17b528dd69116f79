"""Follow-up rewriting: elliptical questions reuse the previous question's subject."""

from __future__ import annotations

import pytest

from clausier.reading.followup import SEPARATOR, is_followup, rewrite_followup, topic_of

ORGS = ["AOPS", "Assistool", "IPSO", "Ikomia", "Looper-AI"]
PHONE = "Combien de temps Looper-AI garde-t-il les informations notées lors d'un appel téléphonique ?"


def test_organisation_swapped_in_previous_question():
    result = rewrite_followup("et chez Ikomia ?", [PHONE], ORGS)
    assert result.rewritten and result.reason == "organisation"
    assert result.text == "Combien de temps Ikomia garde-t-il les informations notées lors d'un appel téléphonique ?"


def test_bare_organisation_is_a_followup():
    result = rewrite_followup("Et pour IPSO ?", ["Quel est le délai de notification d'une fuite chez Looper-AI ?"], ORGS)
    assert result.text == "Quel est le délai de notification d'une fuite chez IPSO ?"
    assert rewrite_followup("Ikomia ?", [PHONE], ORGS).text.startswith("Combien de temps Ikomia")


def test_organisation_added_when_previous_named_none():
    result = rewrite_followup("and at Assistool?", ["Who can access my data?"], ORGS)
    assert result.rewritten
    assert result.text == f"Who can access my data{SEPARATOR}Assistool"


def test_topic_carried_over_in_english():
    previous = "Quelles informations Looper-AI collecte-t-il lors des contacts téléphoniques ?"
    result = rewrite_followup("and how long is it kept?", [previous], ORGS)
    assert result.rewritten and result.reason == "topic"
    core, topic = result.text.split(SEPARATOR)
    assert core == "How long is it kept?"  # the user's own words first: the answer stays in English
    assert topic.split()[0] == "Looper-AI"
    assert "informations" in topic and "téléphoniques" in topic
    assert "Quelles" not in topic and "collecte-t-il" not in topic


def test_topic_carried_with_new_organisation():
    result = rewrite_followup("et combien de temps chez Ikomia ?", ["Quelles données Looper-AI collecte-t-il ?"], ORGS)
    assert result.rewritten
    assert "Looper-AI" not in result.text
    assert result.text.endswith(f"{SEPARATOR}Ikomia données collecte")


def test_new_subject_keeps_previous_organisation_only():
    result = rewrite_followup("Et les sous-traitants ?", ["Quelles données Looper-AI collecte-t-il ?"], ORGS)
    assert result.text == f"Les sous-traitants ?{SEPARATOR}Looper-AI"
    assert result.reason == "organisation"


def test_chained_followups_use_the_last_searched_question():
    first = rewrite_followup("et chez Ikomia ?", [PHONE], ORGS).text
    second = rewrite_followup("et chez AOPS ?", [PHONE, first], ORGS)
    assert second.text.startswith("Combien de temps AOPS garde-t-il")


@pytest.mark.parametrize("question", [
    "Quelle est la durée du cookie _ga chez Assistool ?",
    "Who are Looper-AI's sub-processors?",
    "Et quelle est la durée de conservation des cookies analytiques chez Assistool ?",
    "Puis-je envoyer ce fichier à un sous-traitant hors UE ?",
])
def test_self_contained_questions_are_left_alone(question):
    result = rewrite_followup(question, [PHONE], ORGS)
    assert not result.rewritten and result.text == question


def test_first_question_is_never_rewritten():
    assert rewrite_followup("et chez Ikomia ?", [], ORGS).text == "et chez Ikomia ?"
    assert not is_followup("", ORGS)


def test_unknown_organisation_is_not_invented():
    # « Acme » is not in the index: nothing to swap, and no topic to carry → left as typed
    result = rewrite_followup("et chez Acme ?", [PHONE], ORGS)
    assert not result.rewritten and result.text == "et chez Acme ?"


def test_topic_of_drops_interrogatives_and_clitics():
    assert topic_of(PHONE, ORGS) == "Looper-AI garde informations notées appel téléphonique"

"""What a question asks for, and whether a sentence states it (answer.answertype, answer.focus)."""

import pytest

from answer.answertype import (
    AGE, AMOUNT, COUNT, DATE, DURATION, EMAIL, FREQUENCY, IDENTIFIER, ORGANISATION, PERSON, PHONE, PLACE, URL,
    asked_kinds, stated_kinds,
)
from answer.focus import focus_of, kind_words
from answer.question import analyse_question


@pytest.mark.parametrize("question, kind", [
    ("Quel est le numéro de téléphone du service client de Dupont SA ?", PHONE),
    ("À quelle adresse e-mail écrire au délégué à la protection des données ?", EMAIL),
    ("What is the company's VAT number?", IDENTIFIER),
    ("Quel est le numéro SIREN de la société ?", IDENTIFIER),
    ("À partir de quel âge peut-on créer un compte ?", AGE),
    ("Combien de salariés compte l'entreprise ?", COUNT),
    ("How many subcontractors does the vendor use?", COUNT),
    ("Combien de jours faut-il pour clôturer un compte ?", DURATION),
    ("How long are invoices kept?", DURATION),
    ("À quelle fréquence les sauvegardes sont-elles testées ?", FREQUENCY),
    ("Quel est le montant de l'abonnement mensuel ?", AMOUNT),
    ("À quelle date la politique a-t-elle été mise à jour ?", DATE),
    ("Dans quelle ville se trouve le siège social ?", PLACE),
    ("Which country are the servers located in?", PLACE),
    ("Qui est le délégué à la protection des données ?", PERSON),
    ("Quel hébergeur la société utilise-t-elle ?", ORGANISATION),
    ("What is the URL of the cookie settings page?", URL),
])
def test_asked_kinds(question, kind):
    assert kind in asked_kinds(question)


@pytest.mark.parametrize("question", [
    "Pourquoi la société collecte-t-elle mes données ?",
    "Qui est responsable du traitement des données ?",  # an agent, often a company: no name required
    "Les cookies publicitaires sont-ils déposés sans consentement ?",
    "What rights do I have over my data?",
])
def test_open_questions_ask_no_kind(question):
    assert asked_kinds(question) == frozenset()


def test_the_specific_kind_wins_over_the_person():
    assert asked_kinds("Quel est le numéro de téléphone du DPO ?") == {PHONE}
    assert asked_kinds("Combien de fois par an l'audit a-t-il lieu ?") == {FREQUENCY}


@pytest.mark.parametrize("sentence, kind", [
    ("Vous pouvez nous joindre au 01 23 45 67 89 du lundi au vendredi.", PHONE),
    ("Contact : +33 (0)4 78 12 34 56.", PHONE),
    ("Écrivez à privacy@example.org pour exercer vos droits.", EMAIL),
    ("Les réglages sont disponibles sur https://example.org/cookies.", URL),
    ("La société est immatriculée au RCS de Lyon sous le numéro 512 345 678.", IDENTIFIER),
    ("Le service est réservé aux personnes âgées de 16 ans au moins.", AGE),
    ("Les factures sont conservées dix ans.", DURATION),
    ("Les données sont conservées pendant toute la durée de la relation contractuelle.", DURATION),
    ("La demande est traitée sans délai.", DURATION),
    ("Un test de restauration est réalisé chaque trimestre.", FREQUENCY),
    ("L'abonnement coûte 12,50 € par mois.", AMOUNT),
    ("La présente politique entre en vigueur le 1er mars 2024.", DATE),
])
def test_stated_kinds_by_pattern(sentence, kind):
    assert kind in stated_kinds(sentence, kinds=[kind])


@pytest.mark.parametrize("sentence, kind", [
    ("Les données sont conservées pour la durée nécessaire.", PHONE),
    ("Les factures sont conservées conformément à la loi.", DURATION),
    ("Le règlement (UE) 2016/679 s'applique au traitement.", DATE),  # a reference number, not a date
    ("Nous pouvons être contactés par courrier.", EMAIL),
    ("Les données sont chiffrées au repos.", AMOUNT),
])
def test_stated_kinds_absent(sentence, kind):
    assert kind not in stated_kinds(sentence, kinds=[kind])


def test_entities_find_persons_and_places_but_not_the_asking_organisation():
    assert PERSON in stated_kinds("Notre délégué, Mme Claire Martin, répond à vos questions.", kinds=[PERSON])
    assert PLACE in stated_kinds("Les serveurs sont situés en Allemagne.", kinds=[PLACE])
    # the organisation the question is about names no one and nothing
    assert ORGANISATION not in stated_kinds("Dupont SA a désigné un délégué.", exclude_names=["Dupont SA"],
                                            kinds=[ORGANISATION])
    assert PERSON not in stated_kinds("La société a désigné un délégué à la protection des données.", kinds=[PERSON])


def test_focus_head_is_the_most_specific_term():
    parsed = analyse_question("Combien de temps la société conserve-t-elle ses fichiers de logs ?", [])
    focus = focus_of(parsed, skip=kind_words(parsed.kinds))
    assert focus.head is not None and focus.head.startswith("log")
    assert not any(t.startswith("temp") for t in focus.terms)  # « temps » names the kind, not the topic

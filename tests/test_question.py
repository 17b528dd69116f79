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


@pytest.mark.parametrize("question, asks", [
    ("Quel est le numéro de téléphone du délégué à la protection des données ?", {"phone"}),
    ("Quelle est l'adresse e-mail du DPO ?", {"email"}),  # not a postal address as well
    ("Quelle est l'adresse du siège social ?", {"address"}),
    ("What is the company's postal address?", {"address"}),
    # a yes/no question about a contact detail does not ask for one
    ("Le numéro de téléphone est-il obligatoire pour créer un compte ?", set()),
])
def test_a_question_asking_for_a_contact_detail(question, asks):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert set(parsed.asks) == asks
    if asks:  # the words naming the detail are the answer type, not content terms
        assert not {"telephon", "numero", "adress", "mail", "postal"} & set(parsed.terms)


@pytest.mark.parametrize("text, kind, expected", [
    ("Contact : +32 478 87 07 01.", "phone", True),
    ("Téléphone : 01 23 45 67 89", "phone", True),
    ("RCS PARIS 807.648.282", "phone", False),
    ("conservées pendant 13 mois", "phone", False),
    ("écrivez à dpo@example.fr", "email", True),
    ("contact”_at_”example”_point_”com", "email", True),
    ("situé au 17 rue Isaac Newton, 17000 La Rochelle", "address", True),
    ("Rue du Veneur, 54A - 7830 Silly", "address", True),
    ("en 2018, les 1 000 utilisateurs", "address", False),
])
def test_a_sentence_stating_a_contact_detail_is_marked(text, kind, expected):
    from clausier.reading.marks import type_marks

    assert (f"\x00{kind}" in type_marks(text)) == expected


@pytest.mark.parametrize("question, named", [
    ("Quel prestataire de paiement Durandal utilise-t-il ?", True),
    ("Quel hébergeur stocke nos données ?", True),
    ("What programming language is the software written in?", True),
    # a list question may be answered by categories of recipients: no name required
    ("À quels prestataires Durandal transmet-il des données ?", False),
    ("Which providers receive data?", False),
    ("Le prestataire de paiement est-il situé dans l'UE ?", False),  # yes/no
])
def test_a_question_asking_for_a_name(question, named):
    from clausier.reading.question import analyse_question

    assert ("name" in analyse_question(question, []).asks) == named


@pytest.mark.parametrize("text, organisation, named", [
    ("gestion des services de paiement en ligne (Stripe)", "Durandal", True),
    ("hébergement : DigitalOcean – digitalocean.com", "Durandal", True),
    ("Nos serveurs sont chez OVH à Roubaix.", "Durandal", True),
    ("le site est hébergé par la société “Nuagex” située en France", "Durandal", True),
    # defined terms of legal writing, the organisation itself, a sentence's first word
    ("Nous conservons vos Données Personnelles au sein de l'Union Européenne.", "Durandal", False),
    ("Ce processus est réalisé par Durandal SRL en tant que responsable.", "Durandal", False),
    ("Les prestataires de paiement auxquels nous recourons.", "Durandal", False),
])
def test_a_sentence_naming_someone_is_marked(text, organisation, named):
    from clausier.reading.marks import NAME_TERM, name_marks

    assert (NAME_TERM in name_marks(text, organisation)) == named

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
    ("La période d'essai dure combien ?", True, set()),
    ("Quelle est la finalité des cookies ?", False, set()),
    # a price, a rate, a company's figures: a figure answers, not a sentence on the topic
    ("Quel est le chiffre d'affaires de la société ?", False, {"amount"}),
    ("Quel taux de disponibilité le prestataire garantit-il ?", False, {"amount"}),
    ("What is the price of a subscription?", False, {"amount"}),
    ("What are the fees for an audit?", False, {"amount"}),
    ("Durandal facture combien pour une demande d'accès ?", False, {"amount"}),
    ("À partir de quel âge peut-on s'inscrire ?", False, {"age"}),
    ("C'est quoi le numéro d'entreprise de Durandal ?", False, {"registration"}),
    # a count is answered by a list as well as by a figure
    ("Combien de catégories de cookies la politique distingue-t-elle ?", False, set()),
    ("How many cookie categories are there?", False, set()),
    ("Combien de fois par an le client peut-il auditer ?", False, set()),
])
def test_what_answer_type_a_question_asks(question, duration, asks):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert (parsed.duration, set(parsed.asks)) == (duration, asks)


@pytest.mark.parametrize("question, absent", [
    ("Quelle est la durée de vie des cookies d'Assistool ?", "vi"),  # not « vie privée »
    ("What is the lifetime of the cookies?", "lifetim"),
    ("Les cookies durent combien ?", "durent"),  # the verb asks the period, like « durée »
    # the unit a period is asked in: a sentence stating « 45 jours » of another matter holds it
    ("Sous combien de jours AOPS doit-il répondre à une demande d'accès ?", "jour"),
    ("How many months are the cookies kept?", "month"),
])
def test_the_words_naming_the_asked_period_are_not_content_terms(question, absent):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert parsed.duration and absent not in parsed.terms
    assert {"cook"} <= set(parsed.terms) or {"demand", "acce"} <= set(parsed.terms)


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


@pytest.mark.parametrize("question, yes_no, verb", [
    # inversion, as before
    ("Durandal vend-il mes données ?", True, "vend"),
    # the impersonal « il faut » is a modal like « doit »: the asked verb follows it
    ("Faut-il fournir une preuve pour corriger mes données ?", True, "fourn"),
    ("Faudra-t-il signer un avenant ?", True, "sign"),
    # « est-ce que » then a declarative clause: the verb after the subject
    ("Est-ce que Durandal vend mes données ?", True, "vend"),
    ("Est-ce qu’on peut refuser les cookies ?", True, "refus"),  # past the modal
    ("Si je retire mon accord, est-ce que ça remet en cause le traitement ?", True, "remet"),
    # intonation alone: a declarative clause, a question mark, no interrogative word
    ("Durandal vend mes données ?", True, "vend"),
    ("Je peux refuser les cookies ?", True, "refus"),
    ("Les cookies fonctionnels nécessitent mon consentement ?", True, "necessitent"),  # not the adjective
    ("Les données du client sont transférées hors de l'Union ?", True, "transfere"),  # « client » is no verb
    ("La demande de suppression est traitée gratuitement ?", True, "traite"),
    # not yes/no: an interrogative word anywhere, a request for a fact, no verb, no question mark
    ("Durandal garde mes données combien de temps ?", False, None),
    ("Tu peux me dire le délai de conservation ?", False, None),
    ("Tu peux me dire combien de temps Durandal garde mes données ?", False, None),
    ("Le mail du DPO de Durandal ?", False, None),
    ("Et chez Durandal ?", False, None),
    # a leading « chez <organisation> » without its comma: the clause follows it
    ("Chez Durandal une demande d'accès à ses données perso est satisfaite sous un mois ?", True, "satisfait"),
    ("Chez Durandal on peut refuser les cookies ?", True, "refus"),
    ("Chez Durandal quels sont les délais ?", False, None),
    # a cleft question after a leading phrase: its verb is read past the phrase
    ("En cas de fuite de données, c'est Durandal qui prévient l'autorité ?", True, "previent"),
    ("Durandal vend mes données.", False, None),
])
def test_the_three_french_yes_no_forms_and_their_verb(question, yes_no, verb):
    from clausier.reading.question import analyse_question
    from clausier.schema import Hit

    hits = [Hit(chunk_id="d", doc_id="d", title="t", organisation="Durandal", clause="1", heading="h", page=1,
                text="t", level=0)]
    parsed = analyse_question(question, hits)
    assert (parsed.yes_no, parsed.verb) == (yes_no, verb)


@pytest.mark.parametrize("clause, verb", [
    ("les prestataires choisissent leurs sous-traitants", "choisissent"),
    ("le prestataire choisit ses sous-traitants", "choisit"),
    ("le site met à jour sa politique", "met"),
    ("les données personnelles des utilisateurs sont conservées", "sont"),
    ("les incidents graves entraînent une notification", "entraînent"),  # « incidents »: a noun
    # « à » is a preposition, never the verb « a »; a long noun phrase before the verb
    ("une demande d'accès à ses données perso est satisfaite", "est"),
    ("la copie des fichiers à la fin du contrat est détruite", "est"),
    ("les cookies", None),  # no verb
])
def test_the_verb_after_a_noun_phrase(clause, verb):
    from clausier.reading.clause_verb import clause_verb

    assert clause_verb(clause) == verb


@pytest.mark.parametrize("question, verb", [
    # past a phrase of permission or obligation, the asked verb is its infinitive
    ("Durandal a-t-il le droit d'expédier nos fichiers ?", "expedi"),
    ("Durandal est-il autorisé à archiver nos données ?", "archiv"),
    ("Le client est-il tenu de notifier la fuite ?", "notifi"),
    ("Est-ce que Durandal a le droit de sous-traiter ?", "soustrait"),
    # a modal alone, as before
    ("Durandal peut-il transférer mes données ?", "transfer"),
])
def test_the_verb_past_a_phrase_of_permission(question, verb):
    from clausier.reading.question import analyse_question
    from clausier.schema import Hit

    hits = [Hit(chunk_id="d", doc_id="d", title="t", organisation="Durandal", clause="1", heading="h", page=1,
                text="t", level=0)]
    assert analyse_question(question, hits).verb == verb


def test_the_impersonal_modal_is_no_content_term():
    from clausier.reading.question import analyse_question

    parsed = analyse_question("Faut-il fournir une preuve pour corriger mes données ?", [])
    assert "faut" not in parsed.terms and {"fourn", "preuv"} <= set(parsed.terms)


@pytest.mark.parametrize("question, verb", [
    ("Does Durandal keep our personal data inside the EU?", "keep"),
    ("Can we audit Durandal ourselves?", "audit"),
    ("Does Durandal Conseil still sell customer data?", "sell"),  # the rest of the name, an adverb
    ("If I call Durandal, will it record the call?", "record"),  # after a leading clause
    # a subject whose length is unknown, a light verb: no verb
    ("Does the policy mention cookies?", None),
    ("Does Durandal's host keep our data?", None),
    ("Can I get a copy of my data?", None),
    ("Does Durandal have servers in the US?", None),
    # a causative « get / have »: the participle says what is asked
    ("Can I get wrong data corrected by Durandal?", "corrected"),
    ("Can we have our account deleted for free?", "deleted"),
    ("How long does Durandal keep our data?", None),  # not yes or no
])
def test_the_verb_of_an_english_yes_no_question(question, verb):
    from clausier.reading.question import analyse_question
    from clausier.reading.vocabulary import terms
    from clausier.schema import Hit

    hits = [Hit(chunk_id="c", doc_id="d", title="t", organisation="Durandal Conseil", clause="1", heading="h",
                page=1, text="t", level=0)]
    parsed = analyse_question(question, hits)
    assert parsed.verb == (terms(verb)[0] if verb else None)


@pytest.mark.parametrize("question, wants_list", [
    ("Durandal partage les données avec qui ?", True),
    ("C'est quoi les niveaux de confidentialité des documents ?", True),
    ("C'est quoi le délai de réponse ?", False),
])
def test_colloquial_list_questions(question, wants_list):
    from clausier.reading.question import analyse_question

    assert analyse_question(question, []).wants_list is wants_list



@pytest.mark.parametrize("question, duration, asks_name", [
    ("What's the max time Durandal has to act on my request?", True, False),
    ("How much time does Durandal have to answer?", True, False),
    ("Quel est le délai maximum de réponse ?", True, False),
    ("What's the name of the cookie consent tool?", False, True),
    ("Comment s'appelle l'outil de consentement ?", False, True),
    ("Le nom est-il obligatoire ?", False, False),  # a field, asked yes or no
    ("What time does the office open?", False, False),
])
def test_periods_and_names_asked_in_everyday_words(question, duration, asks_name):
    from clausier.reading.question import analyse_question

    parsed = analyse_question(question, [])
    assert parsed.duration is duration and ("name" in parsed.asks) is asks_name

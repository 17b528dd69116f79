"""« Oui » / « Non » from the quoted sentence's polarity (answer/verdict.py).

The clauses are made up (a fictitious company, « Durandal »), not taken from the corpus, so
the rules are tested on wording they were not written against. Each case also checks that a
verdict is backed by a quote: the sentence it was read from is cited.
"""

from __future__ import annotations

import pytest

from answer import ExtractiveAnswerer
from clausier.reading.question import analyse_question
from clausier.schema import Hit, chunk_id_for

ORG = "Durandal"


def hit(text: str, heading: str = "Article 4", rank: int = 0) -> Hit:
    return Hit(
        chunk_id=chunk_id_for("durand", heading, rank, 0, text), doc_id="durand", title="Contrat de Durandal",
        organisation=ORG, clause=heading.split()[-1], heading=heading, page=2, text=text,
        score=1.0 / (rank + 1), level=0,
    )


@pytest.fixture(scope="module")
def answerer(embedder):
    """The app's answerer: the real e5 model scores the sentences."""
    return ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)


def lead(answerer, question: str, *texts: str, answered: bool = True) -> str:
    given = [hit(t, f"Article {i + 1}", i) for i, t in enumerate(texts)]
    answer = answerer.answer(question, given)
    if answered:
        assert not answer.abstained
        assert all(c.quote in texts[0] or any(c.quote in t for t in texts) for c in answer.citations)
    return answer.text.splitlines()[0]


@pytest.mark.parametrize(("question", "text", "expected"), [
    # an assertion of the asked predicate, no permission word needed
    ("Durandal archive-t-il les factures des clients ?",
     "Durandal archive les factures des clients dans un coffre numérique.", "Oui."),
    # the same predicate granted under a condition: the condition qualifies the « yes »
    ("Durandal archive-t-il les factures des clients ?",
     "Durandal archive les factures des clients lorsque le contrat le prévoit.", "Oui, sous conditions :"),
    ("Does Durandal share my personal data with third parties?",
     "Durandal partage vos données personnelles avec des tiers.", "Yes."),
    # the verb of an English question read after its auxiliary and subject: a negation bearing
    # on it answers « No » without most of the question's terms
    ("Does Durandal sell my personal data to third parties for money?",
     "Durandal ne vend jamais vos données personnelles à des tiers.", "No."),
    ("Does Durandal sell our customer files to third parties?",
     "Durandal ne vend jamais les fichiers de ses clients à des tiers.", "No."),
    # the English predicate after « be », held by the sentence through the vocabulary
    ("If I call Durandal, can my call be recorded?",
     "Durandal enregistre les appels téléphoniques de ses clients.", "Yes."),
    # a verb whose inflected form the stemmer leaves long still meets its stem
    ("Durandal conservent-ils les factures des clients ?",
     "Durandal conserve les factures des clients dans un coffre numérique.", "Oui."),
    # a negated predicate, including « est dispensé de »
    ("Durandal archive-t-il les factures des clients ?",
     "Durandal n'archive jamais les factures des clients.", "Non."),
    ("Les cookies techniques de Durandal exigent-ils un consentement ?",
     "Les cookies techniques sont dispensés de l'exigence de consentement.", "Non."),
    ("Les balises techniques de Durandal exigent-elles un consentement ?",  # feminine: « dispensées »
     "Les balises techniques sont dispensées de l'exigence de consentement.", "Non."),
    # the negation bears on the asked verb through a modal or a participle that follows it
    ("Durandal archive-t-il les factures des clients ?",
     "Durandal n'est pas autorisé à archiver les factures des clients.", "Non."),
    ("Durandal loue-t-il les fichiers des clients ?",
     "Durandal ne vend ni ne loue les fichiers des clients.", "Non."),
    # a negative subject before « ne » (« aucun … n'a été », « nul ne »)
    ("Durandal a-t-il nommé un délégué à la protection des données ?",
     "Compte tenu de sa taille, aucun délégué à la protection des données n'a été nommé par Durandal.", "Non."),
    ("Durandal peut-il revendre les fichiers des clients ?",
     "Nul ne peut revendre les fichiers des clients de Durandal.", "Non."),
    # « désigner » and « nommer » (« appoint ») name the same act
    ("Durandal a-t-il désigné un délégué à la protection des données ?",
     "Aucun délégué à la protection des données n'a été nommé par Durandal.", "Non."),
    ("Has Durandal appointed a data protection officer?",
     "Aucun délégué à la protection des données n'a été nommé par Durandal.", "No."),
])
def test_the_verdict_follows_the_stated_polarity(answerer, question, text, expected):
    assert lead(answerer, question, text) == expected


@pytest.mark.parametrize(("question", "text"), [
    # scope: « librement » against « seulement … en notre nom »
    ("Les prestataires de Durandal peuvent-ils utiliser librement mes données ?",
     "Les prestataires de Durandal sont seulement autorisés à utiliser vos données en notre nom."),
    ("Are Durandal's providers free to process my personal data for their own purposes?",
     "Les prestataires sont seulement autorisés à traiter vos données personnelles en notre nom."),
    # initiative: « de sa propre initiative » against « sur demande écrite »
    ("Durandal corrige-t-il les données des clients de sa propre initiative ?",
     "Durandal corrige les données des clients sur demande écrite."),
    # time: « indéfiniment » against a destruction after a period
    ("Durandal garde-t-il les relevés indéfiniment ?",
     "Durandal détruit les relevés trois ans après la fin du contrat."),
    # consent: « sans mon accord » against « avec votre consentement »
    ("Durandal dépose-t-il des traceurs publicitaires sans mon accord ?",
     "Les traceurs publicitaires sont déposés avec votre consentement préalable."),
])
def test_a_limit_answers_a_question_about_an_unlimited_case(answerer, question, text):
    assert lead(answerer, question, text) in ("Non.", "No.")


def test_a_quantity_qualifying_a_noun_is_not_an_asked_comparison():
    from clausier.reading.polarity import COMPARATIVE
    from clausier.textnorm import fold

    assert COMPARATIVE.search(fold("Durandal garde-t-il les factures plus de 5 ans ?"))
    assert not COMPARATIVE.search(fold("Les enfants de moins de 16 ans peuvent-ils s'inscrire chez Durandal ?"))


@pytest.mark.parametrize(("question", "text"), [
    # the sentence is about something else: no verdict from a shared word or two
    ("Durandal archive-t-il les factures des clients ?",
     "Les clients peuvent consulter leurs factures en ligne."),
    # a question about every case: an exception may sit in another clause
    ("Durandal archive-t-il toutes les factures ?",
     "Durandal archive les factures des clients dans un coffre numérique."),
    # an unlimited question the sentence does not limit: « oui » would overstate it
    ("Durandal archive-t-il les factures indéfiniment ?",
     "Durandal archive les factures des clients dans un coffre numérique."),
    # the sentence negates another verb: the asked one sits outside the negation's scope
    ("Durandal archive-t-il les factures des clients ?",
     "Durandal ne peut pas modifier les factures des clients qu'il archive."),
    ("Durandal utilise-t-il des balises de suivi publicitaire ?",
     "Durandal n'est pas en mesure de reconnaître les visiteurs utilisant des balises de suivi publicitaire."),
    # a question comparing a quantity: « 5 ans » does not say whether it is more than 5 years
    ("Durandal garde-t-il les factures plus de 5 ans ?",
     "Durandal garde les factures des clients pendant 5 ans."),
    ("Does Durandal keep the invoices for more than a year?",
     "Durandal garde les factures des clients pendant 5 ans."),
    # a right granted to someone else: « le droit » is not the asked verb
    ("Durandal a-t-il le droit de sous-traiter l'archivage ?",
     "Le client a toujours le droit de contrôler l'archivage de Durandal."),
    # the verb shares six letters with another word, not its stem: to require is not necessary
    ("Les balises techniques de Durandal nécessitent-elles mon accord ?",
     "Les balises strictement nécessaires au fonctionnement du portail de Durandal."),
    # an English predicate the sentence does not state: naming the standard is not being certified
    ("Is Durandal ISO 9001 certified?",
     "Durandal organise ses archives selon les niveaux décrits par la norme ISO 9001."),
    ("Can the invoices be encrypted by Durandal?",
     "Durandal archive les factures des clients dans un coffre numérique."),
])
def test_no_verdict_without_a_plain_statement(answerer, question, text):
    first = lead(answerer, question, text, answered=False)
    assert not first.startswith(("Oui", "Non", "Yes", "No"))


@pytest.mark.parametrize(("question", "yes_no"), [
    ("Quand je résilie mon contrat, Durandal garde-t-il mes données ?", True),
    ("Si je le demande, Durandal peut-il effacer mon compte ?", True),
    ("If I call Durandal, can the call be recorded?", True),
    ("Si je le demande, combien de temps Durandal a-t-il pour répondre ?", False),
    ("When I cancel, which data does Durandal keep?", False),
])
def test_a_leading_clause_does_not_hide_the_question_form(question, yes_no):
    assert analyse_question(question, []).yes_no is yes_no


@pytest.mark.parametrize(("question", "text", "expected"), [
    # « est-ce que » and intonation ask yes or no as inversion does; the verb after the subject
    ("Est-ce que Durandal archive les factures des clients ?",
     "Durandal archive les factures des clients dans un coffre numérique.", "Oui."),
    ("Durandal archive les factures des clients ?",
     "Durandal n'archive jamais les factures des clients.", "Non."),
    ("Est-ce que Durandal loue les fichiers des clients ?",
     "Durandal ne vend ni ne loue les fichiers des clients.", "Non."),
    # a pronoun subject and a modal: the verb is the infinitive after it
    ("Est-ce qu'on peut archiver les factures des clients chez Durandal ?",
     "Durandal archive les factures des clients lorsque le contrat le prévoit.", "Oui, sous conditions :"),
    # a noun-phrase subject: the verb is the first conjugated word after the head noun
    ("Les balises techniques de Durandal exigent un consentement ?",
     "Les balises techniques sont dispensées de l'exigence de consentement.", "Non."),
])
def test_est_ce_que_and_intonation_questions_get_verdicts(answerer, question, text, expected):
    assert lead(answerer, question, text) == expected


@pytest.mark.parametrize("question", [
    # the verb of the declarative clause is not in the sentence
    "Est-ce que Durandal chiffre les factures des clients ?",
    # intonation with an interrogative word: a fact is asked, not yes or no
    "Durandal archive les factures des clients pendant combien de temps ?",
])
def test_no_verdict_for_other_declarative_questions(answerer, question):
    first = lead(answerer, question, "Durandal archive les factures des clients dans un coffre numérique.",
                 answered=False)
    assert not first.startswith(("Oui", "Non"))


def test_a_negation_in_another_measure_of_the_same_run_gives_no_verdict():
    """A list of measures extracted as one run joined by « ; »: the « n'aient pas accès » of the
    building measure says nothing about the incident procedures the question asks about."""
    text = ("Le partenaire met en œuvre les mesures suivantes : o Mise en place de procédures internes en cas "
            "d'incidents (fuite de données...) ; o Application d'un système d'identification pour que les personnes "
            "non autorisées n'aient pas accès aux locaux de l'entreprise ;")
    hit = Hit(chunk_id="ipso:annexe", doc_id="ipso", title="Convention", organisation="IPSO", clause="Annexe 2",
              heading="Annexe 2", page=9, text=text, score=1.0, level=0)
    question = "Le partenaire doit-il avoir des procédures internes en cas d'incidents ?"
    answer = ExtractiveAnswerer().answer(question, [hit])
    assert not answer.abstained and "procédures internes" in answer.text
    assert not answer.text.startswith("Non")
    from clausier.reading.question import analyse_question
    from answer.statement import focus as _focus

    piece = _focus(analyse_question(question, [hit]), text)
    assert "procedures internes" in piece and "n'aient pas" not in piece


def test_a_condition_in_a_sentence_run_onto_the_stating_one_is_not_its_condition(answerer):
    """The source lost the full stop between two sentences: « lorsqu'elles existent » belongs to
    the second, not to the designation the question asks about."""
    text = ("Durandal dispose d'un délégué à la protection des données (contact : dpo@durandal.example) "
            "La présente politique complète les conditions générales de vente lorsqu'elles existent.")
    assert lead(answerer, "Durandal a-t-elle un délégué à la protection des données ?", text) == "Oui."


@pytest.mark.parametrize("question", [
    "Puis-je refuser tous les cookies ?",
    "Puis-je refuser jusqu'au dernier traceur ?",
])
def test_no_yes_verdict_on_a_question_about_every_case(question):
    """An exception may sit in another clause: a universal question is answered by the quote."""
    from answer.verdict import YES, verdict

    hit = Hit(chunk_id="c1", doc_id="d", title="Politique", organisation="Acme", clause="3",
              heading="Cookies", page=1, text="L'utilisateur peut refuser les cookies.", score=1.0, level=0,
              kind="clause")
    answerer = ExtractiveAnswerer()
    plain = answerer.assess("Puis-je refuser les cookies ?", [hit])
    assert verdict(plain.question, plain.scored) == YES
    universal = answerer.assess(question, [hit])
    assert verdict(universal.question, universal.scored) is None


@pytest.mark.parametrize(("question", "text", "expected"), [
    # a question whether the document provides for something: a sentence naming all of it
    ("La convention de Durandal prévoit-elle une journalisation des accès aux données ?",
     "o Journalisation des accès aux données ;", "Oui."),
    ("Est-ce que la politique de Durandal mentionne un registre des traitements ?",
     "Durandal tient un registre des traitements à jour.", "Oui."),
    ("Does the Durandal agreement mention encryption of backups?",
     "Durandal chiffre les sauvegardes de vos données (chiffrement des sauvegardes).", "Yes."),
])
def test_a_provision_named_in_full_answers_yes(answerer, question, text, expected):
    assert lead(answerer, question, text) == expected


@pytest.mark.parametrize(("question", "text"), [
    # part of what is asked is missing: the document may not provide for it
    ("La convention de Durandal prévoit-elle une journalisation des accès aux données ?",
     "o Contrôle des accès aux données ;"),
    # negated or excepted: not a plain « yes »
    ("La politique de Durandal prévoit-elle un chiffrement des sauvegardes ?",
     "Les sauvegardes ne font l'objet d'aucun chiffrement."),
    ("La politique de Durandal prévoit-elle un chiffrement des sauvegardes ?",
     "Les sauvegardes font l'objet d'un chiffrement, sauf les archives."),
])
def test_no_yes_for_a_provision_not_named_in_full(answerer, question, text):
    first = lead(answerer, question, text, answered=False)
    assert not first.startswith(("Oui", "Yes"))


@pytest.mark.parametrize(("question", "text", "expected"), [
    # a form's field marked in a list answers whether it is required
    ("Le numéro de téléphone est-il obligatoire pour ouvrir un compte chez Durandal ?",
     "Pour ouvrir un compte chez Durandal : nom, prénom, téléphone (non obligatoire), adresse e-mail.", "Non."),
    ("Est-ce que l'adresse e-mail est obligatoire pour ouvrir un compte chez Durandal ?",
     "Pour ouvrir un compte chez Durandal : nom, prénom, téléphone (facultatif), adresse e-mail (obligatoire).",
     "Oui."),
    ("La date de naissance est-elle facultative pour ouvrir un compte chez Durandal ?",
     "Pour ouvrir un compte chez Durandal : nom, prénom, date de naissance (non obligatoire).", "Oui."),
    # the field naming the asked one, not another field sharing a word of the question
    ("Le numéro de téléphone est-il obligatoire pour ouvrir un compte chez Durandal ?",
     "Pour ouvrir un compte chez Durandal : numéro de compte (obligatoire), téléphone (non obligatoire).", "Non."),
])
def test_a_field_marked_required_or_optional_answers(answerer, question, text, expected):
    assert lead(answerer, question, text) == expected


def test_another_fields_mark_answers_nothing(answerer):
    first = lead(answerer, "Le nom est-il obligatoire pour ouvrir un compte chez Durandal ?",
                 "Pour ouvrir un compte chez Durandal : nom, prénom, téléphone (non obligatoire).", answered=False)
    assert first not in ("Non.", "Oui.")


def _supports(question, texts_and_coverage):
    """Scored sentences in the given order, with the given share of the question's terms."""
    from clausier.reading.candidates import candidates_for
    from clausier.reading.support import SentenceSupport

    given = [hit(t, f"Article {i + 1}", i) for i, (t, _) in enumerate(texts_and_coverage)]
    out = []
    for cand, (_, coverage) in zip(candidates_for(given), texts_and_coverage):
        out.append(SentenceSupport(cand, coverage, coverage, 0.0, None, coverage, coverage, coverage))
    return out


def test_the_verdict_is_read_from_the_first_quoted_sentence_stating_the_predicate():
    from answer.verdict import verdict, YES, NO

    question = analyse_question("Durandal chiffre-t-il les sauvegardes des clients ?", [hit("t")])
    topic = "Les sauvegardes des clients sont conservées dans un centre de données en Belgique."
    states = "Durandal chiffre toutes les sauvegardes des clients avec une clé dédiée."
    denies = "Durandal ne chiffre pas les sauvegardes des clients."
    # the best sentence shares the topic without the verb: the next one states the predicate
    assert verdict(question, _supports(question, [(topic, 0.6), (states, 0.8)])) == YES
    assert verdict(question, _supports(question, [(topic, 0.6), (denies, 0.8)])) == NO
    # a sentence stating it further down than the first three quoted ones answers nothing
    deep = [(topic, 0.6), (topic.replace("Belgique", "France"), 0.5), (topic.replace("Belgique", "Suisse"), 0.5),
            (states, 0.8)]
    assert verdict(question, _supports(question, deep)) is None


def test_a_verdict_stands_only_on_a_quoted_sentence():
    from answer.extractive import _quoted
    from answer.select import Evidence
    from clausier.reading.sentences import HEADING, segments_of

    question = analyse_question("Durandal chiffre-t-il les sauvegardes des clients ?", [hit("t")])
    items = _supports(question, [("Les sauvegardes sont en Belgique.", 0.6),
                                 ("Durandal chiffre les sauvegardes des clients.", 0.8)])
    first = items[0].candidate.hit
    shown = [Evidence(first, tuple(s for s in segments_of(first) if s.kind != HEADING))]
    assert [item.candidate.hit for item in _quoted(items, shown)] == [first]


def test_quoted_sentences_that_disagree_give_no_verdict():
    from answer.verdict import verdict, YES_IF, NO

    question = analyse_question("Durandal conserve-t-il les enregistrements des appels ?", [hit("t")])
    restricted = "Durandal ne conserve ces enregistrements des appels que pendant un mois."
    denied = "Durandal ne conserve pas les enregistrements des appels de ses clients."
    assert verdict(question, _supports(question, [(restricted, 0.8)])) == YES_IF
    assert verdict(question, _supports(question, [(denied, 0.8)])) == NO
    assert verdict(question, _supports(question, [(restricted, 0.8), (denied, 0.8)])) is None
    assert verdict(question, _supports(question, [(denied, 0.8), (restricted, 0.8)])) is None


def test_the_asked_verb_after_sans_is_not_an_assertion():
    from answer.verdict import verdict, YES

    question = analyse_question("Durandal conserve-t-il les numéros de carte bancaire ?", [hit("t")])
    kept = "Durandal conserve les numéros de carte bancaire pendant treize mois."
    not_kept = "Durandal traite les paiements par carte bancaire sans conserver les numéros de carte."
    assert verdict(question, _supports(question, [(kept, 0.8)])) == YES
    assert verdict(question, _supports(question, [(not_kept, 0.8)])) is None


@pytest.mark.parametrize(("stem", "form", "same"), [
    ("conservent", "conserv", True),  # a plural the stemmer leaves whole
    ("conservon", "conserv", True),
    ("transmettent", "transmet", True),  # the last consonant doubled
    ("retained", "retain", True),
    ("objectif", "object", False),  # a purpose is not an objection
    ("fonctionnel", "fonction", False),
    ("necessitent", "necessair", False),
])
def test_a_verb_form_is_its_stem_plus_an_ending(stem, form, same):
    from answer.statement import same_verb as _same_verb

    assert _same_verb(stem, form) is same


def test_the_asked_verb_as_a_noun_or_a_label_asserts_nothing():
    from answer.verdict import verdict, YES

    question = analyse_question("Durandal vend-il mes données ?", [hit("t")])
    sells = "Durandal vend vos données à des partenaires commerciaux."
    terms_of_sale = "Vos données sont traitées selon nos conditions générales de vente."
    assert verdict(question, _supports(question, [(sells, 0.8)])) == YES
    assert verdict(question, _supports(question, [(terms_of_sale, 0.8)])) is None
    question = analyse_question("Les données de Durandal sont-elles hébergées en Belgique ?", [hit("t")])
    hosted = "Les données de Durandal sont hébergées en Belgique."
    label = "Hébergement : les données de Durandal et la Belgique."
    assert verdict(question, _supports(question, [(hosted, 0.8)])) == YES
    assert verdict(question, _supports(question, [(label, 0.8)])) is None


def test_an_objective_is_not_an_objection():
    from answer.verdict import verdict

    question = analyse_question("Can I object to Durandal processing my data?", [hit("t")])
    sentence = "Durandal ne conserve pas vos données au-delà des objectifs du traitement."
    assert verdict(question, _supports(question, [(sentence, 0.8)])) is None


def test_the_verb_alone_does_not_state_the_predicate():
    from answer.verdict import verdict, NO

    question = analyse_question("Durandal conserve-t-il les factures ?", [hit("t")])
    other_object = "Durandal ne conserve pas les réponses de son assistant."
    asked_object = "Durandal ne conserve pas les factures de ses clients."
    assert verdict(question, _supports(question, [(other_object, 0.6)])) is None
    assert verdict(question, _supports(question, [(asked_object, 0.8)])) == NO


def test_a_negation_about_another_recipient_is_no_no():
    from answer.verdict import verdict, NO

    question = analyse_question("Durandal informe-t-il le client en cas de fuite de données ?", [hit("t")])
    authority = "Durandal ne notifiera en aucun cas lui-même une fuite de données à l'autorité de contrôle."
    client = "Durandal n'informe pas le client d'une fuite de données chez ses prestataires."
    assert verdict(question, _supports(question, [(authority, 0.8)])) is None
    assert verdict(question, _supports(question, [(client, 0.8)])) == NO


def test_a_yes_names_what_the_question_names():
    from answer.verdict import verdict, YES

    question = analyse_question("Durandal peut-il communiquer nos données à des tiers ?", [hit("t")])
    to_client = "Durandal communiquera au client toutes les données disponibles sur la fuite."
    to_others = "Durandal communique vos données à des tiers partenaires."
    assert verdict(question, _supports(question, [(to_client, 0.8)])) is None
    assert verdict(question, _supports(question, [(to_others, 0.8)])) == YES


def test_a_yes_tolerates_one_term_said_otherwise_of_three_or_more():
    from answer.verdict import verdict, YES

    question = analyse_question("Durandal archive-t-il les factures papier des fournisseurs en Belgique ?", [hit("t")])
    one_missing = "Durandal archive les factures papier des fournisseurs dans un coffre."
    two_missing = "Durandal archive les contrats dans un coffre numérique."
    assert verdict(question, _supports(question, [(one_missing, 0.8)])) == YES
    assert verdict(question, _supports(question, [(two_missing, 0.8)])) is None


def test_the_asked_verbs_noun_after_a_determiner_may_state_it():
    from answer.verdict import verdict, YES

    question = analyse_question("Le client peut-il auditer Durandal ?", [hit("t")])
    sentence = "Le client peut faire réaliser un audit chez Durandal une fois par an."
    assert verdict(question, _supports(question, [(sentence, 0.8)])) == YES


def test_a_figure_asked_must_be_the_sentences_own():
    from answer.verdict import verdict, NO
    from clausier.reading.candidates import candidates_for
    from clausier.reading.support import SentenceSupport

    question = analyse_question("Durandal conserve-t-il les factures pendant 3 ans ?", [hit("t")])
    given = hit("Durandal conserve les factures pendant 5 ans.", "Article 2.3")  # « 3 » in the heading only
    (cand,) = candidates_for([given])
    # « 3 » in the clause number is no « 3 ans »: the sentence's own period (5 years) answers
    assert verdict(question, [SentenceSupport(cand, 0.8, 0.8, 0.0, None, 0.8, 0.8, 0.8)]) == NO


def test_the_right_framing_the_asked_verb_need_not_be_named():
    from answer.verdict import verdict, YES

    question = analyse_question("A-t-on le droit de faire auditer la sécurité chez Durandal ?", [hit("t")])
    sentence = "Le client a la faculté de faire réaliser un audit de la sécurité chez Durandal."
    assert verdict(question, _supports(question, [(sentence, 0.8)])) == YES


# a yes/no question stating a period asks whether the documents give that very period
@pytest.mark.parametrize(("question", "texts", "expected"), [
    ("Durandal garde-t-il les relevés des clients pendant 10 ans ?",
     ["Les relevés des clients sont conservés par Durandal pour une durée de 6 ans."], "Non."),
    ("Durandal garde-t-il les relevés des clients pendant six ans ?",
     ["Les relevés des clients sont conservés par Durandal pour une durée de 6 ans."], "Oui."),
    # units that convert exactly: 72 hours are three days, two years are 24 months
    ("Does Durandal notify its customers of a breach within three days?",
     ["Durandal notifie la violation à ses clients au plus tard 72 heures après l'avoir constatée."], "Yes."),
    ("Durandal garde-t-il les relevés des clients pendant 18 mois ?",
     ["Les relevés des clients sont conservés par Durandal pendant deux (2) ans."], "Non."),
    # the period granted under a condition
    ("Durandal répond-il aux demandes des clients en 15 jours ?",
     ["Si la demande est complète, Durandal répond aux demandes des clients dans un délai de quinze jours."],
     "Oui, sous conditions :"),
])
def test_a_stated_period_is_confirmed_or_denied(answerer, question, texts, expected):
    assert lead(answerer, question, *texts) == expected


@pytest.mark.parametrize(("question", "texts"), [
    # a month is not thirty days: the units do not convert
    ("Durandal répond-il aux demandes des clients en 30 jours ?",
     ["Durandal répond aux demandes des clients dans un délai d'un mois."]),
    # a bound, not the period: « sous deux mois » holds of a one-month limit, no « Non »
    ("Durandal répond-il aux demandes des clients sous deux mois ?",
     ["Durandal répond aux demandes des clients dans un délai d'un mois."]),
    # the period of other data: the sentence does not name what the question's period is of
    ("Does Durandal keep a prospect's name and email for 3 years?",
     ["Données de navigation des prospects : ces données sont conservées par Durandal 5 ans."]),
    # two lengths in the sentence: which one is asked?
    ("Durandal garde-t-il les relevés des clients pendant 10 ans ?",
     ["Les relevés des clients sont conservés 3 ans en ligne puis 5 ans en archive par Durandal."]),
    # a negated sentence is not read for a period
    ("Durandal garde-t-il les relevés des clients pendant 10 ans ?",
     ["Durandal ne conserve pas les relevés des clients au-delà de 10 ans."]),
])
def test_no_verdict_when_the_stated_period_does_not_settle_it(answerer, question, texts):
    assert lead(answerer, question, *texts, answered=False) not in ("Oui.", "Non.", "Yes.", "No.")


def test_periods_are_read_as_values():
    from clausier.reading.periods import periods
    from clausier.textnorm import fold

    def read(text):
        return [(p.amount, p.unit) for p in periods(fold(text))]

    assert read("au plus tard trente (30) jours après") == [(30, "day")]
    assert read("un délai d’un mois maximum") == [(1, "month")]
    assert read("six (6) mois, puis 72h") == [(6, "month"), (72, "hour")]
    assert read("within an hour, for two years") == [(1, "hour"), (2, "year")]
    assert read("au maximum 1 fois par an") == []  # a frequency, not a period
    (day,), (hours,), (month,) = (periods(fold(t)) for t in ("1 jour", "24 heures", "un mois"))
    assert day.same_length(hours) is True and month.same_length(day) is None

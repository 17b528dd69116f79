"""The extractive answerer on Hits built by hand from real clause texts of the corpus
(tests/answer_fixtures.py): standard answers, abstention, yes/no leads, answer types, pages."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from answer import ExtractiveAnswerer
from clausier.reading.support import assess
from clausier.reading.sentences import HEADING, split_clause
from clausier.schema import Hit

from tests.answer_fixtures import (
    ABSTAIN_EN, ABSTAIN_FR, CLAUSES, PHONE_EN, PHONE_FR, PHONE_HITS, assert_grounded, hits,
)


@pytest.fixture(scope="module")
def answerer() -> ExtractiveAnswerer:
    return ExtractiveAnswerer()


def test_phone_contacts_answer_cites_the_clause(answerer):
    given = hits(*PHONE_HITS)
    answer = answerer.answer(PHONE_FR, given)
    assert not answer.abstained and answer.language == "fr"
    assert "13 mois" in answer.text
    first = answer.citations[0]
    assert first.n == 1 and first.clause == "Concernant les contacts par téléphone"
    assert "13 mois" in first.quote
    assert answer.text.startswith(
        "Selon Looper-AI — Politique RGPD (Concernant les contacts par téléphone) : « Les informations"
    )
    assert "» [1]" in answer.text
    assert_grounded(answer, given)


def test_english_question_gets_english_framing_and_french_quotes(answerer):
    given = hits(*PHONE_HITS)
    answer = answerer.answer(PHONE_EN, given)
    assert not answer.abstained and answer.language == "en"
    assert answer.text.startswith("According to Looper-AI — Politique RGPD")
    assert "Selon" not in answer.text
    assert "après 13 mois suivant la résiliation" in answer.text
    assert answer.citations[0].clause == "Concernant les contacts par téléphone"
    assert_grounded(answer, given)


def test_language_argument_overrides_detection(answerer):
    answer = answerer.answer(PHONE_FR, hits(*PHONE_HITS), language="en")
    assert answer.language == "en" and answer.text.startswith("According to")


@pytest.mark.parametrize(
    ("question", "expected", "language"),
    [
        ("Quel est le salaire du PDG ?", ABSTAIN_FR, "fr"),
        ("What is the CEO's salary?", ABSTAIN_EN, "en"),
        ("Combien de temps Looper-AI conserve-t-il les logs ?", ABSTAIN_FR, "fr"),
    ],
)
def test_unrelated_question_abstains_with_see_also(answerer, question, expected, language):
    given = hits("looper-logs", "looper-phone", "looper-access", "looper-website")
    answer = answerer.answer(question, given)
    assert answer.abstained and answer.text == expected and answer.language == language
    assert answer.citations == ()
    assert answer.see_also == tuple(given[:3])
    assert answerer.support(question, given) < answerer.min_support


@pytest.mark.parametrize(("question", "keys"), [
    ("Combien de mois Looper-AI conserve-t-il les fichiers de log ?", ("looper-logs", "looper-phone", "looper-access")),
    ("Combien d'années AOPS garde-t-il les cookies ?", ("aops-retention-row1", "aops-retention-row2", "aops-security")),
])
def test_a_period_of_another_matter_in_the_asked_unit_does_not_answer(answerer, question, keys):
    # « 13 mois » (telephone notes), « 5 ans » (orders, accounts) hold the unit the question
    # asks in, not what it asks about
    answer = answerer.answer(question, hits(*keys))
    assert answer.abstained and answer.citations == ()


def test_no_hits_abstains(answerer):
    answer = answerer.answer(PHONE_FR, [])
    assert answer.abstained and answer.see_also == () and answer.text == ABSTAIN_FR


def test_support_is_exposed_and_min_support_decides(answerer):
    given = hits(*PHONE_HITS)
    scores = assess(PHONE_FR, given)[1]
    assert scores == sorted(scores, key=lambda s: -s.score)
    assert scores[0].candidate.hit.clause == "Concernant les contacts par téléphone"
    assert answerer.support(PHONE_FR, given) == pytest.approx(scores[0].support)
    assert answerer.support(PHONE_FR, given) > answerer.min_support
    assert ExtractiveAnswerer(min_support=1.01).answer(PHONE_FR, given).abstained


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Le partenaire peut-il faire appel à des tiers sans l'accord écrit du client ?", "Non."),
        ("Can the partner use third parties without the client's written consent?", "No."),
        ("Looper-AI vend-il les données personnelles ?", "Non."),
        ("Puis-je retirer mon consentement à tout moment ?", "Oui."),
    ],
)
def test_yes_no_leads_only_when_the_clause_says_so(answerer, question, lead):
    given = hits("ipso-third-parties", "ipso-refusal", "looper-website", "ikomia-rights")
    answer = answerer.answer(question, given)
    assert answer.text.splitlines()[0] == lead
    assert_grounded(answer, given)


@pytest.mark.parametrize(("question", "key", "lead"), [
    # « ne collecte ni ne conserve »: « ne … ni » negates the asked verb
    ("AOPS conserve-t-il les données fournies à cette occasion ?", "aops-recipients", "Non."),
    # « n'est pas en mesure d'identifier les utilisateurs utilisant ce type de cookies »: the
    # negation bears on « identifier », not on using the cookies the question asks about
    ("Assistool utilise-t-il des cookies de mesure d'audience ?", "assistool-performance", None),
])
def test_a_no_needs_the_negation_to_bear_on_the_asked_verb(answerer, question, key, lead):
    given = hits(key)
    answer = answerer.answer(question, given)
    first = answer.text.splitlines()[0]
    if lead is None:
        assert not first.startswith(("Oui", "Non"))
    else:
        assert first == lead
    assert_grounded(answer, given)


@pytest.mark.parametrize(("question", "keys", "lead"), [
    # AOPS « ne collecte ni ne conserve » those data; Looper-AI keeps its notes for 13 months
    ("Les données sont-elles conservées ?", ("aops-recipients", "looper-phone"), None),
    ("Les données sont-elles partagées avec des tiers ?",
     ("aops-recipients", "assistool-recipients", "looper-website"), None),
    # the answer quotes one organisation: its verdict stands
    ("Les données personnelles sont-elles vendues ?", ("looper-website", "assistool-recipients"), "Non."),
    # the question names AOPS: read from AOPS alone, whatever else is quoted
    ("AOPS conserve-t-il les données fournies à cette occasion ?", ("aops-recipients", "looper-phone"), "Non."),
])
def test_a_verdict_speaks_for_one_organisation(answerer, question, keys, lead):
    given = hits(*keys)
    answer = answerer.answer(question, given)
    assert not answer.abstained
    first = answer.text.splitlines()[0]
    if lead is None:
        assert len({c.organisation for c in answer.citations}) > 1
        assert not first.startswith(("Oui", "Non"))
    else:
        assert first == lead
    assert_grounded(answer, given)


def test_yes_no_without_a_clear_statement_just_quotes(answerer):
    given = hits("ipso-third-parties", "ipso-refusal")
    # the clause forbids it *without consent*: neither a plain yes nor a plain no
    answer = answerer.answer("Le partenaire peut-il faire appel à des tiers ?", given)
    assert not answer.abstained
    assert answer.text.splitlines()[0].startswith("Selon IPSO")
    assert "sans le consentement écrit préalable" in answer.text


def test_every_quote_is_verbatim_across_question_kinds(answerer):
    cases = [
        (PHONE_FR, PHONE_HITS),
        ("Pour quelles finalités Ikomia utilise-t-il les données ?", ("ikomia-purposes", "ikomia-retention")),
        ("À qui Assistool envoie-t-il les données personnelles ?", ("assistool-recipients", "assistool-row-_ga")),
        ("Où sont situés les serveurs Microsoft de Looper-AI ?", ("looper-backup", "looper-subprocessors")),
        ("Which cookies does Looper-AI use?", ("looper-cookies", "looper-website")),
    ]
    for question, keys in cases:
        given = hits(*keys)
        answer = answerer.answer(question, given)
        assert not answer.abstained, question
        assert_grounded(answer, given)


def test_deterministic(answerer):
    """(Its speed is measured by bench/, not asserted here.)"""
    given = hits(*list(CLAUSES)[:10])
    first = answerer.answer(PHONE_FR, given)
    for _ in range(5):
        assert answerer.answer(PHONE_FR, given) == first


def test_answer_text_is_never_logged(answerer, caplog):
    caplog.set_level(logging.DEBUG)
    answer = answerer.answer(PHONE_FR, hits(*PHONE_HITS))
    assert caplog.records  # it does log (counts and timings) …
    assert "13 mois" not in caplog.text and answer.text not in caplog.text  # … never the answer


# --- with the real embedding model, when it has been prepared ------------------------------


@pytest.fixture(scope="module")
def embedded_answerer(embedder):
    return ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)


@pytest.mark.slow
def test_with_embeddings_answers_and_abstains(embedded_answerer):
    given = hits(*PHONE_HITS)
    for question in (PHONE_FR, PHONE_EN):
        answer = embedded_answerer.answer(question, given)
        assert not answer.abstained and answer.citations[0].clause == "Concernant les contacts par téléphone"
        assert_grounded(answer, given)
    scores = assess(PHONE_EN, given, embed_queries=embedded_answerer.embed_queries,
                    embed_passages=embedded_answerer.embed_passages)[1]
    assert scores[0].semantic is not None
    assert embedded_answerer.answer("Quel est le salaire du PDG ?", given).abstained


def test_period_question_needs_a_sentence_stating_a_period(answerer):
    """« Combien de temps … ? » is answered by a sentence giving a period, else abstention."""
    with_period = answerer.assess(PHONE_FR, hits(*PHONE_HITS))
    assert with_period.question.duration and not with_period.lacks_answer_type()
    question = "Combien de temps Looper-AI garde-t-il les informations de son site internet ?"
    without_period = answerer.assess(question, hits("looper-website"))
    assert without_period.question.duration and without_period.lacks_answer_type()
    assert answerer.answer(question, hits("looper-website")).abstained


def test_default_threshold_follows_the_path():
    from answer.config import AnswerConfig

    config = AnswerConfig()
    assert ExtractiveAnswerer().min_support == config.min_support
    embedded = ExtractiveAnswerer(embed_queries=lambda t: None, embed_passages=lambda t: None)
    assert embedded.threshold("en") == config.min_support_embedded["en"] < config.min_support
    assert embedded.threshold("fr") == config.min_support_embedded["fr"] < config.min_support
    given = ExtractiveAnswerer(min_support=0.3, embed_queries=lambda t: None, embed_passages=lambda t: None)
    assert given.threshold("en") == given.threshold("fr") == 0.3
    tuned = ExtractiveAnswerer(config=AnswerConfig(min_support=0.55, max_citations=2))
    assert tuned.min_support == 0.55 and tuned.config.max_citations == 2


def test_amount_date_frequency_questions_need_a_sentence_stating_one(answerer):
    """The topic is there but not the asked fact (a frequency, an amount, a date): abstain."""
    from clausier.reading.marks import type_marks

    question = "À quelle fréquence Looper-AI contrôle-t-il les informations de son site internet ?"
    assessed = answerer.assess(question, hits("looper-website"))
    assert assessed.question.asks == {"frequency"} and assessed.lacks_answer_type()
    assert answerer.answer(question, hits("looper-website")).abstained
    assert type_marks("Un audit est réalisé une fois par an.") == {"\x00frequency"}
    assert "\x00amount" in type_marks("Une amende de 20 millions d'euros.")
    assert "\x00date" in type_marks("La convention entre en vigueur le 1er janvier 2024.")
    assert type_marks("Les données sont protégées.") == frozenset()
    assert not answerer.assess(PHONE_FR, hits(*PHONE_HITS)).question.asks
    # a regulation or opinion number is not a date
    assert "\x00date" not in type_marks("RGPD : Règlement général sur la protection des données (Règlement UE 2016/679).")
    assert "\x00date" not in type_marks("Voir l'avis 04/2012 du Groupe 29.")
    assert "\x00date" in type_marks("Le règlement s'applique depuis 2018.")
    definition = Hit(chunk_id="c:1", doc_id="c", title="Convention", organisation="IPSO", clause="Article 1er",
                     heading="Article 1er – Définitions", page=1, level=0, score=1.0,
                     text="RGPD : Règlement général sur la protection des données (Règlement UE 2016/679) ; "
                          "la présente convention RGPD règle le traitement des données du client.")
    assert answerer.answer("À quelle date la convention RGPD entre-t-elle en vigueur ?", [definition]).abstained



def test_a_dated_line_is_quotable_and_a_date_question_quotes_it(embedded_answerer):
    """« Mis à jour le 25 janvier 2023 » above a clause is a statement, not a heading."""
    text = ("Politique de confidentialité\nMis à jour le 25 janvier 2023\nPréambule\n"
            "La présente politique présente les engagements de la société envers ses clients. "
            "Elle pourra être modifiée à tout moment.")
    segments = split_clause(text, "Préambule")
    dated = next(s for s in segments if "25 janvier 2023" in text[s.start : s.end])
    assert dated.kind != HEADING
    assert [text[s.start : s.end] for s in segments if s.kind == HEADING] == ["Préambule"]
    hit = Hit(chunk_id="c1", doc_id="d", title="Politique de confidentialité", organisation="Acme", clause="",
              heading="Préambule", page=1, text=text, score=1.0, level=0, kind="clause")
    answer = embedded_answerer.answer("De quand date la version actuelle de la politique de confidentialité ?", [hit])
    assert not answer.abstained
    assert "25 janvier 2023" in answer.text
    assert_grounded(answer, [hit])



def test_a_citation_gives_the_pages_its_quote_runs_over(answerer):
    """The hit starts on page 4 and page 5 starts inside it: a quote after the break cites
    page 5; a quote running over the break cites pages 4–5, and the chat label says so."""
    from web.ui.render import citation_label

    text = ("Le service informatique tient l'inventaire des postes de travail. Les mots de passe des "
            "administrateurs changent chaque trimestre.\nChaque incident est consigné dans un registre. "
            "Les sauvegardes sont conservées pendant quatorze mois dans un second centre.")
    question = "Combien de temps les sauvegardes sont-elles conservées ?"
    hit = Hit(chunk_id="doc:8", doc_id="doc", title="Politique", organisation="A", clause="8",
              heading="Article 8 - Conservation", page=4, text=text, score=1.0, level=0,
              page_breaks=((text.index("Chaque"), 5),))
    cited = answerer.answer(question, [hit]).citations[0]
    assert "quatorze mois" in cited.quote and "inventaire" not in cited.quote
    assert (cited.page, cited.end_page) == (5, None)
    assert citation_label(cited, "fr").endswith(", p. 5")
    spanning = replace(hit, page_breaks=((text.index("Les sauvegardes"), 5),))
    cited = answerer.answer(question, [spanning]).citations[0]
    assert cited.quote.startswith("Chaque") and (cited.page, cited.end_page) == (4, 5)
    assert citation_label(cited, "en").endswith(", p. 4–5")


@pytest.mark.parametrize(("question", "prefix"), [
    # read before from « la norme ISO 27001 » (« Yes. »): the clauses never say certified
    ("Is Looper-AI ISO 27001 certified?", "looper-iso-case"),
    # read before from « les cookies strictement nécessaires au fonctionnement » (« Oui. »):
    # « nécessitent » is not « nécessaires », and clause 2.5 exempts them from consent
    ("Chez Assistool, les cookies fonctionnels nécessitent-ils mon consentement ?", "assistool-functional-case"),
])
def test_no_yes_from_a_sentence_that_lacks_the_predicate(embedded_answerer, question, prefix):
    """The hits the app retrieves for these questions (tests/fixtures/answer/clauses.json)."""
    given = hits(*sorted((k for k in CLAUSES if k.startswith(prefix)), key=lambda k: int(k.rsplit("-", 1)[1])))
    answer = embedded_answerer.answer(question, given)
    assert not answer.text.startswith(("Oui", "Yes"))
    assert_grounded(answer, given)


def _durandal(text: str, clause: str, rank: int = 0) -> Hit:
    from clausier.schema import chunk_id_for

    return Hit(chunk_id=chunk_id_for("durand", clause, rank, 0, text), doc_id="durand", title="Politique de Durandal",
               organisation="Durandal", clause=clause, heading=f"Article {clause}", page=1, text=text,
               score=1.0 / (rank + 1), level=0)


def _durandals(texts: list[str]) -> list[Hit]:
    """One Durandal clause per text, ranked in order."""
    return [_durandal(text, str(i + 1), i) for i, text in enumerate(texts)]


DURANDAL_CONTACTS = [
    "Durandal a désigné un délégué à la protection des données, joignable à l'adresse dpo@durandal.example.",
    "Durandal fait appel à un hébergeur, Nuagex, joignable par téléphone au +33 1 23 45 67 89, qui protège les "
    "données personnelles.",
    "Le siège social de Durandal est situé au 12 rue des Lilas, 69003 Lyon.",
]


@pytest.mark.parametrize(("question", "answered", "quoted"), [
    # no phone number of the DPO: the host's number, in a clause on data protection, is not it
    ("Quel est le numéro de téléphone du délégué à la protection des données de Durandal ?", False, None),
    ("Quelle est l'adresse e-mail du délégué à la protection des données de Durandal ?", True, "dpo@durandal"),
    ("Quelle est l'adresse du siège social de Durandal ?", True, "12 rue des Lilas"),
    ("What is the phone number of Durandal's hosting provider?", True, "+33 1 23 45 67 89"),
])
def test_a_contact_question_needs_the_detail_itself(answerer, question, answered, quoted):
    _check_answer(answerer, DURANDAL_CONTACTS, question, answered, quoted, first=True)


def _check_answer(answerer, texts: list[str], question: str, answered: bool, quoted: str | None,
                  first: bool = False) -> None:
    """Answered or not as expected; ``quoted`` in the first citation (``first``) or in one of them."""
    given = _durandals(texts)
    answer = answerer.answer(question, given)
    assert answer.abstained is not answered
    if quoted:
        quotes = [c.quote for c in answer.citations[: 1 if first else None]]
        assert any(quoted in quote for quote in quotes)
        assert_grounded(answer, given)


@pytest.mark.parametrize(("question", "answered"), [
    # the clause speaks of payment providers without naming one
    ("Quel prestataire de paiement Durandal utilise-t-il ?", False),
    ("Quel hébergeur Durandal utilise-t-il ?", True),
])
def test_a_question_asking_for_a_name_needs_a_quote_naming_one(answerer, question, answered):
    given = _durandals([
        "Durandal recourt à des prestataires de paiement et à des prestataires techniques pour ses services.",
        "Les données sont hébergées par la société Nuagex, hébergeur situé en France.",
    ])
    answer = answerer.answer(question, given)
    assert answer.abstained is not answered
    if answered:
        assert "Nuagex" in answer.citations[0].quote


DURANDAL_PREAMBLE = [
    "Durandal SA, dont le siège social est situé au 12 rue des Lilas, 69003 Lyon, représentée par Madame "
    "Claire Martin, agit en qualité de responsable du traitement des données personnelles.",
    "Durandal prend des mesures techniques et organisationnelles pour assurer la protection des données "
    "personnelles de ses clients.",
]


@pytest.mark.parametrize(("question", "extra", "answered"), [
    # the controller's representative, in a clause on data protection, is not the DPO
    ("Qui est le délégué à la protection des données de Durandal ?", None, False),
    ("Who is Durandal's data protection officer?", None, False),
    ("Durandal a-t-il désigné un DPO ?", None, False),
    ("Durandal réalise-t-il des analyses d'impact sur la protection des données ?", None, False),
    ("Does Durandal carry out data protection impact assessments?", None, False),
    # a clause naming the role, by any of its forms, answers
    ("Qui est le DPO de Durandal ?",
     "Durandal a désigné un délégué à la protection des données, Monsieur Paul Durand.", True),
    ("Durandal réalise-t-il des analyses d'impact ?",
     "Durandal réalise une analyse d'impact relative à la protection des données avant tout traitement à "
     "risque élevé.", True),
])
def test_a_role_or_instrument_of_the_law_must_be_named(embedded_answerer, question, extra, answered):
    """With the app's thresholds (the real e5 model scores the sentences): the preamble is close
    enough in meaning to be quoted, were the role not required."""
    texts = DURANDAL_PREAMBLE + ([extra] if extra else [])
    given = _durandals(texts)
    answer = embedded_answerer.answer(question, given)
    assert answer.abstained is not answered
    if answered:
        assert extra and answer.citations[0].quote in extra
        assert_grounded(answer, given)


DURANDAL_PERIODS = [
    "Durandal notifie toute violation de données à ses clients dans les meilleurs délais.",
    "Les journaux techniques de Durandal sont tenus selon une procédure standard.",
    "Durandal conserve les données de facturation pendant 10 ans.",
    "Durandal conserve les données du compte deux ans après la dernière connexion.",
]


@pytest.mark.parametrize(("question", "answered", "quoted"), [
    # a count of hours is not answered by « dans les meilleurs délais »; « how quickly » is
    ("Dans combien d'heures Durandal doit-il notifier une violation de données ?", False, None),
    ("How quickly does Durandal notify a data breach?", True, "meilleurs délais"),
    # keeping is what the period is of: the question is about the logs, which no period concerns
    ("Les journaux techniques de Durandal sont gardés combien de temps ?", False, None),
    ("Les données du compte Durandal sont gardées combien de temps ?", True, "deux ans"),
])
def test_a_period_answers_the_asked_count_and_the_asked_topic(answerer, question, answered, quoted):
    _check_answer(answerer, DURANDAL_PERIODS, question, answered, quoted)


DURANDAL_COOKIES = [
    "Le cookie session_id de Durandal expire à la fin de la session.",
    "Le cookie pref_lang de Durandal est conservé pendant 12 mois.",
]


@pytest.mark.parametrize(("question", "answered"), [
    ("Combien de temps le cookie pref_lang de Durandal est-il conservé ?", True),
    # a cookie the passages never name: they speak of other cookies
    ("Combien de temps le cookie trusted_device de Durandal est-il conservé ?", False),
    ("How long does Durandal keep the cartToken cookie?", False),
])
def test_an_identifier_no_passage_names_is_not_answered(answerer, question, answered):
    given = _durandals(DURANDAL_COOKIES)
    assert answerer.answer(question, given).abstained is not answered


@pytest.mark.parametrize(("question", "answered"), [
    # a price, an age, a registration number: only a passage stating one answers
    ("Combien coûte l'abonnement Durandal par mois ?", False),
    ("Durandal facture combien pour une demande d'accès ?", False),
    ("À partir de quel âge peut-on s'inscrire chez Durandal ?", True),
    ("C'est quoi le numéro d'entreprise de Durandal ?", False),
])
def test_a_price_an_age_a_registration_number_need_one_stated(answerer, question, answered):
    given = _durandals([
        "L'abonnement Durandal est résilié au terme de chaque mois ; la demande d'accès est traitée en 30 jours.",
        "Durandal ne collecte pas de données sur les enfants de moins de 15 ans qui s'inscrivent.",
        "Durandal est une entreprise inscrite au registre du commerce ; l'article 12 règle les demandes d'accès.",
    ])
    assert answerer.answer(question, given).abstained is not answered


def test_using_is_what_an_age_is_for_not_the_topic(embedded_answerer):
    given = _durandals(["Durandal ne collecte pas de données sur les enfants de moins de 15 ans."])
    answer = embedded_answerer.answer("What is the minimum age to use Durandal?", given)
    assert not answer.abstained and "15 ans" in answer.citations[0].quote

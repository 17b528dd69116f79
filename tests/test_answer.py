"""The extractive answerer on Hits built by hand from real clause texts of the corpus.

tests/fixtures/answer/clauses.json holds the clauses, copied from corpus/ (the IPSO ones in
their repaired form), so these tests do not depend on ingest or retrieval.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest

from answer import ExtractiveAnswerer
from clausier.reading.support import assess
from clausier.reading.sentences import HEADING, ITEM, split_clause
from clausier.schema import Hit, chunk_id_for

FIXTURE = Path(__file__).parent / "fixtures" / "answer" / "clauses.json"
CLAUSES = {c["key"]: c for c in json.loads(FIXTURE.read_text(encoding="utf-8"))["clauses"]}

PHONE_FR = "Combien de temps Looper-AI garde-t-il les informations notées lors d'un appel téléphonique ?"
PHONE_EN = "How long does Looper-AI keep the information noted during a phone call?"
PHONE_HITS = ("looper-emails", "looper-phone", "looper-website", "looper-access")
ABSTAIN_FR = "Je ne trouve pas la réponse dans les documents disponibles."
ABSTAIN_EN = "I cannot find the answer in the available documents."


def make_hit(key: str, rank: int = 0) -> Hit:
    c = CLAUSES[key]
    return Hit(
        chunk_id=chunk_id_for(c["doc_id"], c["clause"], 0, 0, c["text"]),
        doc_id=c["doc_id"],
        title=c["title"],
        organisation=c["organisation"],
        clause=c["clause"],
        heading=c["heading"],
        page=c["page"],
        text=c["text"],
        score=1.0 / (rank + 1),
        level=0,
        kind=c["kind"],
    )


def hits(*keys: str) -> list[Hit]:
    return [make_hit(key, rank) for rank, key in enumerate(keys)]


def quoted(text: str) -> list[str]:
    return re.findall(r"« (.*?) » \[\d+\]", text)


def assert_grounded(answer, given: list[Hit]) -> None:
    """Every quote is verbatim clause text; every quoted fragment of the text comes from a citation."""
    by_id = {h.chunk_id: h for h in given}
    for citation in answer.citations:
        hit = by_id[citation.chunk_id]
        assert citation.quote and citation.quote in hit.text
        assert citation.clause_text == hit.text
        assert (citation.doc_id, citation.clause, citation.heading) == (hit.doc_id, hit.clause, hit.heading)
    flat_quotes = [" ".join(c.quote.split()) for c in answer.citations]
    for fragment in quoted(answer.text):
        assert any(fragment in q for q in flat_quotes), fragment
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


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


def test_list_question_gathers_every_subprocessor(answerer):
    given = hits("looper-subprocessors", "looper-backup", "looper-sharing", "looper-website")
    answer = answerer.answer("Quels sont les sous-traitants de Looper-AI ?", given)
    assert not answer.abstained
    for name in ("Stripe", "Microsoft", "BeHosting"):
        assert re.search(rf"^• « la société “{name}”.*» \[1\]$", answer.text, re.M), name
    assert answer.citations[0].clause == "Gestion des sous-traitants"
    assert answer.citations[0].quote.startswith("Nos sous-traitants actuels sont:")
    assert_grounded(answer, given)


def test_list_question_quotes_a_short_clause_whole(answerer):
    """An inline enumeration (« les adresses IP, le type de navigateur, … ») has no list items:
    the short clause is quoted whole, so every element is there."""
    given = hits("looper-logs", "looper-cookies", "looper-website")
    answer = answerer.answer("Quelles données les fichiers de log de Looper-AI enregistrent-ils ?", given)
    assert not answer.abstained
    logs = given[0]
    assert len(logs.text) <= 900
    first = answer.citations[0]
    assert first.chunk_id == logs.chunk_id
    assert " ".join(first.quote.split()) in " ".join(logs.text.split())
    for element in ("navigateur", "FAI", "horodatage", "tendances"):
        assert element in answer.text, element
    assert_grounded(answer, given)


def test_list_question_over_table_rows_quotes_each_row(answerer):
    given = hits("assistool-row-_ga", "assistool-row-PHPSESSID", "assistool-row-trusted_device", "looper-cookies")
    answer = answerer.answer("Quels cookies utilise Assistool ?", given)
    assert not answer.abstained
    assert [c.quote.split(" ;")[0] for c in answer.citations] == [
        "NOM : _ga", "NOM : PHPSESSID", "NOM : trusted_device"
    ]
    assert_grounded(answer, given)


def test_comparison_answers_per_organisation(answerer):
    given = hits(
        "ikomia-retention", "aops-retention", "aops-retention-row1", "aops-retention-row2", "ikomia-rights",
        "aops-security",
    )
    answer = answerer.answer("Combien de temps Ikomia et AOPS conservent-ils les données personnelles ?", given)
    assert not answer.abstained
    orgs = [c.organisation for c in answer.citations]
    assert "Ikomia" in orgs and "AOPS" in orgs
    assert orgs.index("Ikomia") < orgs.index("AOPS")  # the question's order
    ikomia = next(c for c in answer.citations if c.organisation == "Ikomia")
    assert "5 ans" in ikomia.quote
    assert_grounded(answer, given)


def test_comparison_says_which_organisation_has_no_answer(answerer):
    given = hits("ikomia-retention", "looper-emails", "ikomia-rights")
    answer = answerer.answer("Combien de temps Ikomia et Looper-AI conservent-ils les données des clients ?", given)
    assert not answer.abstained
    assert "Pour Looper-AI, je ne trouve pas la réponse dans les documents disponibles." in answer.text
    assert {c.organisation for c in answer.citations} == {"Ikomia"}


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


def test_deterministic_and_fast(answerer):
    keys = list(CLAUSES)[:10]
    given = hits(*keys)
    first = answerer.answer(PHONE_FR, given)
    started = time.perf_counter()
    for _ in range(5):
        assert answerer.answer(PHONE_FR, given) == first
    assert (time.perf_counter() - started) / 5 < 0.1


def test_answer_text_is_never_logged(answerer, caplog):
    caplog.set_level(logging.DEBUG)
    answer = answerer.answer(PHONE_FR, hits(*PHONE_HITS))
    assert caplog.records  # it does log (counts and timings) …
    assert "13 mois" not in caplog.text and answer.text not in caplog.text  # … never the answer


# --- sentence splitting -------------------------------------------------------------------


def _texts(text: str, heading: str = "") -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in split_clause(text, heading)]


def test_abbreviations_and_numbers_do_not_end_sentences():
    text = (
        "Conformément à l'art. 6 du RGPD, c.-à-d. le Règlement (UE) 2016/679, voir la loi n° 78-17. "
        "OJ L 119, 4.5.2016, p. 1–88 (ex. Cookies) reste cité. Fin."
    )
    sentences = [t for _, t in _texts(text)]
    assert sentences == [
        "Conformément à l'art. 6 du RGPD, c.-à-d. le Règlement (UE) 2016/679, voir la loi n° 78-17.",
        "OJ L 119, 4.5.2016, p. 1–88 (ex. Cookies) reste cité.",
        "Fin.",
    ]


def test_wrapped_pdf_lines_heading_intro_and_bullets():
    text = CLAUSES["looper-subprocessors"]["text"]
    segments = split_clause(text, "Gestion des sous-traitants")
    assert segments[0].kind == HEADING
    intro = next(i for i, s in enumerate(segments) if text[s.start : s.end] == "Nos sous-traitants actuels sont:")
    assert segments[intro].intro
    items = [text[s.start : s.end] for s in segments if s.list_of == intro]
    assert [i.split("”")[0] for i in items] == ["la société “Stripe", "la société “Microsoft", "la société “BeHosting"]
    assert all(s.kind == ITEM for s in segments if s.list_of == intro)
    # a wrapped sentence stays whole, its line break kept verbatim
    assert any("\n" in text[s.start : s.end] and text[s.start : s.end].endswith("responsable.") for s in segments)


def test_unbulleted_list_after_colon_and_inline_bullets():
    text = "Nous utilisons les données afin de pouvoir :\n\nréaliser des enquêtes,\nvous adresser des messages.\n\nFin du texte."
    kinds = _texts(text)
    assert kinds == [
        ("sentence", "Nous utilisons les données afin de pouvoir :"),
        ("item", "réaliser des enquêtes,"),
        ("item", "vous adresser des messages."),
        ("sentence", "Fin du texte."),
    ]
    joined = "Nos sous-traitants actuels sont: ● la société A à Dublin ● la société B en Suède."
    assert [t for k, t in _texts(joined) if k == "item"] == ["la société A à Dublin", "la société B en Suède."]


# --- with the real embedding model, when it has been prepared ------------------------------


@pytest.fixture(scope="module")
def embedded_answerer():
    from clausier.settings import Settings

    model_dir = Settings.from_env().model_dir
    try:
        from clausier.embedding.model import load_embedder
    except ImportError:
        pytest.skip("clausier.embedding.model not available yet")
    if not model_dir.exists():
        pytest.skip(f"embedding model not prepared ({model_dir}); run `make model`")
    embedder = load_embedder(model_dir)
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


def test_list_split_across_overlapping_chunk_windows(answerer):
    """Ingest joins a long clause's lines into windows that overlap by one sentence: the list's
    introduction ends one chunk, its items start the next; each item is quoted once."""
    base = make_hit("looper-subprocessors")
    flat = " ".join(base.text.split())
    cut = flat.index("● la société “Stripe”")
    stripe_end = flat.index("● la société “Microsoft”")
    first = Hit(**{**base.__dict__, "chunk_id": "looper:part0", "text": flat[:stripe_end].rstrip()})
    second = Hit(**{**base.__dict__, "chunk_id": "looper:part1", "text": flat[cut:], "score": 0.5})
    given = [first, second, make_hit("looper-backup", 2)]
    answer = answerer.answer("Quels sont les sous-traitants de Looper-AI ?", given)
    for name in ("Stripe", "Microsoft", "BeHosting"):
        assert len(re.findall(rf"^• « la société “{name}”", answer.text, re.M)) == 1, name
    assert "« Nos sous-traitants actuels sont: » [1]" in answer.text
    assert "Les sous-traitants resteront" not in answer.text.split("BeHosting")[1].split("\n")[0]
    assert_grounded(answer, given)


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


def test_paragraph_after_a_bullet_and_a_list_inside_a_list():
    """Cleaning drops blank lines, so « Dans le cadre … » follows the last bullet directly: it is
    a new paragraph, not the bullet's wrapped line; the list it introduces comes with a list
    question's answer."""
    text = ("Les données sont collectées selon le service :\n• Création d'un compte\n• Formulaires de contact\n"
            "Dans le cadre de la création d'un compte, les données collectées sont les suivantes :\n"
            "• Etat-civil : nom, prénom\n• Identifiants de connexion : email et mot de passe")
    kinds = _texts(text)
    assert ("item", "Formulaires de contact") in kinds
    assert ("sentence", "Dans le cadre de la création d'un compte, les données collectées sont les suivantes :") in kinds
    assert kinds[-1] == ("item", "Identifiants de connexion : email et mot de passe")
    wrapped = "Nos outils :\n• un outil qui sert\nà la gestion des paiements."
    assert _texts(wrapped)[-1] == ("item", "un outil qui sert\nà la gestion des paiements.")

    from answer.select import _with_items

    segments = split_clause("Intro :\n• A, qui a :\n• sous-point un ;\n• sous-point deux.")
    assert [s.list_of for s in segments] == [None, 0, 1, 1]
    assert _with_items(segments, {0}) == {0, 1, 2, 3}


def test_list_question_quotes_the_clause_list_when_no_list_line_reaches_the_floor(answerer):
    """« Quelles données … pour s'inscrire … ? »: the sentence naming the sign-up answers best,
    the list of data follows an introduction that shares one word with the question. The
    clause's real list (two items or more) is quoted, not a one-line « list » under its title."""
    text = ("Les informations transmises directement :\nEn achetant notre produit, vous nous transmettez des "
            "informations permettant votre identification. C'est le cas lorsque vous vous inscrivez sur notre "
            "plateforme ou participez à nos sondages.\nCes informations contiennent notamment les données suivantes :\n"
            "Les données nécessaires : noms, prénoms, adresse e-mail et mot de passe ;\nVotre adresse postale ;\n"
            "Un historique des achats effectués sur notre site internet ;\n" + "Texte d'exemple sans rapport. " * 30)
    hit = Hit(chunk_id="ikomia:2.1", doc_id="ikomia", title="Politique", organisation="Ikomia", clause="2.1",
              heading="ARTICLE 2 › 2.1", page=1, text=text, score=1.0, level=0)
    answer = answerer.answer("Quelles données faut-il donner pour s'inscrire sur la plateforme ?", [hit])
    assert not answer.abstained
    assert "• « Les données nécessaires : noms, prénoms, adresse e-mail et mot de passe ; » [1]" in answer.text
    assert "• « Votre adresse postale ; » [1]" in answer.text
    assert_grounded(answer, [hit])


def test_a_negation_in_another_measure_of_the_same_run_gives_no_verdict(answerer):
    """A list of measures extracted as one run joined by « ; »: the « n'aient pas accès » of the
    building measure says nothing about the incident procedures the question asks about."""
    text = ("Le partenaire met en œuvre les mesures suivantes : o Mise en place de procédures internes en cas "
            "d'incidents (fuite de données...) ; o Application d'un système d'identification pour que les personnes "
            "non autorisées n'aient pas accès aux locaux de l'entreprise ;")
    hit = Hit(chunk_id="ipso:annexe", doc_id="ipso", title="Convention", organisation="IPSO", clause="Annexe 2",
              heading="Annexe 2", page=9, text=text, score=1.0, level=0)
    question = "Le partenaire doit-il avoir des procédures internes en cas d'incidents ?"
    answer = answerer.answer(question, [hit])
    assert not answer.abstained and "procédures internes" in answer.text
    assert not answer.text.startswith("Non")
    from clausier.reading.question import analyse_question
    from answer.verdict import _focus
    from clausier.textnorm import fold

    piece = _focus(analyse_question(question, [hit]), " ".join(fold(text).split()))
    assert "procedures internes" in piece and "n'aient pas" not in piece


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

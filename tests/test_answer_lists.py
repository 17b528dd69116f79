"""List and comparison answers of the extractive answerer (hits from tests/answer_fixtures.py)."""

from __future__ import annotations

import re

import pytest

from answer import ExtractiveAnswerer
from clausier.schema import Hit

from tests.answer_fixtures import assert_grounded, hits, make_hit


@pytest.fixture(scope="module")
def answerer() -> ExtractiveAnswerer:
    return ExtractiveAnswerer()


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

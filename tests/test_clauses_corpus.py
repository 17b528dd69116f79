"""The clause parser on the real corpus: each document's numbering and headings, no heading that
is a bullet or garbled, clauses that cover the document and quote it verbatim, the CLI."""

from __future__ import annotations

import pytest

from ingest.clauses import main, split_clauses
from ingest.lines import is_bullet
from tests.clause_fixtures import CORPUS, CORPUS_FILES, by_heading, by_number, corpus_doc, squash


@pytest.fixture(scope="module")
def corpus_clauses():
    return {name: (doc := corpus_doc(name), split_clauses(doc)) for name in CORPUS_FILES}


def test_looper_unnumbered_headings(corpus_clauses):
    _, clauses = corpus_clauses["looper-ai_politique-rgpd.txt"]
    phone = by_heading(clauses, "Concernant les contacts par téléphone")
    assert "13 mois" in phone.text
    assert phone.text.startswith("Concernant les contacts par téléphone\nLes informations personnelles notées")
    assert phone.heading_path == ("Informations collectées", "Concernant les contacts par téléphone")
    assert by_heading(clauses, "Droit d’accès").heading_path[0] == "Vos droits, tels que garantis par le RGPD"
    assert isinstance(phone.page, int)
    headings = {c.heading for c in clauses}
    assert {"Backup", "DORA", "Data Protection Officer", "Gestion des sous-traitants"} <= headings
    assert all(len(h.split()) <= 12 for h in headings)  # no wrapped sentence became a heading


def test_assistool_rights_nest_under_misnumbered_heading(corpus_clauses):
    _, clauses = corpus_clauses["assistool_politique-cookies.txt"]
    assert by_number(clauses, "7.1").heading_path == ("6. VOS DROITS", "7.1")
    assert by_number(clauses, "2.10.2").heading_path[1:] == ("2.10", "2.10.2")


def test_ipso_articles_despite_garbled_text(corpus_clauses):
    _, clauses = corpus_clauses["ipso_convention-rgpd-sous-traitance.txt"]
    leak = by_number(clauses, "8.1")
    assert leak.heading_path == ("Article 8 – Traitement des fuites de données", "8.1")
    assert "72 heures" in leak.text
    assert leak.page == 6
    numbers = [c.number for c in clauses if c.kind == "clause"]
    assert ["Article 1er"] + [f"Article {n}" for n in range(2, 13)] == [n for n in numbers if n.startswith("Article")]
    assert "Annexe 1" in numbers and "Annexe 2" in numbers
    assert clauses[0].kind == "preamble"


def test_aops_roman_sections_and_unnumbered_subheadings(corpus_clauses):
    _, clauses = corpus_clauses["aops_politique-confidentialite.txt"]
    assert by_number(clauses, "II.5").heading == "II.5 – Durée de conservation des données personnelles"
    audience = by_heading(clauses, "Les cookies d‘audience")
    assert audience.heading_path[:2] == ("III – Cookies", "III.2 – Utilisation des cookies")
    assert "Mis à jour le 25 janvier 2023" not in {c.heading for c in clauses}


def test_ikomia_uppercase_articles(corpus_clauses):
    _, clauses = corpus_clauses["ikomia_politique-confidentialite.txt"]
    assert by_number(clauses, "8.7").heading_path[0] == "ARTICLE 8 - Vos droits sur vos données personnelles"
    assert by_number(clauses, "8.1").heading == "8.1. Droit d'accès"
    assert "5 ans" in by_number(clauses, "2.3").text


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_no_heading_is_a_bullet_or_garbled(corpus_clauses, name):
    _, clauses = corpus_clauses[name]
    for clause in clauses:
        assert not is_bullet(clause.heading), clause.heading
        for part in clause.heading_path:
            assert not is_bullet(part)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_clauses_cover_the_document_and_quote_it_verbatim(corpus_clauses, name):
    doc, clauses = corpus_clauses[name]
    text = doc.text
    covered = [False] * len(text)
    last_end = -1
    for clause in (c for c in clauses if c.kind != "table_row"):
        assert clause.start >= last_end, "clauses overlap"
        last_end = clause.end
        for k in range(clause.start, clause.end):
            covered[k] = True
        # only whitespace differs between a clause's text and its span of the source
        assert squash(clause.text) == squash(text[clause.start : clause.end])
    lost = "".join(ch for ch, seen in zip(text, covered) if not seen and not ch.isspace())
    assert lost == ""
    assert [c.ordinal for c in clauses] == list(range(len(clauses)))
    assert all(c.doc_id == doc.info.doc_id for c in clauses)


def test_cli_prints_the_clause_tree(capsys):
    assert main([str(CORPUS / "assistool_politique-cookies.txt"), "--raw"]) == 0
    out = capsys.readouterr().out
    assert "7.1 | 6. VOS DROITS › 7.1" in out
    assert "NOM : _ga" in out

"""Tables become one clause per row that keeps the column headers."""

from __future__ import annotations

import pytest

from clausier.schema import DocumentInfo, Page, RepairedLine, SourceDoc
from ingest.clauses import split_clauses
from ingest.clean import clean_pages
from ingest.tables import find_tables
from tests.clause_fixtures import CORPUS, corpus_doc


def make_doc(text: str, repairs=()) -> SourceDoc:
    info = DocumentInfo(doc_id="t", title="t", organisation="o", doc_type="d", level=0)
    pages = clean_pages([Page(None, text)])
    return SourceDoc(info=info, path="t.txt", pages=pages, content_hash="h", repairs=tuple(repairs))


def rows(clauses):
    return [c for c in clauses if c.kind == "table_row"]


def test_tab_table_rows_keep_headers_and_enclosing_path():
    doc = make_doc(
        "3. LES COOKIES UTILISÉS\n\n3.2 Ces cookies incluent :\n\n"
        "NOM\tTYPE\tDURÉE\n_ga\tPerformance <i>(statistique)</i>\t2 ans\n_gid\tPerformance\t1 jour\n\n"
        "3.3 Vous pouvez supprimer les cookies."
    )
    clauses = split_clauses(doc)
    ga, gid = rows(clauses)
    assert ga.text == "NOM : _ga ; TYPE : Performance (statistique) ; DURÉE : 2 ans"
    assert ga.heading == "_ga" and ga.number == "3.2"
    assert ga.heading_path == ("3. LES COOKIES UTILISÉS", "3.2")
    assert doc.text[gid.start : gid.end] == "_gid\tPerformance\t1 jour"
    enclosing = next(c for c in clauses if c.number == "3.2" and c.kind == "clause")
    assert enclosing.ordinal < ga.ordinal < gid.ordinal
    assert "_ga\tPerformance (statistique)\t2 ans" in enclosing.text  # the text around is kept too
    assert next(c for c in clauses if c.number == "3.3").ordinal > gid.ordinal


def test_short_rows_are_padded_and_empty_cells_left_out():
    doc = make_doc("A\tB\tC\nx\t\tz\ny\t1\t2\n")
    first = rows(split_clauses(doc))[0]
    assert first.text == "A : x ; C : z"


def test_glued_cells_split_at_case_and_digit_junctions():
    doc = make_doc(
        "II.5 – Durée de conservation\n\nLes durées sont les suivantes.\n\n"
        "Finalité du traitementDurée de conservation\n"
        "Gestion des commandes de produits ou services5 ans à compter du dernier contact\n"
        "Envoi de lettres d'information, à des fins de prospection3 ans pour les prospects, 1 an sinon\n"
        "Tenue des comptesDix ans\n\nII.6 – Sécurité\n\nAOPS protège les données."
    )
    found = rows(split_clauses(doc))
    assert [r.text for r in found] == [
        "Finalité du traitement : Gestion des commandes de produits ou services ; "
        "Durée de conservation : 5 ans à compter du dernier contact",
        "Finalité du traitement : Envoi de lettres d'information, à des fins de prospection ; "
        "Durée de conservation : 3 ans pour les prospects, 1 an sinon",
        "Finalité du traitement : Tenue des comptes ; Durée de conservation : Dix ans",
    ]
    assert all(r.heading_path == ("II.5 – Durée de conservation",) for r in found)


def test_brand_names_do_not_make_a_glued_table():
    lines = ["Nos sites renvoient vers LinkedIn et YouTube", "Suivez-nous sur LinkedIn2 fois par mois"]
    assert find_tables(lines) == []


def test_stacked_two_column_table():
    doc = make_doc(
        "Annexe 1 : Nature des données\n\n"
        "TYPE DE DONNÉES À CARACTÈRE PERSONNEL FINALITÉ DU TRAITEMENT\n\n"
        "Données d'identification personnelles\n\nNom, prénom, adresse\n\nGestion des comptes clients\n\n"
        "Données de connexion:\n\nAdresse IP\n\nSécurité des applications\n\n"
        "Annexe 2 : Mesures de sécurité\n\nLe partenaire chiffre les sauvegardes."
    )
    found = rows(split_clauses(doc))
    assert [r.text for r in found] == [
        "TYPE DE DONNÉES À CARACTÈRE PERSONNEL : Données d'identification personnelles Nom, prénom, adresse ; "
        "FINALITÉ DU TRAITEMENT : Gestion des comptes clients",
        "TYPE DE DONNÉES À CARACTÈRE PERSONNEL : Données de connexion: Adresse IP ; "
        "FINALITÉ DU TRAITEMENT : Sécurité des applications",
    ]
    assert found[0].number == "Annexe 1"


def test_repaired_table_row_keeps_its_original():
    doc = make_doc(
        "NOM\tDURÉE\n_ga\t2 ans\n_gid\t1 jour",
        repairs=(RepairedLine(0, 1, "_ga\t2 Ŀns", "_ga\t2 ans", 0.8, "ftfy"),),
    )
    ga, gid = rows(split_clauses(doc))
    assert ga.repaired and ga.repair_confidence == pytest.approx(0.8)
    assert ga.original_text == "NOM : _ga ; DURÉE : 2 Ŀns"
    assert not gid.repaired


@pytest.fixture(scope="module")
def corpus():
    return {name: split_clauses(corpus_doc(name)) for name in (p.name for p in CORPUS.glob("*.txt"))}


def test_assistool_cookie_table(corpus):
    found = rows(corpus["assistool_politique-cookies.txt"])
    ga = next(r for r in found if r.heading == "_ga")
    assert ga.text == (
        "NOM : _ga ; TYPE : Performance du site web (analytique/statistique) ; "
        "ORIGINE : Cookie de partie tierce (autre que le domaine visité) ; TYPE DE DURÉE : Permanent ; DURÉE : 2 ans"
    )
    assert ga.heading_path[-1] == "3.2"
    cookies = [r for r in found if r.text.startswith("NOM : ")]
    assert len(cookies) == 15


def test_assistool_transfer_table(corpus):
    transfers = [r for r in rows(corpus["assistool_politique-cookies.txt"]) if r.text.startswith("DONNÉES : ")]
    assert len(transfers) == 5
    intercom = transfers[1]
    assert intercom.text.startswith("DONNÉES : Vos données de contact ; PAYS : USA (Intercom) ; BASE LÉGALE : Décision d'adéquation")
    assert intercom.heading_path == ("5. OÙ TRAITONS-NOUS CES DONNÉES ?", "5.2")


def test_aops_glued_retention_table(corpus):
    found = rows(corpus["aops_politique-confidentialite.txt"])
    assert len(found) == 3
    assert all(r.number == "II.5" for r in found)
    assert found[1].text == (
        "Finalité du traitement : Utilisation du compte ; "
        "Durée de conservation en base opérationnelle : 5 ans à compter du dernier contact"
    )
    assert found[2].text.endswith("à des fins de prospection ; Durée de conservation en base opérationnelle : "
                                  "5 ans à compter du dernier contact pour les clients, 3 ans pour les prospects")


def test_ipso_annex_table(corpus):
    found = rows(corpus["ipso_convention-rgpd-sous-traitance.txt"])
    assert [r.heading for r in found] == [
        "Données d’identification personnelles Nom, prénom, adresse, télephone",
        "Données d’identification électroniques: Mail",
        "Image: Photo",
    ]
    assert all(r.text.endswith("FINALITÉ DU TRAITEMENT : Hébergement des données clients liées à nos applications") for r in found)
    assert found[0].page == 10 and found[0].number == "Annexe 1"


def test_documents_without_tables_have_no_rows(corpus):
    assert rows(corpus["looper-ai_politique-rgpd.txt"]) == []
    assert rows(corpus["ikomia_politique-confidentialite.txt"]) == []

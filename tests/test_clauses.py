"""The clause parser: numbering schemes, unnumbered headings, nesting, coverage, provenance."""

from __future__ import annotations

import pytest

from clausier.schema import RepairedLine
from ingest.clauses import split_clauses
from ingest.lines import is_bullet
from tests.clause_fixtures import FIXTURES, by_heading, by_number, make_doc, squash


# --- numbering schemes on small inline examples -------------------------------------------


def test_article_schemes_and_paragraphs():
    doc = make_doc(
        "Préambule du contrat entre les parties.\n\n"
        "Article 1er – Définitions et concepts\n\nLes termes suivants sont définis.\n\n"
        "ARTICLE 2 - Durée du contrat\n\n"
        "2.1. Le contrat prend effet à la signature et dure aussi longtemps que la mission confiée.\n\n"
        "2.2. Il peut être résilié par lettre recommandée.\n\n"
        "Annexe 1 : Liste des données\n\nNom et prénom."
    )
    clauses = split_clauses(doc)
    assert [c.kind for c in clauses][0] == "preamble"
    assert [c.number for c in clauses if c.kind == "clause"] == ["Article 1er", "Article 2", "2.1", "2.2", "Annexe 1"]
    para = by_number(clauses, "2.1")
    assert para.heading_path == ("ARTICLE 2 - Durée du contrat", "2.1")
    assert para.heading.startswith("2.1. Le contrat prend effet") and para.heading.endswith("…")
    annex = by_number(clauses, "Annexe 1")
    assert annex.heading_path == ("Annexe 1 : Liste des données",)  # an annex is not under 2.2
    assert annex.text == "Annexe 1 : Liste des données\nNom et prénom."


def test_paragraph_lead_uses_a_short_label_before_a_colon():
    doc = make_doc(
        "ARTICLE 8 - Vos droits\n\n8.1. Droit d'accès : vous avez le droit de prendre connaissance des informations collectées."
    )
    assert by_number(split_clauses(doc), "8.1").heading == "8.1. Droit d'accès"


def test_roman_schemes():
    doc = make_doc(
        "I – Cas dans lesquels le Client est Responsable de traitement\n\nLe Client garantit.\n\n"
        "II – Cas dans lesquels AOPS est Responsable\n\nAOPS garantit.\n\n"
        "II.4 – Transfert de données hors de l'Union européenne (UE)\n\nAOPS peut transférer.\n\n"
        "III – Cookies\n\nAOPS informe.\n\nIII.1 – Définition des cookies\n\nUn cookie est un fichier."
    )
    clauses = split_clauses(doc)
    assert [c.number for c in clauses] == ["I", "II", "II.4", "III", "III.1"]
    assert by_number(clauses, "II.4").heading_path == (
        "II – Cas dans lesquels AOPS est Responsable",
        "II.4 – Transfert de données hors de l'Union européenne (UE)",
    )
    assert by_number(clauses, "III.1").heading_path[0] == "III – Cookies"


def test_decimal_schemes_nest_by_position_when_numbering_slips():
    doc = make_doc(
        "1. INFORMATIONS GÉNÉRALES\n\n1.1 La politique de cookies régit l'utilisation des cookies.\n\n"
        "2. QUE SONT LES COOKIES ?\n\n2.3 Il existe différents types de cookies :\n\n"
        "2.3.1 Les cookies strictement nécessaires ;\n\n2.3.2 Les cookies fonctionnels.\n\n"
        "6. VOS DROITS\n\n7.1 Vous pouvez demander à tout moment l'accès à vos données.\n\n"
        "7.2 Vous pouvez demander une correction."
    )
    clauses = split_clauses(doc)
    assert by_number(clauses, "2.3.1").heading_path == ("2. QUE SONT LES COOKIES ?", "2.3", "2.3.1")
    assert by_number(clauses, "7.1").heading_path == ("6. VOS DROITS", "7.1")
    assert by_number(clauses, "7.2").heading_path == ("6. VOS DROITS", "7.2")
    assert by_number(clauses, "6").heading == "6. VOS DROITS"


def test_numbered_list_items_are_not_headings():
    doc = make_doc(
        "Article 10 – Droits des personnes concernées\n\n"
        "Le partenaire procédera, sur demande écrite du client, aux opérations suivantes :\n\n"
        "1. Fourniture par écrit des données à caractère\n\npersonnel disponibles ; et\n\n"
        "2. Correction des données à caractère personnel.\n\n"
        "Article 11 – Responsabilité\n\nLe partenaire est responsable."
    )
    clauses = split_clauses(doc)
    assert [c.number for c in clauses] == ["Article 10", "Article 11"]
    text = by_number(clauses, "Article 10").text
    assert "\n1. Fourniture par écrit des données à caractère personnel disponibles ; et\n2. Correction" in text


def test_unnumbered_headings_and_wrapped_fragments():
    doc = make_doc(
        "Vos droits, tels que garantis par le RGPD\n\nDroit d’accès\n\n"
        "En cas de demande d’accès de la part d’une personne physique à ses données personnelles, notre\n"
        "société disposera d’un délai d’un mois maximum pour la satisfaire.\n\n"
        "Droit à l’oubli\n\nEn cas de demande de suppression de vos données personnelles, notre société y\n"
        "donnera suite dans un délai d'un mois, soit en supprimant les données, soit en répondant.\n\n"
        "Les sous-traitants s'engagent à respecter les obligations prévues par la convention signée avec\n"
        "Looper-AI et ses filiales\n\n"
        "Le sous-traitant doit souscrire une assurance de responsabilité civile couvrant la\n"
        "Responsabilité Civile Exploitation\net les dommages causés aux tiers.\n\n"
        "Informations sur les enfants\n\nNous ne collectons pas de données sur des enfants de moins de 13 ans."
    )
    clauses = split_clauses(doc)
    headings = [c.heading for c in clauses]
    assert headings == [
        "Vos droits, tels que garantis par le RGPD",
        "Droit d’accès",
        "Droit à l’oubli",
        "Informations sur les enfants",
    ]
    assert by_heading(clauses, "Droit à l’oubli").heading_path == ("Vos droits, tels que garantis par le RGPD", "Droit à l’oubli")
    assert "signée avec Looper-AI et ses filiales" in by_heading(clauses, "Droit à l’oubli").text


def test_unnumbered_section_ends_at_a_heading_with_the_same_lead_word():
    doc = make_doc(
        "Informations collectées\n\nConcernant les contacts par téléphone\n\nLes notes sont détruites après 13 mois.\n\n"
        "Concernant les cookies\n\nLe site utilise des cookies.\n\n"
        "Informations sur les enfants\n\nNous ne collectons pas de données sur des enfants.\n\n"
        "Backup\n\nLes serveurs sont sauvegardés."
    )
    clauses = split_clauses(doc)
    assert by_heading(clauses, "Concernant les cookies").heading_path == ("Informations collectées", "Concernant les cookies")
    assert by_heading(clauses, "Informations sur les enfants").heading_path == ("Informations sur les enfants",)
    assert by_heading(clauses, "Backup").heading_path == ("Backup",)


def test_bullets_dates_and_stray_lines_are_not_headings():
    doc = make_doc(
        "Politique de confidentialité\n\nMis à jour le 25 janvier 2023\n\nPréambule\n\nLe site est édité par AOPS.\n\n"
        "Définitions\n\n● Prompt : une question posée à une intelligence artificielle\n● Session cookie\n"
        "- Sur des sites tiers\no Sauvegardes sécurisées\n\n"
        "Article 12 – Dispositions diverses\n\nLes tribunaux suivants sont compétents :\n\nTribunal de NIVELLES\n"
        "Annexe 1 : Nature des données à caractère personnel qui sont traitées et\n\nfinalités du traitement\n\n"
        "Les données d'identification sont hébergées."
    )
    clauses = split_clauses(doc)
    headings = [c.heading for c in clauses]
    assert "Mis à jour le 25 janvier 2023" not in headings and "Tribunal de NIVELLES" not in headings
    assert not any(is_bullet(h) for h in headings)
    assert "Préambule" in headings and "Définitions" in headings
    annex = by_number(clauses, "Annexe 1")
    assert annex.heading == "Annexe 1 : Nature des données à caractère personnel qui sont traitées et finalités du traitement"
    assert by_heading(clauses, "Définitions").text.split("\n")[1:] == [
        "● Prompt : une question posée à une intelligence artificielle",
        "● Session cookie",
        "- Sur des sites tiers",
        "o Sauvegardes sécurisées",
    ]


def test_reflow_joins_wrapped_lines_and_resolves_hyphenation():
    doc = make_doc(
        "Article 7 – Sécurité\n\n7.4. Si le client peut démontrer un manquement du partenaire, il peut mettre un terme\n\n"
        "à la mission de sous-\n\ntraitance, sans préjudice de ses autres droits découlant de la loi.\n\n"
        "Le partenaire veille à la sécurité."
    )
    text = by_number(split_clauses(doc), "7.4").text
    assert text == (
        "7.4. Si le client peut démontrer un manquement du partenaire, il peut mettre un terme à la mission "
        "de sous-traitance, sans préjudice de ses autres droits découlant de la loi.\nLe partenaire veille à la sécurité."
    )


def test_pages_and_offsets():
    doc = make_doc("Article 1 – Objet\nLe contrat a un objet.", "Article 2 – Durée\nLa durée est d'un an.", numbers=(4, 5))
    one, two = split_clauses(doc)
    assert (one.page, two.page) == (4, 5)
    assert doc.text[two.start : two.end] == "Article 2 – Durée\nLa durée est d'un an."
    assert two.text == "Article 2 – Durée\nLa durée est d'un an."
    assert (one.ordinal, two.ordinal) == (0, 1)


def test_single_line_and_empty_documents():
    (only,) = split_clauses(make_doc("Article 1 – Objet"))
    assert (only.kind, only.number, only.text) == ("clause", "Article 1", "Article 1 – Objet")
    assert split_clauses(make_doc("\n  \n")) == []


def test_document_without_heading_is_one_preamble():
    (only,) = split_clauses(make_doc("Un texte sans titre.\nSur deux lignes."))
    assert only.kind == "preamble" and only.heading_path == () and only.number == ""


def test_fixture_with_chapters_sections_and_articles():
    doc = make_doc((FIXTURES / "contrat_chapitres.txt").read_text(encoding="utf-8"))
    clauses = split_clauses(doc)
    article = by_number(clauses, "Article 4")
    assert article.heading_path == ("Chapitre II – Exécution", "Section 1 – Obligations du prestataire", "Article 4 – Confidentialité")
    assert by_number(clauses, "4.2").heading_path[-2:] == ("Article 4 – Confidentialité", "4.2")
    assert by_number(clauses, "Chapitre III").heading_path == ("Chapitre III – Fin du contrat",)


# --- repaired lines -----------------------------------------------------------------------


def test_repaired_lines_mark_their_clause_with_the_original_text():
    pages = (
        "Article 1 – Objet\n\nLe partenaire informe le client.\nIl notifie toute fuite de données.\n\nArticle 2 – Durée\n\nUn an.",
        "Article 3 – Fin\n\nLe contrat prend fin.",
    )
    repairs = (
        RepairedLine(0, 2, "Le partenaire ƛƴŦƻǊƳŜ le client.", "Le partenaire informe le client.", 0.9, "cipher"),
        RepairedLine(0, 3, "Il ƴƻǘƛŦƛŜ  toute fuite de données.", "Il notifie toute fuite de données.", 0.7, "cipher"),
        RepairedLine(1, 2, "Le contrat prend ŦƛƴΦ", "Le contrat prend fin.", 0.95, "cipher"),
    )
    clauses = split_clauses(make_doc(*pages, repairs=repairs))
    first, second, third = clauses
    assert first.repaired and first.repair_confidence == pytest.approx(0.7)
    assert first.text == "Article 1 – Objet\nLe partenaire informe le client.\nIl notifie toute fuite de données."
    # the original lines go through the same cleaning (double space collapsed) and layout
    assert first.original_text == "Article 1 – Objet\nLe partenaire ƛƴŦƻǊƳŜ le client.\nIl ƴƻǘƛŦƛŜ toute fuite de données."
    assert not second.repaired and second.repair_confidence is None and second.original_text is None
    assert third.repaired and third.repair_confidence == pytest.approx(0.95)
    assert third.original_text == "Article 3 – Fin\nLe contrat prend ŦƛƴΦ"

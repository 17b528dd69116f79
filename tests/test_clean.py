"""The cleaning stage: markup out, spaces normalised, lines and letters untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausier.schema import Page
from ingest.clean import clean_line, clean_pages, clean_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_html_tags_removed_text_kept():
    assert clean_line("Cookie de partie tierce <i>(autre que le domaine visité)</i>") == (
        "Cookie de partie tierce (autre que le domaine visité)"
    )
    assert clean_line('<span class="x">Texte</span><br/>') == "Texte"


def test_comparison_signs_are_not_tags():
    assert clean_line("durée < 5 ans et > 1 an") == "durée < 5 ans et > 1 an"


def test_markdown_emphasis_and_autolinks():
    line = "- **Internet Explorer** : <https://support.microsoft.com/en-gb/help/17442>"
    assert clean_line(line) == "- Internet Explorer : https://support.microsoft.com/en-gb/help/17442"
    assert clean_line("le logiciel **Ikomia** et *ses services*") == "le logiciel Ikomia et ses services"
    assert clean_line("[la CNIL](https://www.cnil.fr)") == "la CNIL (https://www.cnil.fr)"


def test_cookie_names_and_arithmetic_untouched():
    assert clean_line("_gat_gtag_UA_106314916_1 et __utma") == "_gat_gtag_UA_106314916_1 et __utma"
    assert clean_line("5 * 3 = 15") == "5 * 3 = 15"


def test_spaces_collapsed_and_odd_spaces_normalised():
    assert clean_line(" professionnelle.  Elle met \u00e0\u00a0disposition\u202f:   ") == (
        "professionnelle. Elle met à disposition :"
    )
    assert clean_line("mot\u200bcoupé\u00ad") == "motcoupé"


@pytest.mark.parametrize(
    "text",
    ["l’accès d‘un « client » – “Stripe” n°9 œuvre À QUI", "Règlement (UE) 2016/679 § 1–88 …"],
)
def test_letters_accents_and_quotes_kept(text):
    assert clean_line(text) == text


def test_table_tabs_kept_other_tabs_collapsed():
    text = "NOM\tTYPE\tDURÉE\n_ga\tPerformance <i>(stat)</i>\t2 ans\nVos données\t USA (Intercom)\t Des règles\nune\tphrase isolée"
    lines = clean_text(text).split("\n")
    assert lines[0] == "NOM\tTYPE\tDURÉE"
    assert lines[1] == "_ga\tPerformance (stat)\t2 ans"
    assert lines[2] == "Vos données\tUSA (Intercom)\tDes règles"
    assert lines[3] == "une phrase isolée"


def test_empty_cells_survive():
    lines = clean_text("A\tB\tC\nx\t\tz\ny\t1\t2").split("\n")
    assert lines[1].split("\t") == ["x", "", "z"]


def test_line_count_preserved_even_with_unicode_line_breaks():
    text = "un\u2028deux\r\ntrois\x0cquatre\n\n  \n\u2029fin"
    page = Page(number=3, text=text)
    (cleaned,) = clean_pages([page])
    assert cleaned.number == 3
    assert len(cleaned.text.split("\n")) == len(text.split("\n"))
    assert len(cleaned.text.splitlines()) == len(text.split("\n"))


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt")))
def test_corpus_files_keep_lines_and_letters(name):
    raw = (CORPUS / name).read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert len(cleaned.split("\n")) == len(raw.split("\n"))
    for before, after in zip(raw.split("\n"), cleaned.split("\n")):
        if "<" not in before and "*" not in before:
            # only spaces may differ on a line without markup
            assert after.split() == before.split() or "\t" in after
    assert "<i>" not in cleaned and "**" not in cleaned and "  " not in cleaned

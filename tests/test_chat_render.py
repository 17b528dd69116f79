"""Page rendering helpers: clause parts joined back, quotes highlighted, contents of a document."""

from __future__ import annotations

from clausier.schema import Chunk
from web.ui.browse import toc_html
from web.ui.clauses import clause_units, highlighted_html, join_parts, quote_pieces


def chunk(ordinal: int, part: int, text: str, heading: str = "Article 1 › 1.1", kind: str = "clause",
          start: int = 0) -> Chunk:
    return Chunk(chunk_id=f"d:{ordinal}-{part}", doc_id="d", title="Doc", organisation="Org", doc_type="t", level=0,
                 clause=heading.split(" › ")[-1], heading=heading, page=1, text=text, header="", ordinal=ordinal,
                 part=part, kind=kind, part_start=start)


def test_overlapping_windows_joined_back():
    assert join_parts([chunk(1, 0, "Un. Deux. Trois."), chunk(1, 1, "Trois. Quatre.", start=10)]) \
        == "Un. Deux. Trois. Quatre."


def test_quote_highlighted_across_line_breaks_and_escaped():
    text = "Le partenaire avisera\nle client <vite>. Puis autre chose."
    pieces = quote_pieces("Selon X : « Le partenaire avisera le client <vite>. » [1]", 1)
    assert pieces == ["Le partenaire avisera le client <vite>."]
    out = highlighted_html(text, pieces)
    assert out.startswith("<mark class='cl-hl'>Le partenaire avisera<br>le client &lt;vite&gt;.</mark>")
    assert "Puis autre chose." in out and "<vite>" not in out
    assert quote_pieces("no markers here", 2, "ligne 1\nligne 2") == ["ligne 1", "ligne 2"]


def test_contents_nest_headings_and_number_table_rows():
    units = clause_units([
        chunk(0, 0, "Préambule.", heading=""),
        chunk(1, 0, "Texte 1.1 début."), chunk(1, 1, "début. suite.", start=10),
        chunk(2, 0, "Ligne A", heading="Annexe 1", kind="table_row"),
        chunk(3, 0, "Ligne B", heading="Annexe 1", kind="table_row"),
    ])
    assert [u.text for u in units][1] == "Texte 1.1 début. suite."
    html = toc_html(units, "d:1-1", "fr")
    assert "<span class='cl-toc-section'>Article 1</span><ul>" in html
    assert "class='cl-toc-item selected' href='#clausier/clause/d:1-0'>1.1</a>" in html
    assert ">Annexe 1</a>" in html and ">Annexe 1 · 2</a>" in html and ">Préambule</a>" in html
    assert html.count("<ul>") == html.count("</ul>")


def test_level_names_follow_the_interface_language():
    from web.ui.browse import document_html
    from web.ui.render import level_name

    units = clause_units([chunk(0, 0, "Texte.")])
    assert "0 – non classifié" in document_html(units, None, "fr")
    english = document_html(units, None, "en")
    assert "0 – unclassified" in english and "non classifié" not in english
    assert [level_name(n, "en") for n in range(4)] == [
        "0 – unclassified", "1 – internal use", "2 – restricted", "3 – secret"]
    assert level_name(2) == "2 – diffusion limitée"


def test_a_clause_over_a_page_break_shows_its_page_range():
    from dataclasses import replace

    from web.ui.browse import document_html, panel_html

    units = clause_units([
        replace(chunk(1, 0, "Début. Milieu."), page=6),
        replace(chunk(1, 1, "Milieu. Fin.", start=7), page=6, page_breaks=((8, 7),)),
        replace(chunk(2, 0, "Autre clause."), page=7),
    ])
    assert [(u.first.page, u.last_page) for u in units] == [(6, 7), (7, 7)]
    assert "<dd>6–7</dd>" in panel_html(units[0], [], "fr") and "<dd>7</dd>" in panel_html(units[1], [], "fr")
    html = document_html(units, None, "en")
    assert "p. 6–7" in html and "p. 7<" in html


def test_upload_levels_follow_the_interface_language():
    from web.ui.layout import _level_choices

    assert _level_choices("en")[:2] == [("0 – unclassified", 0), ("1 – internal use", 1)]
    assert _level_choices("fr")[2] == ("2 – diffusion limitée", 2)

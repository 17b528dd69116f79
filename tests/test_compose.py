"""answer/compose.py on made-up evidence: the framing in the question's language, verbatim quotes
with numbered markers, list items, the pages a quote starts and ends on, comparisons with a
missing organisation, yes/no leads, and the abstention answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from answer.compose import abstain, compose, source_label
from answer.select import Evidence
from clausier.reading.sentences import ITEM, SENTENCE, Segment
from answer.verdict import NO, YES, YES_IF
from clausier.schema import Hit

RETENTION = "Les données de facturation sont conservées\ndix ans par Nordvent-AI."
SHARING = "Nordvent-AI partage vos données avec :\n• son hébergeur ;\n• son prestataire de paiement."
TEXT = f"{RETENTION}\n{SHARING}"


def _hit(text: str = TEXT, **fields) -> Hit:
    base = dict(chunk_id="nordvent:1", doc_id="nordvent-rgpd", title="Nordvent-AI — Politique RGPD",
                organisation="Nordvent-AI", clause="4.2", heading="Article 4 - Conservation › 4.2 Durées",
                page=3, text=text, score=0.9, level=1)
    return Hit(**{**base, **fields})


def _span(hit: Hit, quote: str, kind: str = SENTENCE, block: int = 0, **extra) -> Segment:
    start = hit.text.index(quote)
    return Segment(start, start + len(quote), kind, block, **extra)


def _sentence(hit: Hit, quote: str) -> Evidence:
    return Evidence(hit, (_span(hit, quote),))


def _listing(hit: Hit) -> Evidence:
    return Evidence(hit, (
        _span(hit, "Nordvent-AI partage vos données avec :", block=1, intro=True),
        _span(hit, "son hébergeur ;", ITEM, 2, list_of=0),
        _span(hit, "son prestataire de paiement.", ITEM, 3, list_of=0),
    ))


def test_a_sentence_is_quoted_verbatim_with_its_source_in_french():
    hit = _hit()
    answer = compose([(None, [_sentence(hit, RETENTION)])], language="fr", hits=[hit])
    assert answer.text == (
        "Selon Nordvent-AI — Politique RGPD (4.2 Durées) : "
        "« Les données de facturation sont conservées dix ans par Nordvent-AI. » [1]"
    )
    assert not answer.abstained and answer.language == "fr" and answer.hits == (hit,)
    (citation,) = answer.citations
    # the display collapses the PDF's line break; the citation keeps the exact characters
    assert citation.quote == RETENTION and "\n" in citation.quote
    assert (citation.n, citation.doc_id, citation.clause, citation.chunk_id) == (1, "nordvent-rgpd", "4.2", "nordvent:1")
    assert (citation.page, citation.end_page, citation.level, citation.clause_text) == (3, None, 1, TEXT)


def test_in_english_the_framing_is_english_and_a_note_says_quotes_are_french():
    hit = _hit()
    answer = compose([(None, [_sentence(hit, RETENTION)])], language="en", hits=[hit])
    first, note = answer.text.split("\n")
    assert first.startswith("According to Nordvent-AI — Politique RGPD (4.2 Durées): « Les données")
    assert note == "(Quotes are verbatim from the French documents.)"
    assert answer.language == "en"


def test_an_unknown_language_falls_back_to_french():
    hit = _hit()
    answer = compose([(None, [_sentence(hit, RETENTION)])], language="de", hits=[hit])
    assert answer.text.startswith("Selon ")


def test_a_list_is_framed_once_then_each_item_bulleted_under_one_marker():
    hit = _hit()
    answer = compose([(None, [_listing(hit)])], language="fr", hits=[hit])
    assert answer.text.split("\n") == [
        "Selon Nordvent-AI — Politique RGPD (4.2 Durées) :",
        "« Nordvent-AI partage vos données avec : » [1]",
        "• « son hébergeur ; » [1]",
        "• « son prestataire de paiement. » [1]",
    ]
    assert answer.citations[0].quote == SHARING  # intro to last item, bullets and breaks included


def test_consecutive_citations_of_one_source_share_the_framing():
    hit = _hit()
    other = _hit(SHARING, chunk_id="kestrel:9", doc_id="kestrel-cookies", title="Kestrel Data — Cookies",
                 organisation="Kestrel Data", clause="2", heading="Article 2 - Partage")
    answer = compose([(None, [_sentence(hit, RETENTION), _listing(hit), _sentence(other, "son hébergeur ;")])],
                     language="fr", hits=[hit, other])
    lines = answer.text.split("\n")
    assert [c.n for c in answer.citations] == [1, 2, 3]
    assert sum(line.startswith("Selon Nordvent-AI") for line in lines) == 1
    assert lines[1] == "« Nordvent-AI partage vos données avec : » [2]"  # same source: no new framing
    assert lines[-1] == "Selon Kestrel Data — Cookies (Article 2 - Partage) : « son hébergeur ; » [3]"


def test_a_quote_over_a_page_break_cites_both_pages():
    # page 4 starts with the sharing paragraph
    hit = _hit(page_breaks=((TEXT.index("Nordvent-AI partage"), 4),))
    whole = Evidence(hit, (_span(hit, RETENTION), _span(hit, "son hébergeur ;", ITEM, 2, list_of=1)))
    later = _listing(hit)
    answer = compose([(None, [whole, later])], language="fr", hits=[hit])
    first, second = answer.citations
    assert (first.page, first.end_page) == (3, 4)
    assert (second.page, second.end_page) == (4, None)  # wholly on page 4


@pytest.mark.parametrize(
    "lead, language, first_line",
    [(YES, "fr", "Oui."), (YES_IF, "fr", "Oui, sous conditions :"), (NO, "fr", "Non."),
     (YES, "en", "Yes."), (YES_IF, "en", "Yes, under conditions:"), (NO, "en", "No.")],
)
def test_a_yes_no_lead_comes_first(lead, language, first_line):
    hit = _hit()
    answer = compose([(None, [_sentence(hit, RETENTION)])], language=language, hits=[hit], lead=lead)
    assert answer.text.split("\n")[0] == first_line
    assert "« Les données de facturation" in answer.text.split("\n")[1]


def test_no_lead_or_an_unknown_lead_adds_no_line():
    hit = _hit()
    plain = compose([(None, [_sentence(hit, RETENTION)])], language="fr", hits=[hit])
    assert compose([(None, [_sentence(hit, RETENTION)])], language="fr", hits=[hit], lead="maybe") == plain
    assert plain.text.startswith("Selon ")


def test_a_comparison_says_which_organisation_has_no_answer():
    hit = _hit()
    groups = [("Nordvent-AI", [_sentence(hit, RETENTION)]), ("Kestrel Data", [])]
    french = compose(groups, language="fr", hits=[hit])
    assert french.text.split("\n")[-1] == "Pour Kestrel Data, je ne trouve pas la réponse dans les documents disponibles."
    assert len(french.citations) == 1 and not french.abstained
    english = compose(groups, language="en", hits=[hit])
    assert "For Kestrel Data, I cannot find the answer in the available documents." in english.text.split("\n")


def test_citations_are_numbered_across_groups():
    one, two = _hit(), _hit(SHARING, chunk_id="kestrel:1", doc_id="kestrel", organisation="Kestrel Data")
    answer = compose([("Nordvent-AI", [_sentence(one, RETENTION)]), ("Kestrel Data", [_listing(two)])],
                     language="fr", hits=[one, two])
    assert [(c.n, c.chunk_id) for c in answer.citations] == [(1, "nordvent:1"), (2, "kestrel:1")]
    assert answer.text.rstrip().endswith("[2]")


def test_source_label_falls_back_from_heading_to_clause_and_from_title_to_organisation():
    assert source_label(_hit(heading="")) == "Nordvent-AI — Politique RGPD (4.2)"
    assert source_label(_hit(heading="Article 7 - Cookies")) == "Nordvent-AI — Politique RGPD (Article 7 - Cookies)"
    # a bare number says little: the parent heading comes along
    assert source_label(_hit(heading="Article 7 - Cookies › 7.1")) == "Nordvent-AI — Politique RGPD (Article 7 - Cookies › 7.1)"
    assert source_label(_hit(title="")) == "Nordvent-AI (4.2 Durées)"
    assert source_label(_hit(title="", organisation="")) == "nordvent-rgpd (4.2 Durées)"
    assert source_label(_hit(heading="", clause="")) == "Nordvent-AI — Politique RGPD"


@pytest.mark.parametrize(
    "language, yes_no, text",
    [("fr", False, "Je ne trouve pas la réponse dans les documents disponibles."),
     ("en", False, "I cannot find the answer in the available documents."),
     ("fr", True, "Les documents disponibles ne le disent pas explicitement."),
     ("en", True, "The available documents do not say so explicitly.")],
)
def test_abstention_points_at_the_closest_clauses_without_citing(language, yes_no, text):
    hits = [replace(_hit(), chunk_id=f"nordvent:{i}", score=1 - i / 10) for i in range(5)]
    answer = abstain(language, hits, yes_no=yes_no)
    assert answer.text == text
    assert answer.abstained and answer.citations == ()
    assert [h.chunk_id for h in answer.see_also] == ["nordvent:0", "nordvent:1", "nordvent:2"]
    assert answer.hits == tuple(hits)


def test_abstention_with_no_hits():
    answer = abstain("fr", [])
    assert answer.abstained and answer.see_also == () and answer.hits == ()

"""clausier/reading/query.py on made-up organisations: which organisations a question names (aliases,
case and accent folding, whole words only), the question without them, the lexical expansion,
the language, and the precomputed index answering like the plain function."""

from __future__ import annotations

import pytest

from clausier.reading.query import OrganisationIndex, analyze_query, organisations_named, without_organisations

ORGS = ("Nordvent-AI", "Brisecôte Logistique", "Kestrel Data", "Ovo")


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Combien de temps Nordvent-AI garde-t-il mes données ?", {"Nordvent-AI"}),
        ("Combien de temps nordvent ai garde-t-il mes données ?", {"Nordvent-AI"}),  # spaced, lower case
        ("How long does NORDVENTAI keep my data?", {"Nordvent-AI"}),  # glued, upper case
        ("Que fait Nordvent de mes cookies ?", {"Nordvent-AI"}),  # first word alone (≥ 4 letters)
        ("Que fait BRISECOTE logistique de mes cookies ?", {"Brisecôte Logistique"}),  # accents folded
        ("Brisecôte partage-t-il mes données ?", {"Brisecôte Logistique"}),
        ("Kestrel et Nordvent-AI : quelles différences ?", {"Kestrel Data", "Nordvent-AI"}),
        ("Does Ovo sell my data?", {"Ovo"}),  # a short name, whole
        ("Qui est le DPO ?", set()),
    ],
)
def test_organisations_named(question, expected):
    assert organisations_named(question, ORGS) == expected
    assert OrganisationIndex(ORGS).named(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Les kestrels nichent-ils ici ?",  # « kestrel » inside a longer word
        "Un ovoïde est-il un œuf ?",  # « ovo » inside a longer word
        "Nordventilation des serveurs",  # alias glued to other letters
        "Ov o vend-il mes données ?",  # not a run of whole words of the name
    ],
)
def test_a_name_inside_another_word_is_not_named(question):
    assert organisations_named(question, ORGS) == frozenset()
    assert OrganisationIndex(ORGS).named(question) == frozenset()


def test_a_short_first_word_is_not_an_alias_on_its_own():
    # « Ovo Santé »: « ovo » has fewer than 4 letters, so it does not name the organisation alone
    orgs = ["Ovo Santé"]
    assert organisations_named("Ovo vend-il mes données ?", orgs) == frozenset()
    assert organisations_named("Ovo Santé vend-il mes données ?", orgs) == {"Ovo Santé"}
    assert OrganisationIndex(orgs).named("ovo sante vend-il ?") == {"Ovo Santé"}


def test_no_organisations_and_empty_names_name_nothing():
    assert organisations_named("Nordvent-AI garde-t-il ?", []) == frozenset()
    assert organisations_named("Nordvent-AI garde-t-il ?", ["", "Nordvent-AI"]) == {"Nordvent-AI"}
    empty = OrganisationIndex([])
    assert empty.organisations == () and empty.named("Nordvent-AI garde-t-il ?") == frozenset()
    assert OrganisationIndex(["Ovo", "", "Ovo"]).organisations == ("Ovo",)


def test_without_organisations_blanks_every_spelling_of_the_name():
    assert without_organisations("Combien de temps Nordvent-AI garde-t-il ?", ["Nordvent-AI"]) == (
        "Combien de temps garde-t-il ?"
    )
    assert without_organisations("nordvent ai, nordventai et Nordvent® : tous", ["Nordvent-AI"]) == ", et : tous"
    assert without_organisations("Nordvent-AI™ stocke-t-il ?", ["Nordvent-AI"]) == "stocke-t-il ?"
    # other words that merely contain the name stay
    assert without_organisations("Nordventilation chez Nordvent", ["Nordvent-AI"]) == "Nordventilation chez"


def test_without_organisations_blanks_a_name_written_with_its_accents():
    query = analyze_query("Chez Brisecôte Logistique, qui est le DPO ?", ORGS)
    assert query.organisations == {"Brisecôte Logistique"}
    assert "Brisec" not in query.unscoped and "Logistique" not in query.unscoped


def test_analyze_query_scopes_the_question_and_expands_its_lexical_text():
    query = analyze_query("  How long does   Nordvent-AI\nkeep my data? ", ORGS)
    assert query.text == "How long does Nordvent-AI keep my data?"  # whitespace normalised
    assert query.organisations == {"Nordvent-AI"}
    assert query.unscoped == "How long does keep my data?"
    assert query.language == "en"
    # BM25 sees the question without the name, plus the French terms of the vocabulary's query phrases
    assert query.lexical.startswith(query.unscoped)
    assert "Nordvent" not in query.lexical
    assert "conservation" in query.lexical and "durée" in query.lexical


def test_analyze_query_in_french_without_organisation():
    query = analyze_query("Qui est le délégué à la protection des données ?", ORGS)
    assert query.language == "fr"
    assert query.organisations == frozenset()
    assert query.unscoped == query.text == "Qui est le délégué à la protection des données ?"
    assert query.lexical.startswith(query.text) and "dpo" in query.lexical.split()


def test_analyze_query_leaves_a_question_without_vocabulary_phrases_as_is():
    query = analyze_query("Quelle est la couleur du logo ?", ORGS)
    assert query.lexical == query.text


def test_analyze_query_of_an_empty_question():
    query = analyze_query("   ", ORGS)
    assert (query.text, query.lexical, query.unscoped, query.organisations) == ("", "", "", frozenset())
    assert query.language == "fr"  # French when unsure


@pytest.mark.parametrize(
    "question",
    [
        "Combien de temps Nordvent-AI garde-t-il mes données ?",
        "Compare Kestrel Data and brisecote logistique on cookies",
        "Ovo, nordvent ai et KESTREL : qui vend ?",
        "Rien à voir",
        "",
    ],
)
def test_the_organisation_index_answers_like_the_plain_function(question):
    assert analyze_query(question, OrganisationIndex(ORGS)) == analyze_query(question, ORGS)


def _every_pattern_scanned(question: str, organisations) -> str:
    """``without_organisations`` as it was: every alias pattern of every organisation scanned."""
    import re

    from clausier.reading.query import _alias_patterns, _folded_with_origin

    folded, origin = _folded_with_origin(question)
    blank = [False] * len(question)
    for org in organisations:
        for _, pattern in _alias_patterns(org):
            for match in pattern.finditer(folded):
                for index in range(origin[match.start()], origin[match.end() - 1] + 1):
                    blank[index] = True
    return re.sub(r"\s+", " ", "".join(" " if b else ch for ch, b in zip(question, blank))).strip()


def test_without_organisations_scans_only_the_patterns_whose_first_word_is_written_with_the_same_result():
    # hundreds of copies sharing a first word (the synthetic 100 k index), names in other
    # spellings, and the characters a case-insensitive pattern matches besides ASCII capitals
    orgs = [f"Nordvent-AI {name}" for name in ("Bremen", "Lille", "Ostende", "Kassel", "Sion")] * 60
    orgs += ["Kestrel Data", "Sion", "Ovo", "Brisecôte Logistique", "Isis"]
    questions = ["Que fait Nordvent-AI Kassel de mes données ?", "nordvent ai lille et NORDVENTAI ostende ?",
                 "Chez Brisecôte Logistique, qui est le DPO ?", "\u212aestrel Data garde-t-il ?",  # Kelvin sign
                 "\u017fion et Sion, ı\u017fı\u017f, ovo®", "Ovo™ l’Union et Ïsis ?", "Rien de tout cela."]
    for question in questions:
        assert without_organisations(question, orgs) == _every_pattern_scanned(question, orgs), question
    assert without_organisations("\u212aestrel Data garde-t-il ?", ["Kestrel Data"]) == "garde-t-il ?"

"""clausier/reading/vocabulary.py: the analyzed terms (case and accents folded, domain compounds kept
whole), the match groups (a French word and its English equivalent count as one term, nothing
more), question and common words, and the query phrases that widen BM25's query."""

from __future__ import annotations

import re

import pytest

from clausier.reading.vocabulary import QUERY_PHRASES, common_terms, equivalents, question_words, terms, widen_query
from clausier.textnorm import fold


def _term(word: str) -> str:
    (term,) = terms(word)
    return term


def _same_term(a: str, b: str) -> bool:
    return _term(b) in equivalents(_term(a))


def test_terms_fold_case_and_accents():
    assert terms("Données PERSONNELLES conservées") == terms("donnees personnelles conservees")
    assert terms("Témoin") == terms("temoin")
    assert terms("") == []


@pytest.mark.parametrize(
    "spellings",
    [
        ("sous-traitant", "Sous traitants", "sous–traitant", "soustraitant"),
        ("e-mail", "E - mail", "email"),
        ("mot de passe", "mots de passe"),
        ("back-up", "backup"),
        ("sub-processor", "subprocessor"),
    ],
)
def test_compounds_are_one_term_whatever_the_spelling(spellings):
    found = {tuple(terms(s)) for s in spellings}
    assert len(found) == 1 and len(found.pop()) == 1


def test_a_subcontractor_is_not_a_processing():
    # cut in two, « sous-traitant » would share the stem of « traitement »
    assert _term("traitement") not in terms("Nordvent-AI fait appel à un sous-traitant.")
    assert not _same_term("sous-traitant", "traitement")


@pytest.mark.parametrize(
    "french, english",
    [("conserver", "keep"), ("garder", "retained"), ("supprimer", "erase"), ("témoin", "cookies"),
     ("sous-traitant", "subprocessor"), ("courriel", "e-mail"), ("salaire", "salary"),
     ("consentement", "consent"), ("hébergeur", "hosting"), ("mot de passe", "password")],
)
def test_french_and_english_words_of_a_group_match_both_ways(french, english):
    assert _same_term(french, english)
    assert _same_term(english, french)


@pytest.mark.parametrize(
    "word, unrelated",
    [("conserver", "supprimer"), ("cookies", "salary"), ("keep", "sell"), ("fin", "paiement")],
)
def test_words_of_different_groups_do_not_match(word, unrelated):
    assert not _same_term(word, unrelated)


def test_a_word_outside_the_vocabulary_expands_to_itself():
    assert equivalents(_term("Nordvent")) == {_term("Nordvent")}
    assert equivalents("") == {""}


def test_question_words_hold_framing_words_not_content():
    framing = question_words()
    for word in ("combien", "pourquoi", "lequel", "explain", "policy", "selon"):
        assert set(terms(word)) <= framing, word
    for word in ("cookies", "conserver", "sous-traitant", "salary", "Nordvent"):
        assert not set(terms(word)) & framing, word


def test_common_terms_are_the_words_every_policy_uses():
    common = common_terms()
    assert {_term("données"), _term("personnelles"), _term("traitement"), _term("data")} <= common
    assert not {_term("cookies"), _term("conserver"), _term("sous-traitant")} & common


def test_a_word_of_several_groups_matches_the_words_of_each():
    # « agreement »: a consent and a contract; « appel »: a phone call and a recourse
    assert _same_term("agreement", "consent") and _same_term("agreement", "contract")
    assert _same_term("appel", "phone") and _same_term("appel", "recourir")


def test_query_phrases_are_written_folded_since_they_are_matched_against_the_folded_question():
    assert all(phrase == fold(phrase) for phrase in QUERY_PHRASES)


def test_an_english_phrase_adds_the_french_terms_the_documents_use():
    widened = widen_query("How quickly must a data breach be reported?")
    assert widened.startswith("How quickly must a data breach be reported?")
    assert "violation de données" in widened and "fuite" in widened


def test_query_phrases_match_whole_words_only():
    # « keep » inside « keeper » and « host » inside « ghost » are not the phrases
    assert widen_query("Who is the goalkeeper of the ghost team?") == "Who is the goalkeeper of the ghost team?"


def test_fold_equals_the_character_by_character_definition():
    """The ASCII shortcut changes nothing: every code point alone, and mixed texts."""
    import sys
    import unicodedata

    from clausier.textnorm import _APOSTROPHES, fold

    def reference(text: str) -> str:
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        return text.replace("œ", "oe").replace("æ", "ae")

    singles = [chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF]
    assert [fold(ch) for ch in singles] == [reference(ch) for ch in singles]
    for text in ("Données À CARACTÈRE personnel", "l’œuvre d`Ærø", "ﬁn ǅ ẞ İstanbul ſ", "plain ascii 72h", "", "e\u0301\u0327 Å"):
        assert fold(text) == reference(text), text

"""clausier/reading/lexicon.py: the analyzed terms (case and accents folded, domain compounds kept whole),
the bilingual groups (a French word and its English equivalent count as one term, nothing
more), question and common words, and the cue lists matched against folded text."""

from __future__ import annotations

import re

import pytest

from clausier.reading import lexicon
from clausier.reading.lexicon import common_terms, expand, question_words, terms
from clausier.textnorm import fold


def _term(word: str) -> str:
    (term,) = terms(word)
    return term


def _same_term(a: str, b: str) -> bool:
    return _term(b) in expand(_term(a))


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
    assert expand(_term("Nordvent")) == {_term("Nordvent")}
    assert expand("") == {""}


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


@pytest.mark.parametrize(
    "name",
    ["DURATION_CUES", "AMOUNT_CUES", "DATE_CUES", "FREQUENCY_CUES", "LOCATION_CUES"],
)
def test_cues_are_written_folded_since_they_are_matched_against_folded_text(name):
    cues = getattr(lexicon, name)
    assert cues and all(cue == fold(cue) for cue in cues), name


@pytest.mark.parametrize(
    "question, name",
    [("Pendant combien de temps gardez-vous mes données ?", "DURATION_CUES"),
     ("How long is my e-mail address kept?", "DURATION_CUES"),
     ("Quel montant Nordvent-AI facture-t-il ?", "AMOUNT_CUES"),
     ("Depuis quand la politique s'applique-t-elle ?", "DATE_CUES"),
     ("À quel rythme les sauvegardes sont-elles faites ?", "FREQUENCY_CUES"),
     ("Où sont hébergées mes données ?", "LOCATION_CUES"),
     ("Which country hosts the servers?", "LOCATION_CUES")],
)
def test_a_question_of_each_kind_meets_its_cue(question, name):
    folded = fold(question)
    assert any(cue in folded for cue in getattr(lexicon, name))


def test_months_match_french_and_english_dates_but_not_the_modal_may():
    months = re.compile(rf"\b(?:{lexicon.MONTHS})\b")
    assert months.search(fold("le 3 Février 2024"))
    assert months.search(fold("on 3 August 2024"))
    assert months.search(fold("le 1er août 2024"))
    assert not months.search(fold("You may delete your account."))


def test_a_word_of_several_groups_matches_the_words_of_each():
    # « agreement »: a consent and a contract; « appel »: a phone call and a recourse
    assert _same_term("agreement", "consent") and _same_term("agreement", "contract")
    assert _same_term("appel", "phone") and _same_term("appel", "recourir")

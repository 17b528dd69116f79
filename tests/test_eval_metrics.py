"""The evaluation's metrics on hand-made rankings: evidence coverage of a quote, rank metrics and
nDCG over hits, keyword matching (numbers in words, glued units, case and accents)."""

from __future__ import annotations

import math

import pytest

from clausier.schema import Hit
from eval.dataset import EvalItem, Evidence
from eval.metrics import (
    all_at,
    coverage,
    covers,
    hit_at,
    keyword_found,
    keywords_matched,
    normalize_keyword_text,
    percentile,
    recall_at,
    reciprocal_rank,
)
from eval.scoring import evidence_ndcg, evidence_ranks

QUOTE = "Notre société s'engage à vous fournir ces données sous format électronique (email ou CSV)."


def _hit(text: str, doc: str = "d", clause: str = "1") -> Hit:
    return Hit(chunk_id=f"{doc}:{clause}:{hash(text)}", doc_id=doc, title="T", organisation="O", clause=clause,
               heading="H", page=None, text=text, score=0.0, level=0)


def _item(*quotes: tuple[str, str], answerable: bool = True) -> EvalItem:
    return EvalItem(id="x", question="q", type="factual" if answerable else "unanswerable", answer="a",
                    evidence=tuple(Evidence(doc, q, c) for doc, q, c in [(d, q, f"c{i}") for i, (d, q) in enumerate(quotes)]),
                    answer_keywords=("k",) if answerable else (), lang="fr")


# --- coverage ----------------------------------------------------------------------------------

def test_coverage_ignores_whitespace_case_and_apostrophes():
    text = "Portabilité\nNotre  société s’engage à vous fournir ces données\nsous format électronique (email ou CSV). Fin."
    assert coverage(text, QUOTE) == 1.0


def test_coverage_of_a_quote_cut_by_a_chunk_boundary_counts_the_part_held():
    words = QUOTE.split()
    first_two_thirds = " ".join(words[: 2 * len(words) // 3])
    first_third = " ".join(words[: len(words) // 3])
    assert covers("… " + first_two_thirds, QUOTE)
    assert not covers(first_third + " …", QUOTE)
    assert not covers("Les données sont conservées pour une durée de trois ans.", QUOTE)


def test_coverage_tolerates_one_garbled_word():
    quote = "ne les enverra pas dans un pays situé en dehors de l'EEE sans avoir reçu d'instructions écrites"
    assert coverage(quote.replace("EEE", "999"), quote) > 0.9


# --- ranking metrics ----------------------------------------------------------------------------

def test_rank_metrics_on_a_known_ranking():
    assert reciprocal_rank([3]) == pytest.approx(1 / 3, abs=1e-3)
    assert reciprocal_rank([None]) == 0.0
    assert reciprocal_rank([4, 2]) == pytest.approx(0.5)
    assert reciprocal_rank([11], k=10) == 0.0
    assert recall_at([1, 7], 5) == 0.5 and recall_at([1, 7], 10) == 1.0
    assert hit_at([None, 4], 5) == 1.0 and hit_at([6], 5) == 0.0
    assert all_at([1, 4], 5) == 1.0 and all_at([1, 6], 5) == 0.0


def test_evidence_ranks_and_ndcg_over_hits():
    other = "Les cookies de session sont supprimés à la fermeture du navigateur."
    item = _item(("d", QUOTE))
    hits = [_hit(other), _hit(other + " bis"), _hit("Portabilité. " + QUOTE)]
    assert evidence_ranks(hits, item) == [3]
    assert evidence_ndcg(hits, item) == pytest.approx(1 / math.log2(4))
    # the right text in the wrong document does not count
    assert evidence_ranks([_hit(QUOTE, doc="other")], item) == [None]


def test_ndcg_with_two_clauses_is_one_when_both_lead():
    q2 = "Les données personnelles des personnes physiques sont stockées dans des tables mysql."
    item = EvalItem(id="x", question="q", type="list", answer="a", lang="fr", answer_keywords=("k",),
                    evidence=(Evidence("d", QUOTE, "A"), Evidence("d", q2, "B")))
    assert evidence_ndcg([_hit(QUOTE), _hit(q2)], item) == pytest.approx(1.0)
    assert evidence_ndcg([_hit("rien"), _hit(QUOTE), _hit(q2)], item) < 1.0


def test_percentile():
    assert percentile([10, 20, 30, 40], 50) == 25
    assert percentile([5], 95) == 5 and percentile([], 50) == 0.0


# --- keywords -------------------------------------------------------------------------------------

def test_keywords_numbers_in_words_are_digits():
    assert normalize_keyword_text("Treize  mois") == "13 mois"
    assert keyword_found("détruites après treize mois", "13 mois")
    assert keyword_found("au plus tard trente (30) jours", "30 jours")
    assert keyword_found("dix-huit ans", "18 ans")
    assert not keyword_found("130 mois", "13 mois")
    assert not keyword_found("trois ans", "13 ans")


def test_a_number_keyword_matches_a_glued_unit_but_not_a_longer_number():
    assert keyword_found("dans un délai de 72h.", "72")
    assert keyword_found("soixante-douze heures", "72")
    assert not keyword_found("720 heures", "72")
    assert not keyword_found("172 heures", "72")


def test_keywords_ignore_case_and_accents():
    assert keyword_found("LES DONNÉES CHIFFRÉES SONT", "données chiffrées")
    assert keywords_matched("format électronique (CSV)", ["csv", "Electronique", "PDF"]) == ["csv", "Electronique"]

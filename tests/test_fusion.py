"""retriever/fusion.py on hand-made rankings: reciprocal-rank fusion and normalised-score fusion
(order, scaling to 0–1, weights, ties, empty lists)."""

from __future__ import annotations

import pytest

from retriever.fusion import reciprocal_rank_fusion, score_fusion


def _ids(fused: list[tuple[str, float]]) -> list[str]:
    return [item for item, _ in fused]


# --- reciprocal-rank fusion ----------------------------------------------------------------------

def test_rrf_first_in_every_list_scores_one_and_leads():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["a", "c", "b"]], [1.0, 1.0])
    assert fused[0] == ("a", pytest.approx(1.0))
    assert all(0.0 < score < 1.0 for _, score in fused[1:])


def test_rrf_uses_the_k_constant_of_the_formula():
    # b is second in one list of two: (1 / (k + 2)) / (2 / (k + 1))
    fused = dict(reciprocal_rank_fusion([["a", "b"], ["a"]], [1.0, 1.0], k=10))
    assert fused["b"] == pytest.approx((1 / 12) / (2 / 11))
    assert fused["a"] == pytest.approx(1.0)


def test_rrf_an_item_in_both_lists_beats_one_item_first_in_only_one():
    fused = reciprocal_rank_fusion([["solo", "both"], ["other", "both"]], [1.0, 1.0])
    assert _ids(fused)[0] == "both"
    assert set(_ids(fused)) == {"solo", "both", "other"}


def test_rrf_weights_decide_which_list_leads():
    rankings = [["dense-first", "lexical-first"], ["lexical-first", "dense-first"]]
    assert _ids(reciprocal_rank_fusion(rankings, [2.0, 1.0]))[0] == "dense-first"
    assert _ids(reciprocal_rank_fusion(rankings, [1.0, 2.0]))[0] == "lexical-first"


def test_rrf_a_zero_weight_list_adds_nothing():
    fused = dict(reciprocal_rank_fusion([["a", "b"], ["b", "z"]], [1.0, 0.0]))
    assert fused["a"] > fused["b"]
    assert fused["z"] == 0.0


def test_rrf_ties_are_broken_by_id_so_the_order_is_stable():
    # x and y each first in one list of equal weight: equal scores, alphabetical order
    fused = reciprocal_rank_fusion([["y"], ["x"]], [1.0, 1.0])
    assert fused[0][1] == pytest.approx(fused[1][1])
    assert _ids(fused) == ["x", "y"]
    assert _ids(reciprocal_rank_fusion([["x"], ["y"]], [1.0, 1.0])) == ["x", "y"]


def test_rrf_of_nothing_is_empty():
    assert reciprocal_rank_fusion([], []) == []
    assert reciprocal_rank_fusion([[], []], [1.0, 1.0]) == []
    assert reciprocal_rank_fusion([["a"]], [0.0]) == [("a", 0.0)]  # no division by zero


# --- normalised-score fusion ---------------------------------------------------------------------

def test_score_fusion_keeps_a_lead_that_rank_fusion_loses():
    # « far » leads the dense list by a wide margin and is ninth of ten in a lexical list whose
    # scores are close together; « mid » is second in both lists
    dense = [("far", 1.0), ("mid", 0.1), ("floor", 0.0)]
    fillers = [(f"filler{i}", 9.4 - 0.1 * i) for i in range(6)]
    lexical = [("top", 10.0), ("mid", 9.5), *fillers, ("far", 8.7), ("floor", 0.0)]
    assert _ids(score_fusion([dense, lexical], [1.0, 1.0]))[0] == "far"
    ranks = [[item for item, _ in dense], [item for item, _ in lexical]]
    assert _ids(reciprocal_rank_fusion(ranks, [1.0, 1.0]))[0] == "mid"


def test_score_fusion_scales_each_list_min_max_and_the_sum_to_one():
    fused = dict(score_fusion([[("a", 10.0), ("b", 5.0), ("c", 0.0)], [("a", 0.3), ("c", 0.1)]], [1.0, 1.0]))
    assert fused["a"] == pytest.approx(1.0)  # top of both lists
    assert fused["b"] == pytest.approx(0.25)  # half of the first list, absent from the second
    assert fused["c"] == pytest.approx(0.0)  # bottom of both


def test_score_fusion_is_blind_to_the_scale_of_each_list():
    small = [("p", 0.002), ("q", 0.001)]
    large = [("p", 2000.0), ("q", 1000.0)]
    assert score_fusion([small], [1.0]) == score_fusion([large], [1.0])


def test_score_fusion_equal_scores_in_a_list_all_count_as_best():
    fused = dict(score_fusion([[("a", 3.0), ("b", 3.0)], [("a", 1.0), ("c", 0.0)]], [1.0, 1.0]))
    assert fused["a"] == pytest.approx(1.0)
    assert fused["b"] == pytest.approx(0.5)
    assert fused["c"] == pytest.approx(0.0)


def test_score_fusion_empty_or_unweighted_lists_do_not_dilute_the_others():
    only = [("a", 2.0), ("b", 1.0)]
    expected = score_fusion([only], [1.0])
    assert expected == [("a", pytest.approx(1.0)), ("b", pytest.approx(0.0))]
    assert score_fusion([only, []], [1.0, 1.0]) == expected
    assert score_fusion([only, [("z", 5.0)]], [1.0, 0.0]) == expected  # z never appears


def test_score_fusion_ties_are_broken_by_id():
    fused = score_fusion([[("m", 1.0), ("n", 0.0)], [("n", 1.0), ("m", 0.0)]], [1.0, 1.0])
    assert _ids(fused) == ["m", "n"]
    assert fused[0][1] == pytest.approx(fused[1][1])


def test_score_fusion_of_nothing_is_empty():
    assert score_fusion([], []) == []
    assert score_fusion([[], []], [1.0, 1.0]) == []

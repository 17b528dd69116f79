"""Fusion of several ranked lists: reciprocal ranks, or a weighted sum of normalised scores."""

from __future__ import annotations

from typing import Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], weights: Sequence[float], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Fused (id, score) best first; scores scaled to 0–1 (1 = first in every list)."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank + 1)
    best_possible = sum(w / (k + 1) for w in weights) or 1.0
    fused = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(item, score / best_possible) for item, score in fused]


def score_fusion(
    scored: Sequence[Sequence[tuple[str, float]]], weights: Sequence[float]
) -> list[tuple[str, float]]:
    """Weighted sum of each list's scores min-max scaled to 0–1 (absent from a list = 0).

    Unlike rank fusion, a chunk far ahead in one list keeps its lead: rank fusion lets a
    chunk that is merely middling in both lists overtake it.
    """
    total: dict[str, float] = {}
    for pairs, weight in zip(scored, weights):
        if not pairs or weight <= 0:
            continue
        values = [s for _, s in pairs]
        lo, hi = min(values), max(values)
        span = hi - lo
        for item, value in pairs:
            norm = (value - lo) / span if span > 0 else 1.0
            total[item] = total.get(item, 0.0) + weight * norm
    best_possible = sum(w for pairs, w in zip(scored, weights) if pairs and w > 0) or 1.0
    fused = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(item, score / best_possible) for item, score in fused]

"""Reciprocal rank fusion of several ranked lists, with per-list weights."""

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

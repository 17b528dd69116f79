"""The caching embedder returns exactly what the model returns, computing each text once."""

from __future__ import annotations

import numpy as np

from clausier.embedding.cache import CachingEmbedder


class CountingEmbedder:
    """Wraps the real model and counts the texts it is asked to embed."""

    def __init__(self, real):
        self.real, self.dim, self.seen = real, real.dim, []

    def embed_queries(self, texts):
        self.seen += list(texts)
        return self.real.embed_queries(texts)

    def embed_passages(self, texts, *, batch_size=32, show_progress=False):
        self.seen += list(texts)
        return self.real.embed_passages(texts, batch_size=batch_size)


def test_cache_is_exact_and_computes_each_text_once(embedder):
    counting = CountingEmbedder(embedder)
    cached = CachingEmbedder(counting, passages=10)
    texts = ["Les données sont conservées cinq ans.", "Le cookie _ga dure deux ans.", "Les données sont conservées cinq ans."]
    first = cached.embed_passages(texts)
    again = cached.embed_passages(texts[::-1])
    assert np.allclose(first, embedder.embed_passages(texts), atol=1e-5)
    assert np.allclose(again, first[::-1], atol=1e-6)
    assert counting.seen == texts[:2]  # duplicates and repeats never recomputed
    q = cached.embed_queries(["durée du cookie"])
    assert not np.allclose(q, cached.embed_passages(["durée du cookie"]))  # query ≠ passage prompt


def test_cache_forgets_least_recent_beyond_capacity(embedder):
    counting = CountingEmbedder(embedder)
    cached = CachingEmbedder(counting, passages=2)
    for text in ["un", "deux", "trois", "un"]:
        cached.embed_passages([text])
    assert counting.seen == ["un", "deux", "trois", "un"]
    assert cached.embed_passages([]).shape == (0, embedder.dim)

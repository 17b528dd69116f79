"""Query embeddings of concurrent callers share forwards and stay the vectors a lone call gets."""

from __future__ import annotations

import threading

import numpy as np

from clausier.embedding.batching import BatchingEmbedder

QUESTIONS = [f"Question {i} : combien de temps les données de type {i} sont-elles conservées ?" for i in range(16)]


class _Counting:
    def __init__(self, embedder):
        self._embedder = embedder
        self.dim = embedder.dim
        self.batches: list[int] = []

    def embed_queries(self, texts):
        self.batches.append(len(texts))
        return self._embedder.embed_queries(texts)

    def embed_passages(self, texts, *, batch_size=32, show_progress=False):
        return self._embedder.embed_passages(texts, batch_size=batch_size)


def test_concurrent_queries_are_embedded_together(embedder):
    counting = _Counting(embedder)
    batching = BatchingEmbedder(counting, window=0.05)
    alone = batching.embed_queries([QUESTIONS[0]])[0]
    assert counting.batches == [1]  # a lone caller: served at once, alone
    results: dict[int, np.ndarray] = {}
    start = threading.Barrier(len(QUESTIONS))

    def ask(i: int) -> None:
        start.wait()
        results[i] = batching.embed_queries([QUESTIONS[i]])[0]

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(QUESTIONS))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counting.batches[1:]) == len(QUESTIONS)
    assert len(counting.batches) - 1 < len(QUESTIONS) / 2  # forwards shared
    expected = embedder.embed_queries(QUESTIONS)
    for i, vector in results.items():
        assert float(vector @ expected[i]) > 0.9999
    assert float(alone @ expected[0]) > 0.9999
    assert batching.embed_queries([]).shape == (0, embedder.dim)

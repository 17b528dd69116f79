"""An embedder with a memory of what it already embedded.

Clause sentences come back question after question, and the retriever and the answerer embed
the same question: a text-keyed cache makes each text cost one forward pass per process.
Only document text and questions are kept, in memory, never written anywhere.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future
from typing import Sequence

import numpy as np


class _LRU:
    def __init__(self, capacity: int):
        self.capacity = capacity
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()

    def get(self, key: str) -> np.ndarray | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: str, value: np.ndarray) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)


class CachingEmbedder:
    """Wraps an ``Embedder`` (same interface) with per-text LRU caches."""

    def __init__(self, embedder, *, passages: int = 50_000, queries: int = 2_048):
        self._embedder = embedder
        self.dim = embedder.dim
        self._passages = _LRU(passages)
        self._queries = _LRU(queries)
        self._lock = threading.Lock()
        # texts being computed by some thread: concurrent callers wait for that result rather
        # than computing it again (32 cold requests asking the same thing used to do it 32 times)
        self._pending: dict[int, dict[str, Future]] = {id(self._passages): {}, id(self._queries): {}}

    def seed_passages(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Put passage embeddings computed elsewhere (precomputed, stored) into the cache."""
        with self._lock:
            for text, vector in zip(texts, vectors):
                self._passages.put(text, np.asarray(vector, dtype=np.float32))

    def has_passage(self, text: str) -> bool:
        with self._lock:
            return self._passages.get(text) is not None

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached(texts, self._queries, self._embedder.embed_queries)

    def embed_passages(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        return self._cached(
            texts, self._passages,
            lambda missing: self._embedder.embed_passages(missing, batch_size=batch_size, show_progress=show_progress),
        )

    def _cached(self, texts: Sequence[str], cache: _LRU, compute) -> np.ndarray:
        texts = list(texts)
        pending = self._pending[id(cache)]
        missing: list[str] = []
        waiting: dict[str, Future] = {}
        with self._lock:
            found = {t: v for t in set(texts) if (v := cache.get(t)) is not None}
            for text in dict.fromkeys(texts):
                if text in found:
                    continue
                if text in pending:
                    waiting[text] = pending[text]
                else:
                    pending[text] = Future()
                    missing.append(text)
        if missing:
            try:
                vectors = np.asarray(compute(missing), dtype=np.float32)
            except BaseException as exc:
                with self._lock:
                    for text in missing:
                        pending.pop(text).set_exception(exc)
                raise
            with self._lock:
                for text, vector in zip(missing, vectors):
                    cache.put(text, vector)
                    found[text] = vector
                    pending.pop(text).set_result(vector)
        for text, future in waiting.items():
            found[text] = future.result()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[t] for t in texts])

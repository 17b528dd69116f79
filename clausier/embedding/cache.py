"""An embedder with a memory of what it already embedded.

Clause sentences come back question after question, and the retriever and the answerer embed
the same question: a text-keyed cache makes each text cost one forward pass per process.
Only document text and questions are kept, in memory, never written anywhere.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
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

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached(texts, self._queries, self._embedder.embed_queries)

    def embed_passages(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        return self._cached(
            texts, self._passages,
            lambda missing: self._embedder.embed_passages(missing, batch_size=batch_size, show_progress=show_progress),
        )

    def _cached(self, texts: Sequence[str], cache: _LRU, compute) -> np.ndarray:
        texts = list(texts)
        with self._lock:
            found = {t: v for t in set(texts) if (v := cache.get(t)) is not None}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vectors = np.asarray(compute(missing), dtype=np.float32)
            with self._lock:
                for text, vector in zip(missing, vectors):
                    cache.put(text, vector)
                    found[text] = vector
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[t] for t in texts])

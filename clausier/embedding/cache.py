"""An embedder with a memory of what it already embedded.

Clause sentences come back question after question, and the retriever and the answerer embed
the same question: a text-keyed cache makes each text cost one forward pass per process.
Only document text and questions are kept, in memory, never written anywhere. Passage vectors
stored with the index (``clausier/index/passages.py``) may be looked up on a miss, before the
model is asked: one read by ids instead of a forward, at any index size.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from concurrent.futures import Future
from typing import Protocol, Sequence

import numpy as np

log = logging.getLogger(__name__)


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


class PassageLookup(Protocol):
    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those ``texts`` that have one."""


class CachingEmbedder:
    """Wraps an ``Embedder`` (same interface) with per-text LRU caches."""

    def __init__(self, embedder, *, passages: int = 50_000, queries: int = 2_048):
        self._embedder = embedder
        self.dim = embedder.dim
        self._stored: PassageLookup | None = None
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

    def use_stored_passages(self, stored: PassageLookup | None) -> None:
        """Look passage misses up in ``stored`` before embedding them (None: never)."""
        self._stored = stored

    def has_passage(self, text: str) -> bool:
        with self._lock:
            return self._passages.get(text) is not None

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached(texts, self._queries, self._embedder.embed_queries)

    def embed_passages(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        def compute(missing: list[str]) -> np.ndarray:
            stored: dict[str, np.ndarray] = {}
            if self._stored is not None:
                try:
                    stored = self._stored.get(missing)
                except Exception as exc:  # noqa: BLE001  (a failed look-up costs a forward, not the answer)
                    log.warning("passage_lookup_failed texts=%d error=%s", len(missing), exc)
            rest = [t for t in missing if t not in stored]
            if rest:
                stored.update(zip(rest, self._embedder.embed_passages(rest, batch_size=batch_size,
                                                                      show_progress=show_progress)))
            return np.stack([np.asarray(stored[t], dtype=np.float32) for t in missing])

        return self._cached(texts, self._passages, compute)

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

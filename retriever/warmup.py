"""A cold server answers like a warm one: the answer stage's passage embeddings, ready first.

Ingest stores the passages the extractive answerer would embed for each clause of a document
(alone, and widened to its next part as ``answer_context`` does; listed in ``clausier/index/passages.py``). At
start-up a small store is loaded whole into the embedding cache; a larger one stays where it is
and a cache miss looks its passages up by id (``CachingEmbedder.use_stored_passages``). A
background thread then lists the passages of an index of up to ``MAX_CHUNKS`` chunks and
computes those not yet stored (an index written before ingest stored them), in small batches,
for every later start and every other instance. Questions are served meanwhile: the model lock
is released between batches.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable, Iterable, Sequence

from clausier.index.passages import answer_passages
from clausier.schema import Hit

log = logging.getLogger(__name__)

BATCH = 16  # passages per forward: short enough for a question to slip in between
# above this many chunks the warm-up would hold the 2 cores for hours (a few passages a chunk,
# ~60 passages/s): such an index needs the vectors computed where it is ingested instead
MAX_CHUNKS = 5_000
# stored passages loaded into the cache at start-up only up to this many (~30 MB of vectors);
# above it, misses are looked up by id
MAX_LOADED = 20_000


class PassageWarmer:
    def __init__(self, retriever, embedder, stored, passages_of: Callable[[Sequence[Hit]], Iterable[str]]):
        self._retriever, self._embedder, self._stored, self._passages_of = retriever, embedder, stored, passages_of
        self._done: set[str] = set()
        self._lock = threading.Lock()

    def load(self) -> int:
        """Seed the cache with every stored passage vector (one paged read: milliseconds for a
        few thousand), before the server takes requests; none above ``MAX_LOADED`` (looked up
        on a miss instead)."""
        count = self._stored.count()
        if count > MAX_LOADED:
            log.info("passages_load_skipped stored=%d max=%d", count, MAX_LOADED)
            return 0
        texts, vectors = self._stored.all()
        self._embedder.seed_passages(texts, vectors)
        return len(texts)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="passage-warmer", daemon=True)
        thread.start()
        return thread

    def run(self) -> int:
        """Warm every passage not yet warmed; returns how many were computed (not loaded)."""
        with self._lock:
            view = self._retriever.view()
            if len(view.chunks) > MAX_CHUNKS:
                log.info("passages_warm_skipped chunks=%d max=%d", len(view.chunks), MAX_CHUNKS)
                return 0
            texts = [t for t in answer_passages(view.chunks, view.parts, self._passages_of) if t not in self._done]
            stored = self._stored.get(texts) if texts else {}
            if stored:
                self._embedder.seed_passages(list(stored), list(stored.values()))
            missing = [t for t in texts if t not in stored and not self._embedder.has_passage(t)]
            for start in range(0, len(missing), BATCH):
                batch = missing[start : start + BATCH]
                self._stored.put(batch, self._embedder.embed_passages(batch))
            self._done.update(texts)
            log.info("passages_warmed loaded=%d computed=%d", len(stored), len(missing))
            return len(missing)

"""Query embeddings of concurrent requests computed together, one model forward at a time.

Under load, 32 request threads each running a BERT forward on 2 cores thrash; one forward of a
batch of 8 costs about a third of eight single ones. Callers queue their texts; one worker
thread embeds whatever is queued as one batch. A lone caller is served at once (no added
wait); while requests keep overlapping, the worker waits up to ``window`` seconds for the
batch to fill. Passage embeddings share the same model lock, so forwards never overlap.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future
from typing import Sequence

import numpy as np

WINDOW = 0.004  # seconds the worker waits for more queries once requests overlap
MAX_BATCH = 32  # queries per forward


class BatchingEmbedder:
    """Wraps an ``Embedder`` (same interface); safe to call from many threads."""

    def __init__(self, embedder, *, window: float = WINDOW, max_batch: int = MAX_BATCH):
        self._embedder = embedder
        self.dim = embedder.dim
        self._window = window
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[list[str], Future]] = queue.SimpleQueue()
        self._model_lock = threading.Lock()
        self._overlapping = False
        self._worker = threading.Thread(target=self._run, name="query-embedder", daemon=True)
        self._worker.start()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        future: Future = Future()
        self._queue.put((texts, future))
        return future.result()

    def embed_passages(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        with self._model_lock:
            return self._embedder.embed_passages(texts, batch_size=batch_size, show_progress=show_progress)

    def _run(self) -> None:
        while True:
            jobs = [self._queue.get()]
            size = len(jobs[0][0])
            deadline = time.monotonic() + (self._window if self._overlapping else 0.0)
            while size < self._max_batch:
                try:
                    timeout = deadline - time.monotonic()
                    job = self._queue.get(timeout=timeout) if timeout > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                jobs.append(job)
                size += len(job[0])
            self._overlapping = len(jobs) > 1 or not self._queue.empty()
            texts = [t for job_texts, _ in jobs for t in job_texts]
            try:
                with self._model_lock:
                    vectors = self._embedder.embed_queries(texts)
            except BaseException as exc:  # noqa: BLE001  (handed to every waiting caller)
                for _, future in jobs:
                    future.set_exception(exc)
                continue
            offset = 0
            for job_texts, future in jobs:
                future.set_result(vectors[offset : offset + len(job_texts)])
                offset += len(job_texts)

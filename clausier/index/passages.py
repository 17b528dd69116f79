"""Embeddings of the passages the answer stage scores, stored with the index.

The answerer embeds the sentences of the clauses it reads; on a fresh process every one is a
model forward, so the first questions of a cold server wait on them. Computed once, they are
kept in ``<collection>-passages`` (id: hash of the text), so every later start and every other
instance only loads them. Ingest stores the passages of every document it writes, so a
cache miss at any index size is one read by ids (``get``), not a model forward; only a small
store is loaded whole into memory at start-up.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
from chromadb.errors import ChromaError

from clausier.schema import Chunk, Hit

from .context import clause_parts, widen
from .own_client import OwnClient

log = logging.getLogger(__name__)

_BATCH = 500
# looked up by id, never searched by similarity: a coarse graph keeps writes cheap (a collection
# created before keeps its own configuration)
_CONFIG = {"hnsw": {"space": "cosine", "ef_construction": 16, "max_neighbors": 8}}


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PassageVectors:
    """The passages collection, through a client of its own (``OwnClient``): an upload's child or
    a CLI ingest stores passages while the app runs, and a client that had read the collection
    before would not find their vectors. A read that fails is made once more on a client opened
    again (a passage's key is its text's hash: a row, once found, never changes)."""

    def __init__(self, client: OwnClient, name: str):
        self._client, self._name = client, f"{name}-passages"
        self._lock = threading.Lock()  # reopening closes the client another thread may be reading
        self._collection = None

    def _open(self):
        if self._collection is None:
            self._collection = self._client.get().get_or_create_collection(self._name, embedding_function=None,
                                                                           configuration=_CONFIG)
        return self._collection

    def _reading(self, read):
        with self._lock:
            try:
                return read(self._open())
            except ChromaError as exc:
                if not self._client.embedded:
                    raise
                log.info("passages_reopened error=%s", exc)
                self._collection = None
                self._client.close()
                return read(self._open())

    def release(self) -> None:
        """Close the client now (its segments are freed; the next read opens it again): after
        another process's write, the stale segment would only be dropped by a failed read."""
        with self._lock:
            self._collection = None
            self._client.close()

    def count(self) -> int:
        return self._reading(lambda collection: collection.count())

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those ``texts`` that have one."""
        by_key = {_key(t): t for t in texts}
        keys = list(by_key)

        def read(collection) -> dict[str, np.ndarray]:
            out: dict[str, np.ndarray] = {}
            for start in range(0, len(keys), _BATCH):
                found = collection.get(ids=keys[start : start + _BATCH], include=["embeddings"])
                for key, vector in zip(found["ids"], found["embeddings"]):
                    out[by_key[key]] = np.asarray(vector, dtype=np.float32)
            return out

        return self._reading(read)

    def all(self) -> tuple[list[str], np.ndarray]:
        """Every stored passage and its vector (paged)."""
        def read(collection) -> tuple[list[str], np.ndarray]:
            texts, vectors, offset = [], [], 0
            while True:
                page = collection.get(include=["documents", "embeddings"], limit=_BATCH, offset=offset)
                if not page["ids"]:
                    break
                rows = [i for i, text in enumerate(page["documents"]) if text is not None]
                texts += [page["documents"][i] for i in rows]
                vectors.append(np.asarray(page["embeddings"], dtype=np.float32)[rows])
                offset += len(page["ids"])
            return texts, (np.concatenate(vectors) if vectors else np.zeros((0, 0), dtype=np.float32))

        return self._reading(read)

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store each text's vector (a text given twice: its last vector)."""
        last = {text: i for i, text in enumerate(texts)}
        texts, vectors = list(last), np.asarray(vectors, dtype=np.float32)[list(last.values())]
        with self._lock:
            collection = self._open()
            for start in range(0, len(texts), _BATCH):
                batch = texts[start : start + _BATCH]
                collection.upsert(ids=[_key(t) for t in batch], documents=batch,
                                  embeddings=vectors[start : start + _BATCH])


def answer_passages(chunks: Mapping[str, Chunk], parts, passages_of: Callable[[Sequence[Hit]], Iterable[str]]) -> list[str]:
    """The passages the answerer may embed for every clause of ``chunks``, each once."""
    texts: dict[str, None] = {}
    for chunk in chunks.values():
        hit = Hit.of(chunk, 0.0)
        texts.update(dict.fromkeys(passages_of([hit, *widen([hit], chunks, parts, lambda c: True)])))
    return list(texts)


def document_passages(chunks: Sequence[Chunk], passages_of: Callable[[Sequence[Hit]], Iterable[str]]) -> list[str]:
    """The passages the answerer may embed for one document's ``chunks`` (what ingest stores)."""
    by_id = {chunk.chunk_id: chunk for chunk in chunks}
    return answer_passages(by_id, clause_parts(by_id), passages_of)

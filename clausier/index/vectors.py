"""The Chroma side of the index: one collection per access level, plus a document register.

Chroma is the source of truth for what is indexed, so a Chroma server shared by several app
instances is enough to share the index. Chunks of level L live in collection ``<name>-lL``: a
caller's query only ever touches the collections at or below their clearance, so no clearance
filter runs on the hot path and nothing above it can be a candidate. ``<name>-docs`` holds one
record per document (level, chunk count, a stamp renewed on every write) and, in its collection
metadata, the index generation: every write renews it, so an instance knows with one cheap read
whether anything changed, and the register tells it which documents. Every read of a collection
is paged (one unpaged ``get`` of 32,767 rows exceeds SQLite's limit on SQL variables).
Embeddings are always computed by us and passed in: Chroma's default function would download a
model.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

import chromadb
import numpy as np

from clausier.schema import MAX_LEVEL, MIN_LEVEL, Chunk
from clausier.settings import Settings

from .migrate import migrate_single_collection
from .own_client import OwnClient, QueryClient, fresh_client
from .records import chunk_from_record, chunk_metadata

log = logging.getLogger(__name__)

LEVELS = tuple(range(MIN_LEVEL, MAX_LEVEL + 1))
_BATCH = 256  # rows per write
_PAGE = 2000  # rows per read: far below SQLite's 32,766 variables
_SPACE = {"hnsw": {"space": "cosine"}}
# seconds a reader may serve a generation read this recent; every write returns only this long
# after its last bump, so a read reused after a write returned was started after that write
GENERATION_REUSE = 0.2


@dataclass(frozen=True)
class DocState:
    """What the index holds for one document (to decide whether it is stale)."""

    doc_id: str
    doc_hash: str
    expected_chunks: int
    stored_chunks: int
    origin: str
    source_path: str


@dataclass(frozen=True)
class DocRecord:
    """One document of the register: where its chunks are and which write they come from."""

    doc_id: str
    level: int
    stamp: str
    chunk_count: int


def make_client(settings: Settings):
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _token() -> str:
    return uuid.uuid4().hex


def paged_get(collection, *, include: list[str], where: dict | None = None, page: int = _PAGE) -> Iterator[dict]:
    """``collection.get`` one page at a time (each page a GetResult)."""
    offset = 0
    while True:
        result = collection.get(where=where, include=include, limit=page, offset=offset)
        if not result["ids"]:
            return
        yield result
        if len(result["ids"]) < page:
            return
        offset += page


class VectorStore:
    def __init__(self, settings: Settings, client=None):
        self._settings = settings
        self._client = client or make_client(settings)
        self.name = settings.collection
        self._passages = None
        self._queries = QueryClient(settings, self._client)  # Chroma's own queries (``query``)
        self._parts = {
            level: self._client.get_or_create_collection(
                f"{self.name}-l{level}", embedding_function=None, configuration=_SPACE
            )
            for level in LEVELS
        }
        self._docs_name = f"{self.name}-docs"
        self._docs = self._client.get_or_create_collection(
            self._docs_name, embedding_function=None, metadata={"generation": _token()}
        )
        migrate_single_collection(self._client, self.name, self)

    def passages(self):
        """The stored embeddings of answer passages (clausier/index/passages.py), read and written
        through a client of their own (clausier/index/own_client.py)."""
        from .passages import PassageVectors

        if self._passages is None:
            self._passages = PassageVectors(OwnClient(self._settings, self._client), self.name)
        return self._passages

    # -- reads ---------------------------------------------------------------------------
    def count(self) -> int:
        return sum(part.count() for part in self._parts.values())

    def generation(self) -> str:
        """The index generation: a new value after every write (one small read)."""
        meta = self._client.get_collection(self._docs_name, embedding_function=None).metadata or {}
        return str(meta.get("generation", ""))

    def doc_records(self) -> dict[str, DocRecord]:
        out: dict[str, DocRecord] = {}
        for page in paged_get(self._docs, include=["metadatas"]):
            for doc_id, meta in zip(page["ids"], page["metadatas"]):
                out[doc_id] = DocRecord(doc_id, int(meta["level"]), str(meta["stamp"]), int(meta.get("chunk_count", -1)))
        return out

    def chunks(self, level: int, doc_ids: Sequence[str] | None = None) -> list[Chunk]:
        """The chunks of partition ``level`` (only those of ``doc_ids`` when given)."""
        return self._read(level, doc_ids, False)[0]

    def chunks_with_vectors(self, level: int, doc_ids: Sequence[str] | None = None) -> tuple[list[Chunk], np.ndarray]:
        """As ``chunks``, with their stored embeddings (float32, one row a chunk, same order),
        read in the same pages."""
        return self._read(level, doc_ids, True)

    def _read(self, level: int, doc_ids: Sequence[str] | None, vectors: bool) -> tuple[list[Chunk], np.ndarray | None]:
        if not vectors:
            return self._read_from(self._parts[level], doc_ids, False)
        # vectors another process wrote are read through a client of its own (clausier/index/own_client.py)
        with fresh_client(self._settings, self._client) as client:
            part = client.get_collection(f"{self.name}-l{level}", embedding_function=None)
            return self._read_from(part, doc_ids, True)

    def _read_from(self, part, doc_ids: Sequence[str] | None, vectors: bool) -> tuple[list[Chunk], np.ndarray | None]:
        wheres: list[dict | None] = [None]
        if doc_ids is not None:
            ids = sorted(doc_ids)
            wheres = [{"doc_id": {"$in": ids[i : i + 100]}} for i in range(0, len(ids), 100)]
        out: list[Chunk] = []
        rows: list[np.ndarray] = []
        include = ["documents", "metadatas", *(["embeddings"] if vectors else [])]
        for where in wheres:
            for page in paged_get(part, include=include, where=where):
                out += [chunk_from_record(cid, text, meta)
                        for cid, text, meta in zip(page["ids"], page["documents"], page["metadatas"])]
                if vectors:
                    rows.append(np.asarray(page["embeddings"], dtype=np.float32).reshape(len(page["ids"]), -1))
        if not vectors:
            return out, None
        return out, (np.concatenate(rows) if rows else np.zeros((0, 0), dtype=np.float32))

    def all_chunks(self) -> list[Chunk]:
        return [chunk for level in LEVELS for chunk in self.chunks(level)]

    def ids_for_doc(self, doc_id: str) -> set[str]:
        return {cid for part in self._parts.values()
                for page in paged_get(part, include=[], where={"doc_id": doc_id}) for cid in page["ids"]}

    def doc_states(self, doc_ids: Iterable[str] | None = None) -> dict[str, DocState]:
        """What the index holds of each document (only of ``doc_ids`` when given: their chunks'
        metadata alone is read, not every chunk's)."""
        counts: dict[str, int] = {}
        first: dict[str, dict[str, Any]] = {}
        if doc_ids is None:
            wheres: list[dict | None] = [None]
        else:
            wanted = sorted(set(doc_ids))
            wheres = [{"doc_id": {"$in": wanted[i : i + 100]}} for i in range(0, len(wanted), 100)]
        for part in self._parts.values():
            for page in (page for where in wheres for page in paged_get(part, include=["metadatas"], where=where)):
                for meta in page["metadatas"]:
                    doc_id = meta["doc_id"]
                    counts[doc_id] = counts.get(doc_id, 0) + 1
                    first.setdefault(doc_id, meta)
        return {
            doc_id: DocState(
                doc_id=doc_id,
                doc_hash=meta.get("doc_hash", ""),
                expected_chunks=int(meta.get("chunk_count", -1)),
                stored_chunks=counts[doc_id],
                origin=meta.get("origin", ""),
                source_path=meta.get("source_path", ""),
            )
            for doc_id, meta in first.items()
        }

    def query(self, level: int, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks of partition ``level``, through a
        client of their own that ``release_queries`` replaces (clausier/index/own_client.py)."""
        with self._queries.collection(f"{self.name}-l{level}") as part:
            result = part.query(
                query_embeddings=np.asarray([embedding], dtype=np.float32), n_results=k,
                where=where or None, include=["distances"],
            )
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(result["ids"][0], result["distances"][0])]

    def release_queries(self) -> None:
        """The index changed (seen through the generation): the next ``query`` reads it through a
        new client, which sees every write so far, by any process."""
        self._queries.release()

    # -- writes --------------------------------------------------------------------------
    def upsert(self, chunks: Sequence[Chunk], embeddings: np.ndarray, doc_meta: dict[str, Any]) -> None:
        """Write the chunks into their level's partition; a document that changed level leaves
        its old partition first (the register moves before the chunks, so another instance
        never keeps serving it at the old level once it has seen the move)."""
        if not len(chunks):
            return
        levels: dict[str, int] = {}
        for chunk in chunks:
            if levels.setdefault(chunk.doc_id, chunk.level) != chunk.level:
                raise ValueError(f"document {chunk.doc_id} has chunks at two levels")
        counts = {doc_id: sum(1 for c in chunks if c.doc_id == doc_id) for doc_id in levels}
        expected = {d: int(doc_meta.get("chunk_count", n)) for d, n in counts.items()}
        self._stamp(levels, expected, settle=False)
        for level in LEVELS:
            moved = sorted(d for d, lvl in levels.items() if lvl != level)
            for i in range(0, len(moved), 100):
                self._parts[level].delete(where={"doc_id": {"$in": moved[i : i + 100]}})
        embeddings = np.asarray(embeddings, dtype=np.float32)
        for level in sorted(set(levels.values())):
            rows = [i for i, c in enumerate(chunks) if c.level == level]
            for start in range(0, len(rows), _BATCH):
                batch = rows[start : start + _BATCH]
                self._parts[level].upsert(
                    ids=[chunks[i].chunk_id for i in batch],
                    embeddings=embeddings[batch],
                    documents=[chunks[i].text for i in batch],
                    metadatas=[chunk_metadata(chunks[i], doc_meta) for i in batch],
                )
        self._stamp(levels, expected)

    def delete(self, ids: Iterable[str]) -> None:
        ids = sorted(set(ids))
        if not ids:
            return
        touched: dict[str, int] = {}
        for level, part in self._parts.items():
            for start in range(0, len(ids), _BATCH):
                batch = ids[start : start + _BATCH]
                found = part.get(ids=batch, include=["metadatas"])
                if found["ids"]:
                    touched.update((meta["doc_id"], level) for meta in found["metadatas"])
                    part.delete(ids=found["ids"])
        gone = [d for d, level in touched.items() if not self._parts[level].get(where={"doc_id": d}, include=[], limit=1)["ids"]]
        if gone:
            self._docs.delete(ids=gone)
        kept = {d: level for d, level in touched.items() if d not in gone}
        if kept:
            records = self.doc_records()
            self._stamp(kept, {d: records[d].chunk_count if d in records else -1 for d in kept})
        else:
            self._bump()

    def _stamp(self, levels: dict[str, int], expected: dict[str, int], settle: bool = True) -> None:
        doc_ids = sorted(levels)
        for start in range(0, len(doc_ids), _BATCH):
            batch = doc_ids[start : start + _BATCH]
            self._docs.upsert(
                ids=batch, embeddings=np.ones((len(batch), 1), dtype=np.float32),
                metadatas=[{"level": levels[d], "stamp": _token(), "chunk_count": expected[d]} for d in batch],
            )
        self._bump(settle)

    def _bump(self, settle: bool = True) -> None:
        """Renew the generation; with ``settle``, return only once no reader can still reuse a
        generation read from before it (``GENERATION_REUSE``)."""
        self._client.get_collection(self._docs_name, embedding_function=None).modify(metadata={"generation": _token()})
        if settle:
            time.sleep(GENERATION_REUSE)

"""The Chroma side of the index: chunk texts, metadata and embeddings.

Chroma is the source of truth for what is indexed (the lexical index is rebuilt from it), so a
Chroma server shared by several app instances is enough to share the index. Embeddings are
always computed by us and passed in: Chroma's default embedding function would download a model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import chromadb
import numpy as np

from clausier.schema import Chunk, PageBreaks
from clausier.settings import Settings

log = logging.getLogger(__name__)

_BATCH = 256
_OPTIONAL = ("page", "repair_confidence", "original_text")


@dataclass(frozen=True)
class DocState:
    """What the index holds for one document (to decide whether it is stale)."""

    doc_id: str
    doc_hash: str
    expected_chunks: int
    stored_chunks: int
    origin: str
    source_path: str


def make_client(settings: Settings):
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _chunk_metadata(chunk: Chunk, doc_meta: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "organisation": chunk.organisation,
        "doc_type": chunk.doc_type,
        "level": int(chunk.level),
        "clause": chunk.clause,
        "heading": chunk.heading,
        "header": chunk.header,
        "ordinal": chunk.ordinal,
        "part": chunk.part,
        "kind": chunk.kind,
        "repaired": bool(chunk.repaired),
        **doc_meta,
    }
    for name in _OPTIONAL:
        value = getattr(chunk, name)
        if value is not None:
            meta[name] = value
    if chunk.page_breaks:
        meta["page_breaks"] = _breaks_to_meta(chunk.page_breaks)
    return meta


def _breaks_to_meta(breaks: PageBreaks) -> str:
    """Chroma metadata holds scalars only: « 412:7;980:8 »."""
    return ";".join(f"{offset}:{page}" for offset, page in breaks)


def _breaks_from_meta(value: Any) -> PageBreaks:
    if not value:
        return ()
    pairs = (item.split(":") for item in str(value).split(";"))
    return tuple((int(offset), int(page)) for offset, page in pairs)


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        doc_id=meta["doc_id"],
        title=meta.get("title", ""),
        organisation=meta.get("organisation", ""),
        doc_type=meta.get("doc_type", ""),
        level=int(meta["level"]),
        clause=meta.get("clause", ""),
        heading=meta.get("heading", ""),
        page=meta.get("page"),
        text=text,
        header=meta.get("header", ""),
        ordinal=int(meta.get("ordinal", 0)),
        part=int(meta.get("part", 0)),
        kind=meta.get("kind", "clause"),
        repaired=bool(meta.get("repaired", False)),
        repair_confidence=meta.get("repair_confidence"),
        original_text=meta.get("original_text"),
        page_breaks=_breaks_from_meta(meta.get("page_breaks")),
    )


class VectorStore:
    def __init__(self, settings: Settings, client=None):
        self._client = client or make_client(settings)
        self._collection = self._client.get_or_create_collection(
            settings.collection,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def count(self) -> int:
        return self._collection.count()

    def upsert(self, chunks: Sequence[Chunk], embeddings: np.ndarray, doc_meta: dict[str, Any]) -> None:
        for start in range(0, len(chunks), _BATCH):
            batch = chunks[start : start + _BATCH]
            self._collection.upsert(
                ids=[c.chunk_id for c in batch],
                embeddings=np.asarray(embeddings[start : start + _BATCH], dtype=np.float32),
                documents=[c.text for c in batch],
                metadatas=[_chunk_metadata(c, doc_meta) for c in batch],
            )

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), _BATCH):
            self._collection.delete(ids=ids[start : start + _BATCH])

    def ids_for_doc(self, doc_id: str) -> set[str]:
        return set(self._collection.get(where={"doc_id": doc_id}, include=[])["ids"])

    def doc_states(self) -> dict[str, DocState]:
        records = self._collection.get(include=["metadatas"])
        counts: dict[str, int] = {}
        first: dict[str, dict[str, Any]] = {}
        for meta in records["metadatas"] or []:
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

    def all_chunks(self) -> list[Chunk]:
        records = self._collection.get(include=["documents", "metadatas"])
        return [
            chunk_from_record(chunk_id, text, meta)
            for chunk_id, text, meta in zip(records["ids"], records["documents"], records["metadatas"])
        ]

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any]) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks that satisfy ``where``."""
        if not where:
            raise ValueError("a vector query needs an access filter")  # fail closed
        n = min(k, max(self.count(), 1))
        result = self._collection.query(
            query_embeddings=np.asarray([embedding], dtype=np.float32),
            n_results=n,
            where=where,
            include=["distances"],
        )
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(result["ids"][0], result["distances"][0])]

"""Ingest files into the index: idempotent and incremental by content hash.

For each file: unchanged (same bytes, metadata and pipeline, all chunks present) → skipped;
otherwise parsed, embedded, and its chunks replaced. A file that fails gets its error and
keeps whatever the index already held for it. All parsing and embedding happen before the
first write, so a bad file or an interrupted embedding never leaves the index half-written.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Protocol, Sequence

import numpy as np

from clausier.errors import ClausierError, IngestError
from clausier.index.vectors import VectorStore
from clausier.schema import Chunk, SourceDoc

from .loaders import load_file
from .manifest import SourceFile
from .pipeline import chunks_for_doc, doc_hash, prepare

log = logging.getLogger(__name__)


class PassageEmbedder(Protocol):
    def embed_passages(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray: ...


@dataclass(frozen=True)
class FileResult:
    path: str
    doc_id: str
    status: str  # added | updated | unchanged | removed | error
    error: str | None = None
    pages: int = 0
    clauses: int = 0
    chunks: int = 0
    chars_repaired: int = 0
    low_confidence_lines: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class IngestReport:
    results: tuple[FileResult, ...]
    seconds: float

    @property
    def errors(self) -> tuple[FileResult, ...]:
        return tuple(r for r in self.results if r.status == "error")

    @property
    def changed(self) -> bool:
        return any(r.status in {"added", "updated", "removed"} for r in self.results)


@dataclass
class _Prepared:
    source: SourceFile
    doc: SourceDoc
    chunks: list[Chunk]
    clauses: int
    hash: str
    status: str
    seconds: float
    embeddings: np.ndarray = field(default=None)


def _chars_repaired(doc: SourceDoc) -> int:
    return sum(len(line.repaired) for line in doc.repairs if line.original != line.repaired)


def ingest_files(
    sources: Sequence[SourceFile],
    store: VectorStore,
    embedder: PassageEmbedder,
    *,
    max_bytes: int,
    sync_origin: str | None = None,
    force: bool = False,
    show_progress: bool = False,
) -> IngestReport:
    """Bring the index in line with ``sources``.

    With ``sync_origin`` (e.g. "corpus"), documents of that origin that are no longer among the
    sources are removed from the index.
    """
    started = time.perf_counter()
    states = store.doc_states()
    results: list[FileResult] = []
    prepared: list[_Prepared] = []
    seen_ids: set[str] = set()
    for source in sources:
        doc_id = source.info.doc_id
        if doc_id in seen_ids:
            results.append(FileResult(str(source.path), doc_id, "error", error=f"identifiant de document en double : {doc_id}"))
            continue
        seen_ids.add(doc_id)
        t0 = time.perf_counter()
        try:
            doc = load_file(source.path, source.info, max_bytes=max_bytes)
            digest = doc_hash(doc.content_hash, source.info)
            state = states.get(doc_id)
            if (not force and state and state.doc_hash == digest
                    and state.expected_chunks == state.stored_chunks):
                results.append(FileResult(str(source.path), doc_id, "unchanged", pages=len(doc.pages), chunks=state.stored_chunks))
                continue
            doc = prepare(doc)
            clauses, chunks = chunks_for_doc(doc)
            if not chunks:
                raise IngestError(str(source.path), "aucune clause trouvée dans le document")
        except ClausierError as exc:
            log.warning("ingest_failed path=%s error=%s", source.path, exc)
            reason = exc.reason if isinstance(exc, IngestError) else str(exc)
            results.append(FileResult(str(source.path), doc_id, "error", error=reason))
            continue
        status = "updated" if doc_id in states else "added"
        prepared.append(_Prepared(source, doc, chunks, len(clauses), digest, status, time.perf_counter() - t0))

    texts = [chunk.embed_text for item in prepared for chunk in item.chunks]
    vectors = embedder.embed_passages(texts, show_progress=show_progress) if texts else np.zeros((0, 0))
    offset = 0
    for item in prepared:
        item.embeddings = vectors[offset : offset + len(item.chunks)]
        offset += len(item.chunks)

    for item in prepared:
        _write_document(store, item)
        results.append(
            FileResult(
                str(item.source.path), item.doc.info.doc_id, item.status,
                pages=len(item.doc.pages), clauses=item.clauses, chunks=len(item.chunks),
                chars_repaired=_chars_repaired(item.doc),
                low_confidence_lines=len(item.doc.low_confidence), seconds=item.seconds,
            )
        )
    if sync_origin:
        for doc_id, state in states.items():
            if state.origin == sync_origin and doc_id not in seen_ids:
                store.delete(store.ids_for_doc(doc_id))
                results.append(FileResult(state.source_path, doc_id, "removed"))
    return IngestReport(tuple(results), time.perf_counter() - started)


def _write_document(store: VectorStore, item: _Prepared) -> None:
    doc_id = item.doc.info.doc_id
    old_ids = store.ids_for_doc(doc_id)
    doc_meta = {
        "doc_hash": item.hash,
        "chunk_count": len(item.chunks),
        "origin": item.source.origin,
        "source_path": str(item.source.path),
    }
    # Upsert first, then drop what is gone: a crash in between leaves a count mismatch that
    # marks the document stale, and the next run repairs it.
    store.upsert(item.chunks, item.embeddings, doc_meta)
    store.delete(old_ids - {chunk.chunk_id for chunk in item.chunks})
    log.info("ingested doc_id=%s chunks=%d status=%s", doc_id, len(item.chunks), item.status)


def remove_document(store: VectorStore, doc_id: str) -> int:
    ids = store.ids_for_doc(doc_id)
    store.delete(ids)
    return len(ids)

"""Ingest files into the index: idempotent and incremental by content hash.

For each file, smallest first: unchanged (same bytes, metadata and pipeline, all chunks
present) → skipped; otherwise parsed, embedded (its chunks, and the sentences the answerer
scores: stored beside the index), and its chunks replaced, before the next file starts. A file that fails gets its error line and keeps whatever the index already held for it;
a document's parsing and embedding happen before its first write, so a bad file or an
interrupted embedding never leaves that document half-written.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from clausier.errors import ClausierError, FileTooLarge, IngestError
from clausier.index.vectors import VectorStore
from clausier.schema import Chunk, SourceDoc

from .loaders import load_file
from .manifest import DEFAULT_MAX_DOC_CHARS, SourceFile, check_doc_id
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
    def chunks_per_second(self) -> float:
        """Throughput over the documents written in this run (parse, repair, embed, write)."""
        written = [r for r in self.results if r.status in {"added", "updated"}]
        seconds = sum(r.seconds for r in written)
        return sum(r.chunks for r in written) / seconds if seconds > 0 else 0.0

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


def _size(source: SourceFile) -> int:
    try:
        return source.path.stat().st_size
    except OSError:
        return 0  # its error line comes from the loader


def ingest_files(
    sources: Sequence[SourceFile],
    store: VectorStore,
    embedder: PassageEmbedder,
    *,
    max_bytes: int,
    max_chars: int = DEFAULT_MAX_DOC_CHARS,
    sync_origin: str | None = None,
    force: bool = False,
    show_progress: bool = False,
) -> IngestReport:
    """Bring the index in line with ``sources``.

    Files go smallest first, each parsed, embedded and written before the next: a big file
    never holds back the others, and any failure is that file's error line only. With
    ``sync_origin`` (e.g. "corpus"), documents of that origin that are no longer among the
    sources are removed from the index.
    """
    started = time.perf_counter()
    # only the sources' documents are looked up, unless the run removes what its origin no longer has
    states = store.doc_states(None if sync_origin else [source.info.doc_id for source in sources])
    results: list[FileResult] = []
    claimed: dict[str, str] = {}  # doc id -> the file that holds it in this run
    for source in sorted(sources, key=_size):
        doc_id = source.info.doc_id
        t0 = time.perf_counter()
        try:
            _check_claim(source, claimed, states)
            claimed.setdefault(doc_id, str(source.path))
            results.append(_ingest_one(source, store, embedder, states, max_bytes=max_bytes, max_chars=max_chars,
                                       force=force, show_progress=show_progress))
        except ClausierError as exc:
            log.warning("ingest_failed path=%s error=%s", source.path, exc)
            reason = exc.reason if isinstance(exc, IngestError) else str(exc)
            results.append(FileResult(str(source.path), doc_id, "error", error=reason, seconds=time.perf_counter() - t0))
        except Exception as exc:  # a parser bug on one hostile file must not stop the batch
            log.exception("ingest_crashed path=%s", source.path)
            results.append(FileResult(str(source.path), doc_id, "error", seconds=time.perf_counter() - t0,
                                      error=f"fichier illisible (erreur inattendue : {type(exc).__name__})"))
    if sync_origin:
        wanted = {source.info.doc_id for source in sources}  # a failed file keeps what the index held
        for doc_id, state in states.items():
            if state.origin == sync_origin and doc_id not in wanted:
                store.delete(store.ids_for_doc(doc_id))
                results.append(FileResult(state.source_path, doc_id, "removed"))
    return IngestReport(tuple(results), time.perf_counter() - started)


def _check_claim(source: SourceFile, claimed: dict[str, str], states: dict) -> None:
    """Ids are safe slugs and never collide silently: another file's id is taken, unless
    the source replaces it explicitly (a manifest entry, ``--doc-id`` or ``--replace``)."""
    doc_id = check_doc_id(source.info.doc_id, str(source.path))
    if doc_id in claimed:
        raise IngestError(str(source.path), f"identifiant de document en double : « {doc_id} » est déjà celui de "
                                            f"{claimed[doc_id]} dans ce lot ; donnez-lui un autre identifiant (--doc-id)")
    state = states.get(doc_id)
    if state is None or source.replace or Path(state.source_path).name == source.path.name:
        return
    raise IngestError(str(source.path), f"l'identifiant « {doc_id} » est déjà pris par un autre document "
                                        f"({Path(state.source_path).name}) ; choisissez un autre identifiant "
                                        f"(--doc-id) ou remplacez-le explicitement (--replace)")


def _ingest_one(source: SourceFile, store: VectorStore, embedder: PassageEmbedder, states: dict, *,
                max_bytes: int, max_chars: int, force: bool, show_progress: bool) -> FileResult:
    t0 = time.perf_counter()
    doc_id = source.info.doc_id
    doc = load_file(source.path, source.info, max_bytes=max_bytes)
    chars = sum(len(page.text) for page in doc.pages)
    if chars > max_chars:
        raise FileTooLarge(str(source.path), f"texte extrait trop long ({chars:,} caractères > limite de {max_chars:,}, "
                                             f"réglage CLAUSIER_MAX_DOC_CHARS) : découpez le document".replace(",", " "))
    digest = doc_hash(doc.content_hash, source.info)
    state = states.get(doc_id)
    if not force and state and state.doc_hash == digest and state.expected_chunks == state.stored_chunks:
        return FileResult(str(source.path), doc_id, "unchanged", pages=len(doc.pages), chunks=state.stored_chunks)
    doc = prepare(doc)
    clauses, chunks = chunks_for_doc(doc)
    if not chunks:
        raise IngestError(str(source.path), "aucune clause trouvée dans le document")
    status = "updated" if doc_id in states else "added"
    item = _Prepared(source, doc, chunks, len(clauses), digest, status, 0.0)
    item.embeddings = embedder.embed_passages([chunk.embed_text for chunk in chunks], show_progress=show_progress)
    _store_passages(store, embedder, chunks)
    _write_document(store, item)
    return FileResult(
        str(source.path), doc_id, status, pages=len(doc.pages), clauses=len(clauses), chunks=len(chunks),
        chars_repaired=_chars_repaired(doc), low_confidence_lines=len(doc.low_confidence),
        seconds=time.perf_counter() - t0,
    )


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


def _store_passages(store: VectorStore, embedder: PassageEmbedder, chunks: Sequence[Chunk]) -> int:
    """Embed and store the answer passages of ``chunks`` not stored yet (content-keyed, so shared
    with any document holding the same text): a server, however large its index, then looks
    them up instead of embedding them. Returns how many were computed."""
    from clausier.reading.candidates import passages_for
    from clausier.index.passages import document_passages

    stored = store.passages()
    texts = document_passages(chunks, passages_for)
    known = stored.get(texts)
    missing = [text for text in texts if text not in known]
    if missing:
        stored.put(missing, embedder.embed_passages(missing))
    log.info("passages_stored doc_id=%s computed=%d known=%d", chunks[0].doc_id, len(missing), len(known))
    return len(missing)


def remove_document(store: VectorStore, doc_id: str) -> int:
    ids = store.ids_for_doc(doc_id)
    store.delete(ids)
    return len(ids)

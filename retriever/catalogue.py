"""What one instance knows of the index, per access partition, kept in step with the store.

For each level: the chunks (in document order), their lexical index and their organisations;
for each clearance: the organisations it may name (precomputed aliases). ``sync`` reads the
store's generation (one small read); when it moved, the document register says which
documents changed, and only those are fetched again and only their partitions rebuilt. A
published ``View`` never changes: a search reads one and is never half-updated.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from clausier.index.lexical import LexicalIndex
from clausier.index.lexical_store import open_index
from clausier.index.vectors import LEVELS, DocRecord, VectorStore
from clausier.schema import Chunk

from .context import clause_parts
from clausier.reading.query import OrganisationIndex

log = logging.getLogger(__name__)


class _Lazy:
    """A partition's lexical index, opened (loaded memory-mapped, or built) on first use."""

    def __init__(self, chunks: Sequence[Chunk], directory: Path | None):
        self._chunks, self._directory = chunks, directory
        self._index: LexicalIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> LexicalIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = open_index(self._chunks, self._directory)
                    self._chunks = ()
        return self._index


@dataclass(frozen=True)
class Partition:
    level: int
    chunks: Mapping[str, Chunk]
    organisations: frozenset[str]
    lazy_lexical: _Lazy

    @property
    def lexical(self) -> LexicalIndex:
        return self.lazy_lexical.get()


@dataclass(frozen=True)
class View:
    partitions: Mapping[int, Partition]
    chunks: Mapping[str, Chunk]  # every partition's, by id
    parts: Mapping[tuple[str, int], tuple[Chunk, ...]]
    organisations: Mapping[int, OrganisationIndex]  # by clearance: what that caller may name


def _partition(level: int, docs: Mapping[str, tuple[DocRecord, list[Chunk]]], lexical_dir: Path | None) -> Partition:
    chunks = sorted((c for rec, cs in docs.values() if rec.level == level for c in cs),
                    key=lambda c: (c.doc_id, c.ordinal, c.part))
    return Partition(level, {c.chunk_id: c for c in chunks},
                     frozenset(c.organisation for c in chunks if c.organisation),
                     _Lazy(chunks, lexical_dir / f"l{level}" if lexical_dir else None))


def _view(partitions: Mapping[int, Partition]) -> View:
    chunks = {cid: c for level in LEVELS for cid, c in partitions[level].chunks.items()}
    seen: set[str] = set()
    organisations = {}
    for level in LEVELS:
        seen |= partitions[level].organisations
        organisations[level] = OrganisationIndex(seen)
    return View(dict(partitions), chunks, clause_parts(chunks), organisations)


@dataclass
class Catalogue:
    store: VectorStore
    check_interval: float = 0.0  # seconds between two generation reads (0: on every search)
    lexical_dir: Path | None = None  # where lexical indexes are saved (None: memory only)
    _generation: str | None = None
    _checked: float = 0.0
    _docs: dict[str, tuple[DocRecord, list[Chunk]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    view: View | None = None
    listeners: list = field(default_factory=list)  # called (no argument) after a change

    def sync(self, force: bool = False) -> View:
        """The current view, refreshed first if the store's generation moved."""
        if not force and self.view is not None and time.monotonic() - self._checked < self.check_interval:
            return self.view
        with self._lock:
            self._checked = time.monotonic()
            generation = self.store.generation()
            if generation != self._generation or self.view is None:
                self._refresh(generation)
            return self.view

    def _refresh(self, generation: str) -> None:
        records = self.store.doc_records()  # read after the generation: a later write moves it again
        docs = dict(self._docs)
        changed: set[int] = set()
        for doc_id, (rec, _) in self._docs.items():
            new = records.get(doc_id)
            if new is None or new.stamp != rec.stamp or new.level != rec.level:
                del docs[doc_id]
                changed.add(rec.level)
        wanted: dict[int, list[str]] = {}
        for doc_id, rec in records.items():
            if doc_id not in docs:
                wanted.setdefault(rec.level, []).append(doc_id)
        for level, doc_ids in wanted.items():
            # mostly new (start-up): read the whole partition rather than document by document
            whole = len(doc_ids) > sum(1 for rec in records.values() if rec.level == level) // 2
            fetched: dict[str, list[Chunk]] = {doc_id: [] for doc_id in doc_ids}
            for chunk in self.store.chunks(level, None if whole else doc_ids):
                if chunk.doc_id in fetched:
                    fetched[chunk.doc_id].append(chunk)
            for doc_id, chunks in fetched.items():
                rec = records[doc_id]
                if 0 <= rec.chunk_count != len(chunks):
                    # caught mid-write: keep what is there, fetch it again on the next change
                    rec = DocRecord(rec.doc_id, rec.level, "", rec.chunk_count)
                docs[doc_id] = (rec, chunks)
            changed.add(level)
        old = self.view.partitions if self.view else {}
        partitions = {level: (_partition(level, docs, self.lexical_dir) if level in changed or level not in old else old[level])
                      for level in LEVELS}
        self._docs = docs
        self._generation = generation
        self.view = _view(partitions)
        if changed:
            log.info("catalogue_refreshed levels=%s chunks=%d", sorted(changed), len(self.view.chunks))
            for listener in self.listeners:
                listener()

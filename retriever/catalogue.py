"""What one instance knows of the index, per access partition, kept in step with the store.

For each level: a compact table of its chunks (ids, filter codes, clause positions, embeddings;
texts in a memory-mapped file, clausier/index/partition_table.py), its lexical index, its local
nearest-neighbour search (clausier/index/neighbours.py) and its organisations; for each clearance: the organisations it may name (precomputed aliases).

``sync`` reads the store's generation (one small read); when it moved, it reads the document
register (one record per document) and hashes each level's records (document, stamp, chunk
count: every write renews a document's stamp) into the key of that partition's table. A table
saved under that key (by this or any other instance) is memory-mapped in milliseconds; else the
table is built from the previous one, fetching again from Chroma only the documents whose
stamp changed, and saved. A document caught mid-write (its chunk count not yet the one its
record announces) keeps its partition's table unsaved and fetched again on the next change.
A published ``View`` never changes: a search reads one and is never half-updated.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import numpy as np
from chromadb.errors import ChromaError

from clausier.index.lexical import LexicalIndex
from clausier.index.lexical_store import content_key
from clausier.index.memory import release_freed_memory
from clausier.index.neighbours import LocalNeighbours
from clausier.index.partition_table import FORMAT, PartitionTable
from clausier.index.vectors import GENERATION_REUSE, LEVELS, DocRecord, VectorStore
from clausier.schema import Chunk

from clausier.reading.query import OrganisationIndex

from .lazy_lexical import LazyLexical

RELEASE_AFTER = 5_000  # chunks read from the store in one refresh before freed heap is handed back

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Partition:
    level: int
    table: PartitionTable
    key: str  # the register key the table was built for ("" when it must be built again)
    lazy_lexical: LazyLexical
    neighbours: LocalNeighbours  # .get(): the local dense search, None when Chroma must answer

    @property
    def lexical(self) -> LexicalIndex:
        return self.lazy_lexical.get()

    @property
    def organisations(self) -> frozenset[str]:
        return self.table.organisations


class ChunkMap(Mapping[str, Chunk]):
    """Every partition's chunks by id, decoded on access (a mapping over the tables)."""

    def __init__(self, partitions: Mapping[int, Partition]):
        self._tables = [partitions[level].table for level in LEVELS]

    def locate(self, chunk_id: str) -> tuple[PartitionTable, int] | None:
        for table in self._tables:
            row = table.row_of(chunk_id)
            if row >= 0:
                return table, row
        return None

    def __getitem__(self, chunk_id: str) -> Chunk:
        found = self.locate(chunk_id)
        if found is None:
            raise KeyError(chunk_id)
        return found[0].chunk(found[1])

    def __contains__(self, chunk_id: object) -> bool:
        return isinstance(chunk_id, str) and self.locate(chunk_id) is not None

    def __iter__(self) -> Iterator[str]:
        for table in self._tables:
            for row in range(table.size):
                yield table.chunk_id(row)

    def __len__(self) -> int:
        return sum(table.size for table in self._tables)


class ClauseParts(Mapping[tuple[str, int], tuple[Chunk, ...]]):
    """A clause's chunks in part order, by (document, clause ordinal), decoded on access."""

    def __init__(self, chunks: ChunkMap):
        self._tables = chunks._tables

    def __getitem__(self, key: tuple[str, int]) -> tuple[Chunk, ...]:
        doc_id, ordinal = key
        for table in self._tables:
            rows = table.clause_rows(doc_id, ordinal)
            if len(rows):
                return tuple(table.chunks(rows))
        raise KeyError(key)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for table in self._tables:
            yield from table.clauses()

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class View:
    partitions: Mapping[int, Partition]
    chunks: ChunkMap  # every partition's, by id
    parts: ClauseParts
    organisations: Mapping[int, OrganisationIndex]  # by clearance: what that caller may name


def register_key(level: int, records: Sequence[DocRecord]) -> str:
    """The key of a partition's table: its documents' register records (stamps renewed by every
    write), the table format and the lexical format."""
    digest = hashlib.sha256(f"{FORMAT}|{content_key([])}|{level}".encode())
    for rec in sorted(records, key=lambda r: r.doc_id):
        digest.update(f"\x1f{rec.doc_id}\x1e{rec.stamp}\x1e{rec.chunk_count}".encode())
    return digest.hexdigest()[:24]


def _view(partitions: Mapping[int, Partition]) -> View:
    seen: set[str] = set()
    organisations = {}
    for level in LEVELS:
        seen |= partitions[level].organisations
        organisations[level] = OrganisationIndex(seen)
    chunks = ChunkMap(partitions)
    return View(dict(partitions), chunks, ClauseParts(chunks), organisations)


@dataclass
class Catalogue:
    store: VectorStore
    # seconds a generation read is reused (0: read on every search); at most GENERATION_REUSE,
    # which every write waits out before returning
    check_interval: float = GENERATION_REUSE
    lexical_dir: Path | None = None  # where lexical indexes are saved (None: memory only)
    table_dir: Path | None = None  # where partition tables are saved (None: memory only)
    neighbour_dir: Path | None = None  # where HNSW indexes of large tables are saved (None: none built)
    _generation: str | None = None
    _checked: float = 0.0
    _records: dict[str, DocRecord] = field(default_factory=dict)  # as last read ("" stamp: fetch again)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    view: View | None = None
    listeners: list = field(default_factory=list)  # called (no argument) after a change
    _fetched: int = 0  # chunks read from the store by the refresh under way

    def sync(self, force: bool = False) -> View:
        """The current view, refreshed first if the store's generation moved."""
        if not force and self.view is not None and time.monotonic() - self._checked < self.check_interval:
            return self.view
        with self._lock:
            started = time.monotonic()  # the read is as old as its start
            generation = self.store.generation()
            if generation != self._generation or self.view is None:
                self._refresh(generation)
            # set once the view is the one this read calls for: a search that reuses the read
            # never gets the view from before it
            self._checked = started
            return self.view

    def _refresh(self, generation: str) -> None:
        read_at = time.time()  # what is saved for this register may replace what was saved before it
        records = self.store.doc_records()  # read after the generation: a later write moves it again
        old = self.view.partitions if self.view else {}
        partitions: dict[int, Partition] = {}
        changed = []
        for level in LEVELS:
            mine = [rec for rec in records.values() if rec.level == level]
            key = register_key(level, mine)
            if level in old and old[level].key == key:
                partitions[level] = old[level]
                continue
            table, complete = self._table(level, key, mine, old.get(level), read_at)
            lexical_dir = self.lexical_dir / f"l{level}" if self.lexical_dir else None
            neighbour_dir = self.neighbour_dir / f"l{level}" if self.neighbour_dir else None
            # the previous lexical index answers while the new one is built, unless a document
            # left this partition for a higher level: its statistics must not shape the scores
            # of callers who may no longer see it
            stand_in = old[level].lazy_lexical.serving() if level in old and not any(
                records[d].level > level for d in old[level].table.vocab["doc_id"] if d in records) else None
            partitions[level] = Partition(level, table, key if complete else "", LazyLexical(table, lexical_dir, stand_in),
                                          LocalNeighbours(table, neighbour_dir, key if complete else ""))
            changed.append(level)
        self._generation = generation
        self.view = _view(partitions)
        for level in changed:
            if level in old:  # its indexes will never serve: builds under way for them are stopped
                old[level].neighbours.supersede()
                old[level].lazy_lexical.supersede()
                # its maps were read through by the copy above; a search still holding it maps them again
                old[level].table.release_pages()
        if self._fetched >= RELEASE_AFTER:
            release_freed_memory()  # the chunks read from the store live on only in the tables
        self._fetched = 0
        if changed:
            log.info("catalogue_refreshed levels=%s chunks=%d", changed, len(self.view.chunks))
            self.store.release_queries()  # Chroma's own queries then see the write (another process's too)
            for listener in self.listeners:
                listener()

    def _table(self, level: int, key: str, mine: Sequence[DocRecord], old: Partition | None,
               read_at: float) -> tuple[PartitionTable, bool]:
        """The table of partition ``level`` for register key ``key`` (read at ``read_at``, wall
        clock: its lexical and HNSW indexes may replace what was saved before), and whether it
        is complete."""
        directory = self.table_dir / f"l{level}" if self.table_dir else None
        if directory is not None and (directory / key / "meta.json").is_file():
            try:
                table = PartitionTable.load(directory / key)
                table.meta["read_at"] = read_at
                self._records.update((rec.doc_id, rec) for rec in mine)
                return table, True
            except (OSError, ValueError, KeyError) as exc:
                log.warning("partition_table_unreadable dir=%s error=%s", directory / key, exc)
        wanted = {rec.doc_id: rec for rec in mine}
        kept: dict[str, range] = {}  # unchanged documents: their rows of the old table, not decoded
        if old is not None and old.table.vectors is not None:
            for doc_id in old.table.vocab["doc_id"]:
                if doc_id in wanted and self._records.get(doc_id) == wanted[doc_id] and wanted[doc_id].stamp:
                    kept[doc_id] = old.table.doc_rows(doc_id)
        missing = [doc_id for doc_id in wanted if doc_id not in kept]
        complete_vectors = True
        fetched: dict[str, list[int]] = {doc_id: [] for doc_id in missing}  # positions in ``read``
        read: list[Chunk] = []
        read_vectors = None
        if missing:
            # mostly new (start-up): read the whole partition rather than document by document
            whole = len(missing) > len(wanted) // 2
            try:
                read, read_vectors = self.store.chunks_with_vectors(level, None if whole else missing)
            except ChromaError as exc:
                # a Chroma server may not serve the vectors of a partition it has just written
                # (« Nothing found on disk »): serve the chunks without them, on Chroma's own
                # search, and read the table again on the next change
                log.warning("partition_vectors_unreadable level=%d error=%s", level, exc)
                read, read_vectors, complete_vectors = self.store.chunks(level, None if whole else missing), None, False
            for i, chunk in enumerate(read):
                if chunk.doc_id in fetched:
                    fetched[chunk.doc_id].append(i)
            self._fetched += sum(len(positions) for positions in fetched.values())
        complete = complete_vectors
        for doc_id, positions in fetched.items():
            rec = wanted[doc_id]
            if 0 <= rec.chunk_count != len(positions):
                # caught mid-write: keep what is there, fetch it again on the next change
                rec, complete = DocRecord(rec.doc_id, rec.level, "", rec.chunk_count), False
            self._records[doc_id] = rec
        blocks: list = []  # in document order, each document's rows in (clause, part) order
        vectors: list[np.ndarray] = []  # row-aligned with the blocks
        for doc_id in sorted([*kept, *fetched]):
            if doc_id in kept:
                rows = kept[doc_id]
                blocks.append((old.table, rows))
                vectors.append(np.asarray(old.table.vectors[rows.start : rows.stop]))
            else:
                positions = sorted(fetched[doc_id], key=lambda i: (read[i].ordinal, read[i].part))
                blocks.append([read[i] for i in positions])
                if read_vectors is not None:
                    vectors.append(read_vectors[positions] if positions else read_vectors[:0])
        stacked = None
        if complete_vectors:
            stacked = np.concatenate([v for v in vectors if v.size]) if any(v.size for v in vectors) \
                else np.zeros((0, 0), dtype=np.float32)
        table = PartitionTable.from_blocks(blocks, vectors=stacked)
        del read, read_vectors, stacked, vectors
        if old is not None:  # its vectors were read through by the copy: a search still on it maps them again
            old.table.release_pages(("vectors",))
        table.meta.update(lexical_key=content_key(table), read_at=read_at)
        if complete and directory is not None:
            try:
                table = PartitionTable.load(table.save(directory, key))  # served from the maps
                table.meta["read_at"] = read_at
            except OSError as exc:  # a read-only data dir still serves, from memory
                log.warning("partition_table_not_saved dir=%s error=%s", directory / key, exc)
        return table, complete

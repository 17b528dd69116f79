"""One access partition's catalogue as compact arrays, saved next to the data, memory-mapped.

What search needs of every chunk is held as arrays, not Python objects: the chunk ids (bytes,
plus a sorted copy for lookups), integer codes of document, organisation and type (filters are
one vectorised comparison), clause ordinal and part (a clause's parts are neighbouring rows),
the repaired flag. The chunks themselves (text and metadata) are one JSON record each in a
single file read by offset (``file_records.py``): only the rows a search returns are ever decoded. The
chunks' embeddings (unit float32 rows, row-aligned) are the local nearest-neighbour search's
input (clausier/index/neighbours.py).

Rows are in document order (document, clause ordinal, part), and document codes follow the rows,
so a document's rows, and a clause's, are one contiguous range found by binary search.

A table is saved under a key the caller chooses (the catalogue hashes the document register:
each document's stamp is renewed by every write), in a temporary folder renamed into place, so
concurrent instances never read half a table; keys completed before the register the table was
built from was read (``meta["read_at"]``) are removed (clausier/index/saved_dirs.py; open maps
stay valid).
"""

from __future__ import annotations

import json
import logging
import mmap
import shutil
import tempfile
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from clausier.schema import Chunk, Segment

from .file_records import FileRecords
from .saved_dirs import prune, publish

log = logging.getLogger(__name__)

FORMAT = "table-3"  # bump when the saved layout changes
CODED = ("doc_id", "organisation", "doc_type")
_FIELDS = ("chunk_id", "doc_id", "title", "organisation", "doc_type", "level", "clause", "heading", "page",
           "text", "header", "ordinal", "part", "kind", "repaired", "repair_confidence", "original_text",
           "page_breaks", "part_start", "segments")


# a segment's fields in order, read directly (``dataclasses.astuple`` deep-copies every field)
_SEGMENT_FIELDS = attrgetter(*(f.name for f in fields(Segment)))


def _record(chunk: Chunk) -> bytes:
    values = [getattr(chunk, name) for name in _FIELDS]
    values[-1] = [_SEGMENT_FIELDS(s) for s in chunk.segments]
    return json.dumps(values, separators=(",", ":")).encode()


def _unit(vectors: np.ndarray, rows: int) -> np.ndarray:
    out = np.asarray(vectors, dtype=np.float32).reshape(rows, -1) if rows else np.zeros((0, 0), dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.ascontiguousarray(out / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def _chunk(record: bytes) -> Chunk:
    values = dict(zip(_FIELDS, json.loads(record)))
    values["page_breaks"] = tuple((int(o), int(p)) for o, p in values["page_breaks"])
    values["segments"] = tuple(Segment(*row) for row in values["segments"])
    return Chunk(**values)


class PartitionTable:
    """The chunks of one partition, in the order given (callers give document order)."""

    def __init__(self, arrays: dict[str, np.ndarray], vocab: dict[str, list[str]], records, meta: dict):
        self._a = arrays
        self.vocab = vocab
        self._records = records
        self.meta = meta
        self.size = int(len(arrays["ordinal"]))
        self.ids = arrays["ids"]
        self._code_of = {name: {v: i for i, v in enumerate(vocab[name])} for name in CODED}
        self.organisations = frozenset(o for o in vocab["organisation"] if o)
        self.source: Path | None = None  # the folder it was loaded from (None: built in memory)
        self._maps: dict[str, mmap.mmap] = {}  # the memory maps of a loaded table, by array name

    # -- building, saving, loading -----------------------------------------------------
    @property
    def vectors(self) -> np.ndarray | None:
        """The chunks' unit embeddings, one row a chunk (None: built without them)."""
        return self._a.get("vectors")

    @classmethod
    def from_chunks(cls, chunks: Iterable[Chunk], meta: dict | None = None,
                    vectors: np.ndarray | None = None) -> "PartitionTable":
        """The table of ``chunks``; ``vectors`` (one embedding a chunk, same order) are kept
        unit-normalised as float32, as a cosine index compares them."""
        return cls.from_blocks([list(chunks)], meta, vectors)

    @classmethod
    def from_blocks(cls, blocks: Sequence[Sequence[Chunk] | tuple["PartitionTable", range]],
                    meta: dict | None = None, vectors: np.ndarray | None = None) -> "PartitionTable":
        """The table ``from_chunks`` gives for the chunks of ``blocks`` in order, a block being a
        list of chunks or ``(table, rows)``: rows of another table, whose records and arrays are
        copied without decoding a chunk (a refresh keeps every unchanged document so)."""
        # records: byte strings in row order, a copied block's in one piece; their lengths by row
        cols: dict[str, list] = {name: [] for name in (*CODED, "title", "id", "record", "length", "ordinal", "part", "repaired")}
        for block in blocks:
            if isinstance(block, tuple):
                table, rows = block
                span = slice(rows.start, rows.stop)
                for name in CODED:
                    names = table.vocab[name]
                    cols[name] += [names[code] for code in table.codes(name)[span].tolist()]
                titles = table.vocab["title"]
                cols["title"] += [titles[code] for code in table.codes("doc_id")[span].tolist()]
                cols["id"] += table.ids[span].tolist()
                offsets = table._a["offsets"][rows.start : rows.stop + 1]
                cols["record"].append(bytes(table._records[int(offsets[0]) : int(offsets[-1])]))
                cols["length"] += np.diff(offsets).tolist()
                for name in ("ordinal", "part", "repaired"):
                    cols[name] += table._a[name][span].tolist()
                continue
            for c in block:
                for name in (*CODED, "title", "ordinal", "part"):
                    cols[name].append(getattr(c, name))
                cols["id"].append(c.chunk_id.encode())
                cols["record"].append(_record(c))
                cols["length"].append(len(cols["record"][-1]))
                cols["repaired"].append(bool(c.repaired))
        return cls._assemble(cols, meta, vectors)

    @classmethod
    def _assemble(cls, cols: dict[str, list], meta: dict | None, vectors: np.ndarray | None) -> "PartitionTable":
        rows = len(cols["id"])
        index: dict[str, dict[str, int]] = {name: {} for name in CODED}
        codes = {name: np.fromiter((index[name].setdefault(value, len(index[name])) for value in cols[name]),
                                   dtype=np.int32, count=rows) for name in CODED}
        vocab: dict[str, list[str]] = {name: list(index[name]) for name in CODED}
        titles: dict[str, str] = {}
        for doc_id, title in zip(cols["doc_id"], cols["title"]):
            titles.setdefault(doc_id, title)
        vocab["title"] = [titles[d] for d in vocab["doc_id"]]
        ids = np.array(cols["id"], dtype=f"S{max((len(e) for e in cols['id']), default=1)}")
        order = np.argsort(ids, kind="stable").astype(np.int32)
        offsets = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(cols["length"], out=offsets[1:])
        arrays = {"ids": ids, "order": order, "sorted_ids": ids[order], "offsets": offsets,
                  **{f"code_{name}": codes[name] for name in CODED},
                  "ordinal": np.asarray(cols["ordinal"], dtype=np.int32).reshape(rows),
                  "part": np.asarray(cols["part"], dtype=np.int32).reshape(rows),
                  "repaired": np.asarray(cols["repaired"], dtype=bool).reshape(rows)}
        if vectors is not None:
            arrays["vectors"] = _unit(vectors, rows)
        return cls(arrays, vocab, b"".join(cols["record"]), dict(meta or {}))

    def save(self, directory: Path, key: str) -> Path:
        """Write under ``directory/key`` (atomically) and remove the partition's keys completed
        before ``meta["read_at"]`` (none without it)."""
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / key
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=directory))
        try:
            for name, array in self._a.items():
                np.save(staging / f"{name}.npy", np.asarray(array))
            (staging / "records.bin").write_bytes(bytes(self._records))
            (staging / "vocab.json").write_text(json.dumps(self.vocab))
            (staging / "meta.json").write_text(json.dumps({**self.meta, "format": FORMAT, "size": self.size}))
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        publish(staging, target)
        prune(directory, key, self.meta.get("read_at"))
        return target

    @classmethod
    def load(cls, target: Path) -> "PartitionTable":
        """The table saved in ``target``, its arrays and records memory-mapped."""
        meta = json.loads((target / "meta.json").read_text())
        if meta.get("format") != FORMAT:
            raise ValueError(f"table format {meta.get('format')!r}")
        names = ("ids", "order", "sorted_ids", "offsets", "ordinal", "part", "repaired",
                 *(f"code_{name}" for name in CODED))
        maps: dict[str, mmap.mmap] = {}

        def mapped(name: str) -> np.ndarray:
            array = np.load(target / f"{name}.npy", mmap_mode="r")
            if getattr(array, "_mmap", None) is not None:
                maps[name] = array._mmap
            # a plain array view of the map: a memmap's Python-level indexing costs more than the lookup
            return array.view(np.ndarray)

        arrays = {name: mapped(name) for name in names}
        if (target / "vectors.npy").is_file():
            arrays["vectors"] = mapped("vectors")
            if len(arrays["vectors"]) != len(arrays["ordinal"]):
                raise ValueError("vector rows differ")
        records = FileRecords(target / "records.bin")
        table = cls(arrays, json.loads((target / "vocab.json").read_text()), records, meta)
        if table.size != meta["size"] or len(arrays["offsets"]) != table.size + 1:
            raise ValueError("table size differs")
        table.source = target
        table._maps = maps
        return table

    def release_pages(self, names: Iterable[str] | None = None) -> int:
        """Drop this process's resident pages of the table's maps (``names``: some of them, e.g.
        ``("vectors",)``; all by default); how many maps. The pages stay in the kernel's page
        cache and are mapped again when next read, so nothing changes but the resident set: a
        map read through once (a refresh's copy, the interim exact search) stops counting there."""
        chosen = self._maps if names is None else {n: self._maps[n] for n in names if n in self._maps}
        released = 0
        for handle in chosen.values():
            try:
                handle.madvise(mmap.MADV_DONTNEED)
                released += 1
            except (AttributeError, OSError, ValueError):  # no madvise here, or a closed map
                pass
        return released

    # -- reads ---------------------------------------------------------------------------
    def chunk_id(self, row: int) -> str:
        return self.ids[row].decode()

    def chunk_ids(self, rows: Sequence[int]) -> list[str]:
        """The ids of ``rows`` (one vectorised read, not one array scalar a row)."""
        return [cid.decode() for cid in self.ids[np.asarray(rows, dtype=np.int64)].tolist()]

    def chunk(self, row: int) -> Chunk:
        offsets = self._a["offsets"]
        return _chunk(self._records[int(offsets[row]) : int(offsets[row + 1])])

    def chunks(self, rows: Iterable[int] | None = None) -> Iterator[Chunk]:
        for row in range(self.size) if rows is None else rows:
            yield self.chunk(int(row))

    def rows_of(self, chunk_ids: Sequence[str]) -> np.ndarray:
        """The row of each id (-1 where this partition does not hold it)."""
        sorted_ids = self._a["sorted_ids"]
        if not self.size or not len(chunk_ids):
            return np.full(len(chunk_ids), -1, dtype=np.int64)
        width = sorted_ids.dtype.itemsize
        keys = [cid.encode() for cid in chunk_ids]
        fits = np.array([len(k) <= width for k in keys])
        wanted = np.array([k if f else b"" for k, f in zip(keys, fits)], dtype=sorted_ids.dtype)
        pos = np.minimum(np.searchsorted(sorted_ids, wanted), self.size - 1)
        found = fits & (sorted_ids[pos] == wanted) & (wanted != b"")
        return np.where(found, self._a["order"][pos], -1).astype(np.int64)

    def row_of(self, chunk_id: str) -> int:
        return int(self.rows_of([chunk_id])[0])

    def codes(self, name: str) -> np.ndarray:
        return self._a[f"code_{name}"]

    def clauses(self) -> Iterator[tuple[str, int]]:
        """(document, clause ordinal) of every clause, in table order, once each."""
        names = self.vocab["doc_id"]
        yield from dict.fromkeys(zip((names[int(d)] for d in self.codes("doc_id")), (int(o) for o in self._a["ordinal"])))

    def mask(self, name: str, wanted: Iterable[str]) -> np.ndarray:
        """Which rows have one of the ``wanted`` values of ``name`` (a coded field)."""
        codes = [self._code_of[name][v] for v in wanted if v in self._code_of[name]]
        return np.isin(self.codes(name), np.asarray(codes, dtype=np.int32))

    def doc_rows(self, doc_id: str) -> range:
        """The rows of one document (empty when absent)."""
        code = self._code_of["doc_id"].get(doc_id)
        if code is None:
            return range(0)
        docs = self.codes("doc_id")
        return range(int(np.searchsorted(docs, code, "left")), int(np.searchsorted(docs, code, "right")))

    def clause_rows(self, doc_id: str, ordinal: int) -> range:
        """The rows of one clause (its parts, in order)."""
        rows = self.doc_rows(doc_id)
        ordinals = self._a["ordinal"][rows.start : rows.stop]
        return range(rows.start + int(np.searchsorted(ordinals, ordinal, "left")),
                     rows.start + int(np.searchsorted(ordinals, ordinal, "right")))

    def documents(self) -> list[tuple[str, str, str, str, int, int]]:
        """Per document: id, title, organisation, type, clause count, repaired clause count."""
        docs, ordinals, repaired = self.codes("doc_id"), self._a["ordinal"], self._a["repaired"]
        orgs, types = self.codes("organisation"), self.codes("doc_type")
        out = []
        for code, doc_id in enumerate(self.vocab["doc_id"]):
            lo, hi = int(np.searchsorted(docs, code, "left")), int(np.searchsorted(docs, code, "right"))
            if lo == hi:
                continue
            out.append((doc_id, self.vocab["title"][code], self.vocab["organisation"][int(orgs[lo])],
                        self.vocab["doc_type"][int(types[lo])], len(np.unique(ordinals[lo:hi])),
                        len(np.unique(ordinals[lo:hi][np.asarray(repaired[lo:hi])]))))
        return out

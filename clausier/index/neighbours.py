"""A partition's nearest-neighbour search in-process, over the embeddings its table carries.

Every Chroma query pays a fixed cost whatever the collection's size (SQLite transactions, hand-offs
to its Rust runtime: 1-2.5 ms, more right after a query embedding), and a caller at clearance 3
pays it four times. Chroma stays the system of record; the hot path searches the rows of the
partition's table here instead: exactly (one matrix-vector product over the memory-mapped unit
rows) up to ``EXACT_ROWS`` rows, with an HNSW index above (chroma-hnswlib, the hnswlib fork
Chroma itself used, with our collections' space and parameters). A filter is a mask over rows:
few allowed rows are searched exactly, more are an hnswlib filter function.

The HNSW index of a table is saved under the table's register key in
``data/index/neighbours/<collection>/l<level>/<key>/`` (temporary folder renamed into place;
keys completed before the table's register was read removed, clausier/index/saved_dirs.py) and
loaded on first use; a missing one is built in the background (in a child
process for a large saved table, as lexical indexes are). Until it is ready (and for a table kept
in memory only), a table of up to ``INTERIM_EXACT_ROWS`` rows is searched exactly, which costs
less than Chroma's query at that size and never loads Chroma's own index into the process; a
larger one is searched by Chroma.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from .child_build import ChildBuild, Stopped
from .memory import trim_heap
from .partition_table import PartitionTable
from .saved_dirs import prune, publish

log = logging.getLogger(__name__)

FORMAT = "neighbours-1"  # bump when the saved layout or the parameters change
# Chroma's defaults for our collections (clausier/index/vectors.py creates them with these)
SPACE, M, EF_CONSTRUCTION, EF_SEARCH = "cosine", 16, 100, 100
EXACT_ROWS = 5_000  # up to this many rows (allowed rows under a filter) the search is exact, no index
# a table whose HNSW index is not ready is searched exactly meanwhile up to this many rows, above
# by Chroma (exact costs about Chroma's query at half this size: docs/experiments-scale.md)
INTERIM_EXACT_ROWS = 50_000
CHILD_BUILD_ROWS = 20_000  # a saved table this large gets its HNSW index built in a child process
CHILD_TIMEOUT = 3600.0


def _hnswlib():
    import hnswlib  # chroma-hnswlib

    return hnswlib


class Neighbours:
    """The nearest rows of one table to a query: exact, or through an HNSW index over its rows."""

    def __init__(self, table: PartitionTable, hnsw=None):
        if table.vectors is None:
            raise ValueError("table without vectors")
        self.table, self._hnsw = table, hnsw

    @property
    def exact(self) -> bool:
        return self._hnsw is None

    def search(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rows, cosines) of the k nearest rows (``mask``: only those rows), best first."""
        query = np.asarray(vector, dtype=np.float32).ravel()
        query = query / (np.linalg.norm(query) or 1.0)
        allowed = None if mask is None else np.flatnonzero(mask)
        if allowed is not None and not len(allowed) or not self.table.size or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if self._hnsw is None or (allowed is not None and len(allowed) <= EXACT_ROWS):
            return _exact(self.table.vectors, query, k, allowed)
        k = min(k, self.table.size if allowed is None else len(allowed))
        test = None if allowed is None else np.asarray(mask, dtype=bool).tolist().__getitem__
        try:
            labels, distances = self._hnsw.knn_query(query, k=k, num_threads=1, filter=test)
        except RuntimeError:  # fewer than k reachable under the filter: exact over the allowed rows
            return _exact(self.table.vectors, query, k, allowed if allowed is not None else np.arange(self.table.size))
        return labels[0].astype(np.int64), (1.0 - distances[0]).astype(np.float32)


def _exact(vectors: np.ndarray, query: np.ndarray, k: int, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    # einsum, not BLAS: numpy's BLAS spreads a large product over threads that spin on a busy
    # 2-core machine (docs/experiments-scale.md, session 13); einsum stays in this thread
    scores = np.einsum("ij,j->i", vectors if rows is None else vectors[rows], query)
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    top = top[np.lexsort((top, -scores[top]))]  # best first, ties in row order
    return (top if rows is None else rows[top]).astype(np.int64), scores[top].astype(np.float32)


def build_hnsw(table: PartitionTable):
    """An HNSW index over the table's rows (labels are row numbers)."""
    hnswlib = _hnswlib()
    vectors = table.vectors
    index = hnswlib.Index(space=SPACE, dim=int(vectors.shape[1]))
    index.init_index(max_elements=max(1, table.size), ef_construction=EF_CONSTRUCTION, M=M)
    for start in range(0, table.size, 10_000):  # bounded copies of the memory-mapped rows
        index.add_items(np.ascontiguousarray(vectors[start : start + 10_000]), np.arange(start, min(start + 10_000, table.size)))
    index.set_ef(EF_SEARCH)
    return index


def _meta(table: PartitionTable) -> dict:
    return {"format": FORMAT, "rows": table.size, "space": SPACE, "M": M, "ef_construction": EF_CONSTRUCTION}


def save_hnsw(index, table: PartitionTable, directory: Path, key: str, read_at: float | None = None) -> None:
    """Write under ``directory/key`` (atomically) and remove the keys completed before
    ``read_at`` (default: the table's ``meta["read_at"]``)."""
    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=directory))
    try:
        index.save_index(str(staging / "hnsw.bin"))
        (staging / "meta.json").write_text(json.dumps(_meta(table)))
    except (OSError, RuntimeError):
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish(staging, directory / key)  # False: another instance saved the same table first
    prune(directory, key, table.meta.get("read_at") if read_at is None else read_at)


def load_hnsw(target: Path, table: PartitionTable):
    if json.loads((target / "meta.json").read_text()) != _meta(table):
        raise ValueError("saved for another table or other parameters")
    index = _hnswlib().Index(space=SPACE, dim=int(table.vectors.shape[1]))
    index.load_index(str(target / "hnsw.bin"), max_elements=table.size)
    index.set_ef(EF_SEARCH)
    index.set_num_threads(1)
    return index


class LocalNeighbours:
    """A partition's local search as it becomes available: at once when exact; for a large table,
    once its HNSW index is loaded (first use) or built (in the background), with an exact search
    meanwhile up to ``INTERIM_EXACT_ROWS`` rows. ``get`` returns None for a table without
    vectors, or too large for the interim search while its index is not ready (the caller asks
    Chroma)."""

    def __init__(self, table: PartitionTable, directory: Path | None, key: str):
        self._table, self._directory, self._key = table, directory, key
        self._ready: Neighbours | None = None
        self._interim: Neighbours | None = None
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self._child_build = ChildBuild()

    def get(self) -> Neighbours | None:
        if self._ready is not None or self._table.vectors is None:
            return self._ready
        if self._table.size <= EXACT_ROWS:
            self._ready = Neighbours(self._table)
            return self._ready
        if self._directory is not None and self._key:
            with self._lock:
                if self._ready is None and self._building is None and not self._child_build.stopped:
                    target = self._directory / self._key
                    if (target / "meta.json").is_file():
                        try:
                            self._ready = Neighbours(self._table, load_hnsw(target, self._table))
                            self._table.release_pages(("vectors",))  # the index holds its own copy
                            trim_heap()  # ≈ 1 ms: a replaced table's index, freed, leaves its pages to the system
                        except (OSError, ValueError, RuntimeError, ImportError) as exc:
                            log.warning("neighbours_unreadable dir=%s error=%s", target, exc)
                    if self._ready is None:
                        self._building = threading.Thread(target=self._build, name="hnsw-build", daemon=True)
                        self._building.start()
            if self._ready is not None:
                return self._ready
        if self._table.size > INTERIM_EXACT_ROWS:
            return None
        if self._interim is None:
            self._interim = Neighbours(self._table)
        return self._interim

    def wait(self, timeout: float | None = None) -> bool:
        """Start the search if needed and wait until it is final (exact, or through its HNSW
        index); whether it is."""
        self.get()
        if self._ready is None and self._building is not None:
            self._building.join(timeout)
        return self._ready is not None

    def supersede(self) -> None:
        """The partition has a newer table: this one's index will never serve, so a build under
        way in a child is stopped and none is started."""
        self._child_build.stop()

    def _build(self) -> None:
        table, directory, key = self._table, self._directory, self._key
        started = time.perf_counter()
        try:
            # in a child for a large saved table: the build's copies never enter this heap
            if not (table.source is not None and table.size >= CHILD_BUILD_ROWS and self._child_build.run(
                    "clausier.index.neighbours", [str(table.source), str(directory), key,
                                                  "" if table.meta.get("read_at") is None else repr(table.meta["read_at"])],
                    CHILD_TIMEOUT)):
                save_hnsw(build_hnsw(table), table, directory, key)
            self._ready = Neighbours(table, load_hnsw(directory / key, table))
            # the index holds its own copy: the pages the interim exact search read stop counting here
            table.release_pages(("vectors",))
            trim_heap()  # the replaced table's index, freed by now, leaves its pages to the system
            log.info("neighbours_built rows=%d seconds=%.1f", table.size, time.perf_counter() - started)
        except Stopped:
            log.info("neighbours_build_superseded rows=%d seconds=%.1f", table.size, time.perf_counter() - started)
        except (OSError, ValueError, RuntimeError, ImportError) as exc:  # the partition stays on Chroma's search
            log.warning("neighbours_not_built dir=%s error=%s", directory / key, exc)


def _child(argv: list[str]) -> int:
    table = PartitionTable.load(Path(argv[0]))
    read_at = float(argv[3]) if len(argv) > 3 and argv[3] else None
    save_hnsw(build_hnsw(table), table, Path(argv[1]), argv[2], read_at)
    return 0


if __name__ == "__main__":  # the child of LocalNeighbours._build: TABLE_DIR NEIGHBOURS_DIR KEY [READ_AT]
    raise SystemExit(_child(sys.argv[1:]))

"""Lexical indexes saved next to the data, keyed by their content, loaded memory-mapped.

Building BM25 for a partition means analysing every chunk and sentence (the Python text
normaliser is most of the cost: a minute at 100 k chunks); every instance used to pay it at
start-up. The index of a partition is saved under a key hashed from its chunk ids in order
(a chunk id hashes its document, clause and text), the analyser version and the BM25
parameters: any instance holding the same chunks loads it, memory-mapped, in milliseconds,
and any change of content gives a new key. Writes go to a temporary folder renamed into place,
so concurrent instances never read half an index; a content key can come back (a document
removed and added again), so a key found current is marked so before older ones are pruned
(clausier/index/saved_dirs.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from clausier.schema import Chunk

from .lexical import BM25_B, BM25_K1, LexicalIndex, _Bm25
from .child_build import ChildBuild
from .memory import release_freed_memory
from .partition_table import PartitionTable
from .saved_dirs import mark_current, prune, publish

log = logging.getLogger(__name__)

FORMAT = "lexical-1"  # bump when the analyser or the saved layout changes
CHILD_BUILD_ROWS = 20_000  # a saved table this large is indexed in a child process (see _build_in_child)
CHILD_TIMEOUT = 3600.0


def content_key(chunks: Sequence[Chunk] | PartitionTable) -> str:
    """The key of a partition's content: its chunk ids in order, the analyser, the parameters."""
    digest = hashlib.sha256(f"{FORMAT}|{BM25_K1}|{BM25_B}".encode())
    ids = (c.chunk_id.encode() for c in chunks) if not isinstance(chunks, PartitionTable) else \
        (bytes(i) for i in chunks.ids)
    for chunk_id in ids:
        digest.update(b"\x1f" + chunk_id)
    return digest.hexdigest()[:24]


def open_index(chunks: Sequence[Chunk] | PartitionTable, directory: Path | None,
               child_build: ChildBuild | None = None) -> LexicalIndex:
    """The lexical index of ``chunks`` (a list, or a partition's table): loaded from
    ``directory`` when saved there for exactly these chunks, else built (and saved when
    ``directory`` is given). A large table is built in a child through ``child_build``
    (raises ``Stopped`` if it is stopped)."""
    table = chunks if isinstance(chunks, PartitionTable) else PartitionTable.from_chunks(chunks)
    if directory is None or not table.size:
        return LexicalIndex(rows=table)
    key = table.meta.get("lexical_key") or content_key(table)
    read_at = table.meta.get("read_at")  # when the register this content is current for was read
    target = directory / key
    if (target / "meta.json").is_file():
        try:
            index = _load(target, table)
            mark_current(target)
            return index
        except (OSError, ValueError, KeyError) as exc:
            log.warning("lexical_index_unreadable dir=%s error=%s", target, exc)
    if table.source is not None and table.size >= CHILD_BUILD_ROWS and \
            _build_in_child(table.source, directory, key, read_at, child_build or ChildBuild()):
        try:
            return _load(target, table)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("lexical_index_unreadable dir=%s error=%s", target, exc)
    index = LexicalIndex(rows=table)
    try:
        _save(index, directory, key, read_at)
    except OSError as exc:  # a read-only data dir still serves, from memory
        log.warning("lexical_index_not_saved dir=%s error=%s", target, exc)
        return index
    try:  # served from the maps, as any later start serves it: the built arrays are freed
        index = _load(target, table)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("lexical_index_unreadable dir=%s error=%s", target, exc)
    release_freed_memory()
    return index


def _build_in_child(table_dir: Path, directory: Path, key: str, read_at: float | None, child_build: ChildBuild) -> bool:
    """Build and save the index of the table saved in ``table_dir`` in a child process, so that
    the build's short-lived objects (hundreds of MB at 100 k chunks, which the allocator would
    keep) never enter this process's heap. False when the child failed (the caller builds here)."""
    started = time.perf_counter()
    if not child_build.run("clausier.index.lexical_store",
                           [str(table_dir), str(directory), key, "" if read_at is None else repr(read_at)], CHILD_TIMEOUT):
        return False
    log.info("lexical_index_built_in_child rows_dir=%s seconds=%.1f", table_dir.name, time.perf_counter() - started)
    return True


def _child(argv: list[str]) -> int:
    table_dir, directory, key = Path(argv[0]), Path(argv[1]), argv[2]
    read_at = float(argv[3]) if len(argv) > 3 and argv[3] else None
    _save(LexicalIndex(rows=PartitionTable.load(table_dir)), directory, key, read_at)
    return 0


def _load(target: Path, table: PartitionTable) -> LexicalIndex:
    meta = json.loads((target / "meta.json").read_text())
    if meta["chunks"] != table.size:
        raise ValueError("chunk count differs")
    parts = (_Bm25.load(str(target / "chunks"), meta["chunks"]),
             np.load(target / "owners.npy", mmap_mode="r"),
             _Bm25.load(str(target / "sentences"), meta["sentences"]))
    return LexicalIndex(rows=table, _parts=parts)


def _save(index: LexicalIndex, directory: Path, key: str, read_at: float | None = None) -> None:
    """Write under ``directory/key`` (atomically) and remove the keys completed before
    ``read_at`` (open maps stay valid)."""
    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=directory))
    try:
        index._chunk_bm25.save(str(staging / "chunks"))
        index._sentence_bm25.save(str(staging / "sentences"))
        np.save(staging / "owners.npy", np.asarray(index._owners, dtype=np.int64))
        (staging / "meta.json").write_text(json.dumps(
            {"format": FORMAT, "chunks": index._chunk_bm25.size, "sentences": index._sentence_bm25.size}))
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not publish(staging, directory / key):  # another instance saved the same content first
        mark_current(directory / key)
    prune(directory, key, read_at)


if __name__ == "__main__":  # the child of _build_in_child: TABLE_DIR LEXICAL_DIR KEY [READ_AT]
    raise SystemExit(_child(sys.argv[1:]))

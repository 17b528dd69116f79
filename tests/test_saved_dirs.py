"""Folders saved by key (partition tables, lexical and HNSW indexes) on real files: a slow build of
an old key never removes a newer key, a reader never finds a current key missing or partial, and
stale keys still go."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from clausier.index import lexical_store, saved_dirs
from clausier.index.filters import SearchFilter
from clausier.index.neighbours import build_hnsw, load_hnsw, save_hnsw
from clausier.index.partition_table import PartitionTable
from tests.test_partition_table import _doc

ALL = SearchFilter(max_level=3)


def _table(seed: int, read_at: float, n: int = 12) -> PartitionTable:
    rng = np.random.default_rng(seed)
    chunks, vectors = _doc(f"doc{seed}", n, 0, rng, tag=f"v{seed} ")
    return PartitionTable.from_chunks(chunks, meta={"read_at": read_at}, vectors=vectors)


def _age(folder: Path, seconds: float) -> None:
    """Make ``folder`` look completed ``seconds`` ago (as a key saved by an earlier refresh)."""
    then = time.time() - seconds
    os.utime(folder, (then, then))


def _keys(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if not p.name.startswith("."))


def _save_lexical(table: PartitionTable, directory: Path) -> None:
    lexical_store.open_index(table, directory)


def _save_hnsw(table: PartitionTable, directory: Path, key: str) -> None:
    save_hnsw(build_hnsw(table), table, directory, key)


SAVERS = {
    "table": lambda table, directory, key: table.save(directory, key),
    "lexical": lambda table, directory, key: _save_lexical(table, directory),
    "hnsw": _save_hnsw,
}


def _key(kind: str, table: PartitionTable, key: str) -> str:
    return lexical_store.content_key(table) if kind == "lexical" else key


@pytest.mark.parametrize("kind", list(SAVERS))
def test_an_old_build_finishing_last_keeps_the_newer_key(tmp_path, kind):
    """Builder A read the register, then B read it after a write and saved first; A's save
    (previously: « remove every other key ») leaves B's key in place; a later save removes both."""
    save = SAVERS[kind]
    now = time.time()
    old, new = _table(1, read_at=now - 30), _table(2, read_at=now)
    save(new, tmp_path, "k-new")
    save(old, tmp_path, "k-old")  # the slow build of the older register ends last
    newer, older = _key(kind, new, "k-new"), _key(kind, old, "k-old")
    assert newer in _keys(tmp_path)
    if kind == "table":
        assert PartitionTable.load(tmp_path / newer).chunk_ids([0]) == new.chunk_ids([0])
    elif kind == "lexical":
        hits = lexical_store._load(tmp_path / newer, new).search("clause", 5, ALL)
        assert hits and {cid for cid, _ in hits} <= set(new.chunk_ids(range(new.size)))
    else:
        assert load_hnsw(tmp_path / newer, new).get_current_count() == new.size
    for name in _keys(tmp_path):  # both saved before the next register read
        _age(tmp_path / name, 10)
    latest = _table(3, read_at=time.time())
    save(latest, tmp_path, "k-latest")
    assert _keys(tmp_path) == [_key(kind, latest, "k-latest")]


def test_a_lexical_key_that_comes_back_is_not_removed_by_a_lagging_builder(tmp_path):
    """Content A, then B, then A again (a document removed and added back): the instance that
    finds A's saved index current marks it, so a builder still on B does not remove it."""
    first = _table(1, read_at=time.time() - 60)
    _save_lexical(first, tmp_path)
    _age(tmp_path / lexical_store.content_key(first), 50)  # saved long ago
    lagging = _table(2, read_at=time.time() - 20)  # read the register before A came back
    again = _table(1, read_at=time.time())
    lexical_store.open_index(again, tmp_path)  # loaded (A is current again) ...
    _save_lexical(lagging, tmp_path)  # ... while the lagging build of B ends
    assert lexical_store.content_key(again) in _keys(tmp_path)


def test_a_reader_never_finds_the_current_key_missing_or_partial(tmp_path):
    """One thread loads the current table, lexical and HNSW indexes again and again while
    another keeps saving stale keys (slow builds of older registers) beside them."""
    now = time.time()
    current = _table(7, read_at=now, n=40)
    dirs = {name: tmp_path / name for name in ("tables", "lexical", "nn")}
    current.save(dirs["tables"], "current")
    lexical_store.open_index(current, dirs["lexical"])
    _save_hnsw(current, dirs["nn"], "current")
    lexical_key = lexical_store.content_key(current)
    expected = current.chunk_ids(range(current.size))
    stop, failures, loads = threading.Event(), [], [0]

    def read():
        while not stop.is_set():
            try:
                table = PartitionTable.load(dirs["tables"] / "current")
                assert table.chunk_ids(range(table.size)) == expected
                assert lexical_store._load(dirs["lexical"] / lexical_key, table).search("clause", 40, ALL)
                assert load_hnsw(dirs["nn"] / "current", table).get_current_count() == table.size
                loads[0] += 1
            except Exception as exc:  # noqa: BLE001  (any failure is the finding)
                failures.append(repr(exc))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(6):
            stale = _table(100 + i, read_at=now - 60 + i)
            stale.save(dirs["tables"], f"stale{i}")
            lexical_store.open_index(stale, dirs["lexical"])
            _save_hnsw(stale, dirs["nn"], f"stale{i}")
    finally:
        stop.set()
        reader.join()
    assert not failures and loads[0] > 0
    assert "current" in _keys(dirs["tables"]) and lexical_key in _keys(dirs["lexical"]) and "current" in _keys(dirs["nn"])


def test_temporary_folders_left_by_a_dead_writer_go(tmp_path):
    left = tmp_path / ".k1-abcd"
    left.mkdir()
    (left / "hnsw.bin").write_bytes(b"partial")
    fresh = tmp_path / ".k2-efgh"  # a writer still at work
    fresh.mkdir()
    _age(left, saved_dirs.STAGING_TTL + 60)
    _table(1, read_at=time.time()).save(tmp_path, "k3")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".k2-efgh", "k3"]

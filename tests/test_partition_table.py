"""The compact catalogue: partition tables saved by register key, memory-mapped, read lazily."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from clausier.index.partition_table import PartitionTable
from clausier.index.vectors import VectorStore
from clausier.schema import Chunk, Segment, chunk_id_for
from clausier.settings import Settings
from retriever.catalogue import Catalogue

WORDS = ["conservation", "données", "cookies", "sous-traitant", "transfert", "droit", "accès", "durée"]


_SEGMENTS = (Segment(0, 6, "heading", 0), Segment(7, 20, "sentence", 1, intro=True), Segment(21, 30, "item", 2, list_of=1))


def _doc(doc: str, n: int, level: int, rng: np.random.Generator, *, org: str = "", tag: str = "") -> tuple[list[Chunk], np.ndarray]:
    chunks = []
    for i in range(n):
        ordinal, part = i // 2, i % 2
        text = f"{tag}Clause {i} de {doc} : {WORDS[int(rng.integers(8))]} « {WORDS[int(rng.integers(8))]} » é\u00e8\u2019."
        chunks.append(Chunk(chunk_id=chunk_id_for(doc, str(ordinal), ordinal, part, text), doc_id=doc,
                            title=f"Titre {doc}", organisation=org or f"Org {doc}", doc_type="politique",
                            level=level, clause=str(ordinal), heading=f"Section {ordinal}", page=1 + i // 3,
                            text=text, header=f"{doc} {ordinal}", ordinal=ordinal, part=part,
                            repaired=i == 1, repair_confidence=0.5 if i == 1 else None,
                            original_text="x" if i == 1 else None, page_breaks=((3, 2),) if i == 2 else (),
                            part_start=4 * part, segments=_SEGMENTS if i == 3 else ()))
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    return chunks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _write(store: VectorStore, chunks: list[Chunk], vectors: np.ndarray, **meta) -> None:
    store.upsert(chunks, vectors, {"origin": "test", "chunk_count": len(chunks), **meta})


@pytest.fixture
def world(tmp_path: Path):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = VectorStore(settings)
    rng = np.random.default_rng(5)
    docs = {}
    for d, level in (("alpha", 0), ("beta", 0), ("gamma", 1), ("delta", 3)):
        docs[d] = _doc(d, 7, level, rng)
        _write(store, *docs[d])
    return store, docs, tmp_path / "tables", rng


def _age(directory: Path, seconds: float = 10.0) -> None:
    """Make the keys saved under ``directory`` look completed ``seconds`` ago (before the
    register read that follows: a key saved after it may be newer and is kept)."""
    then = time.time() - seconds
    for folder in directory.iterdir():
        os.utime(folder, (then, then))


def _order(chunks):
    return sorted(chunks, key=lambda c: (c.doc_id, c.ordinal, c.part))


def test_a_table_round_trips_every_field_memory_mapped(tmp_path, world):
    _, docs, _, _ = world
    chunks = _order(c for cs, _ in docs.values() for c in cs)
    table = PartitionTable.from_chunks(chunks)
    loaded = PartitionTable.load(table.save(tmp_path / "l0", "k1"))
    assert isinstance(loaded.ids.base, np.memmap)  # file-backed, not read in
    assert list(loaded.chunks()) == chunks == list(table.chunks())
    wanted = [chunks[5].chunk_id, "absent:0000", chunks[0].chunk_id, "x" * 500, ""]
    assert list(loaded.rows_of(wanted)) == [5, -1, 0, -1, -1]
    assert loaded.chunk_ids([5, 0, 5]) == [chunks[5].chunk_id, chunks[0].chunk_id, chunks[5].chunk_id]
    assert loaded.chunk_ids(np.arange(len(chunks))) == [c.chunk_id for c in chunks] and loaded.chunk_ids([]) == []
    assert [c.chunk_id for c in loaded.chunks(loaded.clause_rows("gamma", 1))] == \
        [c.chunk_id for c in chunks if c.doc_id == "gamma" and c.ordinal == 1]
    assert len(loaded.clause_rows("gamma", 99)) == 0 and len(loaded.doc_rows("nope")) == 0
    assert loaded.documents()[0] == ("alpha", "Titre alpha", "Org alpha", "politique", 4, 1)
    assert list(np.flatnonzero(loaded.mask("organisation", {"Org beta", "Org nope"}))) == \
        [i for i, c in enumerate(chunks) if c.organisation == "Org beta"]
    _age(tmp_path / "l0")
    PartitionTable.from_chunks(chunks[:3], meta={"read_at": time.time()}).save(tmp_path / "l0", "k2")
    assert [p.name for p in (tmp_path / "l0").iterdir()] == ["k2"]  # the key saved before k2's register read goes


def _resident_kb(path: Path) -> int:
    """This process's resident KB of the maps of ``path`` (/proc/self/smaps)."""
    total, inside = 0, False
    for line in open("/proc/self/smaps"):
        head = line.split()
        if "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
            inside = len(head) > 5 and head[5] == str(path)
        elif inside and head[0] == "Rss:":
            total += int(head[1])
    return total


def test_released_pages_leave_the_resident_set_and_are_read_again(tmp_path, world):
    _, docs, _, rng = world
    chunks = _order(c for cs, _ in docs.values() for c in cs)
    # large enough that its maps span many pages
    chunks = [replace(c, text=c.text * 40) for c in chunks] * 1
    vectors = rng.normal(size=(len(chunks), 384)).astype(np.float32)
    target = PartitionTable.from_chunks(chunks, vectors=vectors).save(tmp_path / "l0", "k1")
    loaded = PartitionTable.load(target)
    assert list(loaded.chunks()) == chunks and float(loaded.vectors.sum()) != 0.0  # every page read
    assert loaded.chunk_ids(np.arange(len(chunks))) == [c.chunk_id for c in chunks]
    assert _resident_kb(target / "vectors.npy") > 0 and _resident_kb(target / "ids.npy") > 0
    assert _resident_kb(target / "records.bin") == 0  # read by offset, never mapped
    assert loaded.release_pages(("vectors",)) == 1
    assert _resident_kb(target / "vectors.npy") == 0 and _resident_kb(target / "ids.npy") > 0
    assert loaded.release_pages() >= 3
    assert _resident_kb(target / "ids.npy") == 0
    assert list(loaded.chunks()) == chunks  # read again from the page cache, unchanged
    assert np.array_equal(loaded.vectors, PartitionTable.from_chunks(chunks, vectors=vectors).vectors)
    assert PartitionTable.from_chunks(chunks).release_pages() == 0  # built in memory: nothing mapped


def test_a_second_instance_starts_without_reading_chunks_from_chroma(world, monkeypatch):
    store, docs, tables, _ = world
    first = Catalogue(store, table_dir=tables)
    view = first.sync()
    assert sorted(p.name for p in tables.iterdir()) == ["l0", "l1", "l2", "l3"]

    def no_chunk_reads(*args, **kwargs):
        raise AssertionError("chunks read from Chroma at start-up")

    monkeypatch.setattr(store, "chunks_with_vectors", no_chunk_reads)
    second = Catalogue(store, table_dir=tables).sync()
    assert dict(second.chunks) == dict(view.chunks)
    assert dict(view.chunks) == {c.chunk_id: c for cs, _ in docs.values() for c in cs}
    assert {level: second.partitions[level].table.size for level in range(4)} == {0: 14, 1: 7, 2: 0, 3: 7}
    assert second.organisations[0].organisations == ("Org alpha", "Org beta")
    assert isinstance(second.partitions[0].table.ids.base, np.memmap)


def test_a_write_fetches_only_the_changed_document_and_a_new_key_is_saved(world, monkeypatch):
    store, docs, tables, rng = world
    catalogue = Catalogue(store, table_dir=tables)
    before = catalogue.sync()
    old_key = before.partitions[0].key
    fetched = []
    real = store.chunks_with_vectors
    monkeypatch.setattr(store, "chunks_with_vectors", lambda level, doc_ids=None: fetched.append((level, doc_ids)) or real(level, doc_ids))
    changed, vectors = _doc("beta", 5, 0, rng, tag="nouveau ")
    _age(tables / "l0")  # saved before the next register read
    _write(store, changed, vectors)
    store.delete({c.chunk_id for c in docs["beta"][0]})
    after = catalogue.sync()
    assert fetched == [(0, ["beta"])]
    assert after.partitions[1] is before.partitions[1]  # untouched partitions are kept as they are
    assert [c for c in after.chunks.values() if c.doc_id == "beta"] == changed
    assert [p.name for p in (tables / "l0").iterdir()] == [after.partitions[0].key] != [old_key]
    assert after.partitions[0].lexical.search("nouveau", 3, _flt())[0][0].startswith("beta:")


def test_a_document_caught_mid_write_is_not_saved_and_is_fetched_again(world):
    store, docs, tables, rng = world
    catalogue = Catalogue(store, table_dir=tables)
    empty = catalogue.sync().partitions[2].key
    partial, vectors = _doc("epsilon", 4, 2, rng)
    store.upsert(partial[:2], vectors[:2], {"origin": "test", "chunk_count": 4})  # two of four written
    view = catalogue.sync()
    assert view.partitions[2].key == "" and view.partitions[2].table.size == 2
    assert [p.name for p in (tables / "l2").iterdir()] == [empty]  # the partial table is not saved
    _age(tables / "l2")
    _write(store, partial, vectors)
    view = catalogue.sync()
    assert view.partitions[2].key and view.partitions[2].table.size == 4
    assert [p.name for p in (tables / "l2").iterdir()] == [view.partitions[2].key]


def test_a_level_change_moves_the_document_between_tables(world):
    store, docs, tables, _ = world
    catalogue = Catalogue(store, table_dir=tables)
    catalogue.sync()
    moved, vectors = docs["delta"]
    _write(store, [replace(c, level=0) for c in moved], vectors)
    view = catalogue.sync()
    assert view.partitions[3].table.size == 0
    assert {c.doc_id for c in view.partitions[0].table.chunks()} == {"alpha", "beta", "delta"}
    assert all(c.level == 0 for c in view.partitions[0].table.chunks())


def _flt():
    from clausier.index.filters import SearchFilter

    return SearchFilter(max_level=3)


def test_chroma_keeps_every_field_of_a_chunk_including_its_clause_structure(world):
    store, docs, _, _ = world
    written = {c.chunk_id: c for c in docs["alpha"][0]}
    read = {c.chunk_id: c for c in store.chunks(0, ["alpha"])}
    assert read == written
    assert any(c.segments == _SEGMENTS and c.part_start == 4 for c in read.values())


def test_a_record_holds_every_segment_field_in_order(world):
    """The record's segments are the segments' fields in declaration order (what ``_chunk``
    reads back), as ``dataclasses.astuple`` gives them."""
    import json
    from dataclasses import astuple

    from clausier.index.partition_table import _record

    _, docs, _, _ = world
    chunk = next(c for cs, _ in docs.values() for c in cs if c.segments)
    assert json.loads(_record(chunk))[-1] == [list(astuple(s)) for s in chunk.segments] != []


def test_a_table_built_from_another_table_s_rows_is_the_table_of_their_chunks(tmp_path, world):
    """What a refresh builds (the unchanged documents' rows copied from the saved table, the
    changed document's chunks encoded) is byte for byte the table of the same chunks."""
    _, docs, _, rng = world
    saved = PartitionTable.load(PartitionTable.from_chunks(
        [c for d in sorted(docs) for c in docs[d][0]], vectors=np.concatenate([docs[d][1] for d in sorted(docs)])
    ).save(tmp_path / "l0", "k1"))
    beta, beta_vectors = _doc("beta", 5, 0, rng, tag="nouveau ")
    blocks = [(saved, saved.doc_rows("alpha")), beta, (saved, saved.doc_rows("delta")), (saved, range(0)),
              (saved, saved.doc_rows("gamma"))]
    chunks = [*docs["alpha"][0], *beta, *docs["delta"][0], *docs["gamma"][0]]
    vectors = np.concatenate([saved.vectors[saved.doc_rows("alpha").start : saved.doc_rows("alpha").stop], beta_vectors,
                              saved.vectors[saved.doc_rows("delta").start : saved.doc_rows("delta").stop],
                              saved.vectors[saved.doc_rows("gamma").start : saved.doc_rows("gamma").stop]])
    copied, encoded = PartitionTable.from_blocks(blocks, vectors=vectors), PartitionTable.from_chunks(chunks, vectors=vectors)
    assert copied.vocab == encoded.vocab and bytes(copied._records) == bytes(encoded._records)
    assert copied._a.keys() == encoded._a.keys()
    for name, array in encoded._a.items():
        assert copied._a[name].dtype == array.dtype and np.array_equal(copied._a[name], array), name
    assert list(copied.chunks()) == chunks


def test_while_a_changed_partition_s_lexical_index_is_built_the_previous_one_answers(world, monkeypatch):
    """A write that changes a document's texts: the next search does not wait for the new
    lexical index (built in the background); meanwhile no chunk the write removed is returned,
    and once built, the new texts are found."""
    import threading

    import retriever.lazy_lexical as lazy_lexical
    from clausier.schema import Caller
    from retriever.search import RetrievalConfig, Retriever

    store, docs, tables, rng = world
    retriever = Retriever(store, None, RetrievalConfig(mode="bm25"), table_dir=tables, lexical_dir=tables.parent / "lexical")
    caller = Caller(user="t", clearance=0)
    before = retriever.search("Clause de beta", caller, k=20)
    assert any(hit.doc_id == "beta" for hit in before)
    gate, real = threading.Event(), lazy_lexical.open_index
    monkeypatch.setattr(lazy_lexical, "open_index", lambda *a: gate.wait(120) and real(*a))
    changed, vectors = _doc("beta", 5, 0, rng, tag="nouveau ")
    _write(store, changed, vectors)
    store.delete({c.chunk_id for c in docs["beta"][0]})
    old_ids = {c.chunk_id for c in docs["beta"][0]}
    meanwhile = retriever.search("Clause de beta", caller, k=20)  # the build waits on the gate
    assert meanwhile and not old_ids & {hit.chunk_id for hit in meanwhile}
    assert not any(hit.text.startswith("nouveau") for hit in retriever.search("nouveau", caller, k=20))
    gate.set()
    retriever.view().partitions[0].lazy_lexical.wait(timeout=120)
    after = retriever.search("nouveau", caller, k=20)
    assert {hit.chunk_id for hit in after if hit.doc_id == "beta"} == {c.chunk_id for c in changed}


def test_no_previous_lexical_index_answers_after_a_document_left_for_a_higher_level(world):
    store, docs, tables, _ = world
    catalogue = Catalogue(store, table_dir=tables, lexical_dir=tables.parent / "lexical")
    view = catalogue.sync()
    view.partitions[0].lexical.search("Clause", 3, _flt())  # opened: it could stand in
    chunks, vectors = docs["beta"]
    _write(store, [replace(c, level=3) for c in chunks], vectors)  # beta raised from 0 to 3
    view = catalogue.sync()
    assert view.partitions[0].lazy_lexical.serving() is None  # the next search waits for the new one
    assert all(not cid.startswith("beta:") for cid, _ in view.partitions[0].lexical.search("Clause beta", 20, _flt()))

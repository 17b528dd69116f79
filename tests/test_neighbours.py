"""The in-process nearest-neighbour search of a partition: Chroma's neighbours, masks for
filters, the saved HNSW index reloaded, Chroma answering while it is not ready, clearance."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

import clausier.index.neighbours as neighbours
import retriever.dense as dense
from clausier.index.filters import SearchFilter
from clausier.index.neighbours import LocalNeighbours, Neighbours, build_hnsw
from clausier.index.vectors import VectorStore
from clausier.schema import Caller
from clausier.settings import Settings
from retriever.catalogue import Catalogue
from retriever.search import RetrievalConfig, Retriever
from tests.test_dense import FILTERS
from tests.test_partition_table import _doc, _write

QUESTIONS = ["Combien de temps les données sont-elles conservées ?", "Qui est le délégué à la protection des données ?",
             "Quels cookies sont déposés et comment les refuser ?", "What rights do users have over their personal data?"]


def _ids(pairs):
    return [cid for cid, _ in pairs]


def test_the_collections_use_the_parameters_the_local_index_copies(corpus_retriever):
    hnsw = corpus_retriever.store._parts[0].configuration["hnsw"]
    assert (hnsw["space"], hnsw["max_neighbors"], hnsw["ef_construction"], hnsw["ef_search"]) == \
        (neighbours.SPACE, neighbours.M, neighbours.EF_CONSTRUCTION, neighbours.EF_SEARCH)


@pytest.mark.parametrize("k", [10, 40])
def test_exact_and_hnsw_search_give_chroma_s_neighbours_on_the_corpus(corpus_retriever, embedder, k):
    table = corpus_retriever.view().partitions[0].table
    assert table.size > 100 and table.vectors.shape == (table.size, 384)
    exact, hnsw = Neighbours(table), Neighbours(table, build_hnsw(table))
    for question in QUESTIONS:
        vector = embedder.embed_queries([question])[0]
        by_chroma = dense.nearest(corpus_retriever.store, 0, table, vector, k, SearchFilter(max_level=3))
        for local in (exact, hnsw):
            found = dense.nearest(corpus_retriever.store, 0, table, vector, k, SearchFilter(max_level=3), local)
            assert _ids(found) == _ids(by_chroma)
            assert [s for _, s in found] == pytest.approx([s for _, s in by_chroma], abs=1e-5)


@pytest.mark.parametrize("flt", FILTERS, ids=["one-org", "two-orgs", "type", "unknown-org"])
@pytest.mark.parametrize("exact_rows", [10_000, 0], ids=["exact", "hnsw-filter"])
def test_filters_are_masks_over_rows_with_chroma_s_filtered_neighbours(corpus_retriever, embedder, monkeypatch, flt, exact_rows):
    table = corpus_retriever.view().partitions[0].table
    local = Neighbours(table, build_hnsw(table))
    monkeypatch.setattr(neighbours, "EXACT_ROWS", exact_rows)  # 0: every filter through hnswlib's filter
    for question in QUESTIONS[:2]:
        vector = embedder.embed_queries([question])[0]
        by_chroma = corpus_retriever.store.query(0, vector, 10, flt.where())
        found = dense.nearest(corpus_retriever.store, 0, table, vector, 10, flt, local)
        assert _ids(found) == _ids(by_chroma)
        assert all(flt.allows(corpus_retriever.chunks[cid]) for cid in _ids(found))


def test_a_saved_index_is_reloaded_and_a_missing_one_built_in_a_child(corpus_retriever, embedder, tmp_path, monkeypatch):
    table = corpus_retriever.view().partitions[0].table
    monkeypatch.setattr(neighbours, "EXACT_ROWS", 0)  # the corpus table counts as large
    monkeypatch.setattr(neighbours, "CHILD_BUILD_ROWS", 0)  # and is built as a large one is
    directory = tmp_path / "l0"
    first = LocalNeighbours(table, directory, "k1")
    assert first.wait(timeout=120) and not first.get().exact
    assert (directory / "k1" / "hnsw.bin").is_file()
    built = []
    monkeypatch.setattr(neighbours, "build_hnsw", lambda t: built.append(t) or pytest.fail("rebuilt"))
    again = LocalNeighbours(table, directory, "k1")
    reloaded = again.get()  # loaded at once, nothing built
    assert reloaded is not None and not reloaded.exact and not built
    vector = embedder.embed_queries([QUESTIONS[0]])[0]
    assert reloaded.search(vector, 10)[0].tolist() == first.get().search(vector, 10)[0].tolist()


def test_a_large_table_is_searched_exactly_while_its_index_is_built(corpus_retriever, embedder, tmp_path, monkeypatch):
    table = corpus_retriever.view().partitions[0].table
    monkeypatch.setattr(neighbours, "EXACT_ROWS", 0)  # the corpus table counts as large ...
    monkeypatch.setattr(neighbours, "CHILD_BUILD_ROWS", 10**9)  # ... and is built in this process
    gate, real = threading.Event(), neighbours.build_hnsw
    monkeypatch.setattr(neighbours, "build_hnsw", lambda t: gate.wait(120) and real(t))
    local = LocalNeighbours(table, tmp_path / "l0", "k1")
    vector = embedder.embed_queries([QUESTIONS[0]])[0]
    meanwhile = local.get()
    assert meanwhile is not None and meanwhile.exact  # at once, not Chroma, while the build waits
    assert meanwhile.search(vector, 10)[0].tolist() == Neighbours(table).search(vector, 10)[0].tolist()
    assert not local.wait(timeout=0.1)
    gate.set()
    assert local.wait(timeout=120) and not local.get().exact
    unsaved = LocalNeighbours(table, None, "")  # a table kept in memory only: exact too
    assert unsaved.get() is not None and unsaved.get().exact


def test_chroma_answers_while_the_local_index_is_not_ready(corpus_retriever, embedder, monkeypatch):
    table = corpus_retriever.view().partitions[0].table
    monkeypatch.setattr(neighbours, "EXACT_ROWS", 0)
    monkeypatch.setattr(neighbours, "INTERIM_EXACT_ROWS", 0)  # too large for the interim exact search
    unsaved = LocalNeighbours(table, Path("/nonexistent"), "")  # a table kept in memory only
    assert unsaved.get() is None
    asked = []
    store = corpus_retriever.store

    class Spy:
        def query(self, *args, **kwargs):
            asked.append(args[0])
            return store.query(*args, **kwargs)

    vector = embedder.embed_queries([QUESTIONS[0]])[0]
    found = dense.nearest(Spy(), 0, table, vector, 10, SearchFilter(max_level=3), unsaved.get())
    assert asked == [0] and _ids(found) == _ids(store.query(0, vector, 10))
    asked.clear()
    dense.nearest(Spy(), 0, table, vector, 10, SearchFilter(max_level=3), Neighbours(table))
    assert asked == []  # a ready local search never asks Chroma


@pytest.fixture
def levels_world(tmp_path: Path, embedder):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = VectorStore(settings)
    rng = np.random.default_rng(11)
    for d, level in (("zero", 0), ("un", 1), ("deux", 2), ("trois", 3)):
        _write(store, *_doc(d, 9, level, rng, org="Org"))
    return settings, store, rng


def test_the_table_vectors_are_chroma_s_rows_after_an_incremental_update(levels_world, tmp_path):
    _, store, rng = levels_world
    catalogue = Catalogue(store, table_dir=tmp_path / "tables", neighbour_dir=tmp_path / "nn")
    catalogue.sync()
    _write(store, *_doc("quatre", 5, 1, rng, tag="nouveau "))
    view = catalogue.sync()
    for level in range(4):
        table = view.partitions[level].table
        ids = table.chunk_ids(range(table.size))
        stored = store._parts[level].get(ids=ids, include=["embeddings"])
        by_id = dict(zip(stored["ids"], np.asarray(stored["embeddings"], dtype=np.float32)))
        expected = np.stack([by_id[cid] / np.linalg.norm(by_id[cid]) for cid in ids])
        np.testing.assert_allclose(table.vectors, expected, atol=1e-6)
    assert view.partitions[1].table.size == 14


@pytest.mark.parametrize("exact_rows", [10_000, 0], ids=["exact", "hnsw"])
def test_no_dense_hit_above_the_caller_s_clearance(levels_world, embedder, tmp_path, monkeypatch, exact_rows):
    settings, store, _ = levels_world
    monkeypatch.setattr(neighbours, "EXACT_ROWS", exact_rows)
    retriever = Retriever(store, embedder, RetrievalConfig(mode="dense"), table_dir=tmp_path / "tables",
                          neighbour_dir=tmp_path / "nn")
    parts = retriever.view().partitions
    assert all(part.neighbours.wait(timeout=60) for part in parts.values())
    for clearance in range(4):
        hits = retriever.search("Clause de conservation des données", Caller(user="t", clearance=clearance), k=36)
        assert hits and max(hit.level for hit in hits) == clearance
        assert {hit.doc_id for hit in hits} == set(["zero", "un", "deux", "trois"][: clearance + 1])


def test_a_partition_chroma_cannot_serve_yet_leaves_the_search_standing(levels_world, embedder, tmp_path, monkeypatch):
    """A Chroma server that cannot yet read a just-written partition (« Nothing found on disk »)
    while that partition is on Chroma's search: the search answers from the rest (that
    partition's lexical rankings, the other partitions), and the next search asks again."""
    from chromadb.errors import InternalError

    _, store, _ = levels_world
    monkeypatch.setattr(neighbours, "EXACT_ROWS", 0)  # every partition large: no saved index, on Chroma
    monkeypatch.setattr(neighbours, "INTERIM_EXACT_ROWS", 0)
    retriever = Retriever(store, embedder, RetrievalConfig(mode="full"), table_dir=tmp_path / "tables")
    real, asked = store.query, []

    def failing_for_level_2(level, *args, **kwargs):
        asked.append(level)
        if level == 2 and asked.count(2) == 1:
            raise InternalError("Nothing found on disk")
        return real(level, *args, **kwargs)

    monkeypatch.setattr(store, "query", failing_for_level_2)
    caller = Caller(user="t", clearance=3)
    first = retriever.search("Clause de conservation des données", caller, k=36)
    assert asked.count(2) == 1 and {hit.doc_id for hit in first} == {"zero", "un", "deux", "trois"}
    second = retriever.search("Clause de conservation des données", caller, k=36)
    assert asked.count(2) == 2 and {hit.doc_id for hit in second} == {"zero", "un", "deux", "trois"}


def test_a_superseded_table_gets_no_index_built(corpus_retriever, tmp_path, monkeypatch):
    table = corpus_retriever.view().partitions[0].table
    monkeypatch.setattr(neighbours, "EXACT_ROWS", 0)  # the corpus table counts as large
    monkeypatch.setattr(neighbours, "CHILD_BUILD_ROWS", 0)
    local = LocalNeighbours(table, tmp_path / "l0", "k1")
    local.supersede()  # a newer table replaced it before its first search
    meanwhile = local.get()
    assert meanwhile is not None and meanwhile.exact  # whoever still holds it is served exactly
    assert not local.wait(timeout=1) and not (tmp_path / "l0").exists()


def test_a_stopped_child_build_ends_at_once():
    import time

    from clausier.index.child_build import ChildBuild, Stopped

    build, outcome = ChildBuild(), []

    def run():
        try:
            outcome.append(build.run("timeit", ["-n", "1000000000", "pass"], 600))  # minutes of work
        except Stopped:
            outcome.append("stopped")

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(1.0)
    build.stop()
    thread.join(timeout=30)
    assert outcome == ["stopped"]
    with pytest.raises(Stopped):  # nothing starts once stopped
        build.run("timeit", ["pass"], 60)

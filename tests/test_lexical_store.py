"""Lexical indexes saved by content and loaded memory-mapped give the scores of a fresh build."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from clausier.index import lexical_store
from clausier.index.filters import SearchFilter
from clausier.index.lexical import LexicalIndex
from clausier.index.partition_table import PartitionTable

QUERIES = ["durée de conservation des données", "cookies refuser navigateur", "sous-traitant obligations",
           "transfert hors Union européenne", "droit d'accès rectification", "mot absent xyzzy"]


@pytest.fixture(scope="module")
def chunks(corpus_retriever):
    return sorted(corpus_retriever.chunks.values(), key=lambda c: (c.doc_id, c.ordinal, c.part))


def _age(folder: Path, seconds: float = 10.0) -> None:
    then = time.time() - seconds
    os.utime(folder, (then, then))


def _all(index: LexicalIndex, flt: SearchFilter):
    return [(index.search(q, 40, flt), index.search_sentences(q, 40, flt)) for q in QUERIES]


def _mapped_under(directory: Path) -> set[str]:
    """Names of the files under ``directory`` this process has memory-mapped (Linux)."""
    prefix = str(directory.resolve())
    maps = Path("/proc/self/maps").read_text().splitlines()
    return {Path(line.split(maxsplit=5)[-1]).name for line in maps if len(line.split()) == 6
            and line.split(maxsplit=5)[-1].startswith(prefix)}


def test_a_saved_index_loads_without_rebuilding_and_scores_the_same(chunks, tmp_path, monkeypatch):
    fresh = LexicalIndex(chunks)
    saved = lexical_store.open_index(chunks, tmp_path)
    assert len(list(tmp_path.iterdir())) == 1
    built = []
    monkeypatch.setattr(lexical_store, "LexicalIndex", lambda *a, **kw: built.append(1) or LexicalIndex(*a, **kw))
    loaded = lexical_store.open_index(chunks, tmp_path)
    assert built == [1]  # only the cheap shell; no BM25 rebuilt ...
    assert "owners.npy" in _mapped_under(tmp_path)  # ... and the arrays are memory-mapped from the saved files
    for flt in (SearchFilter(max_level=3), SearchFilter(max_level=3, organisations=frozenset({"IPSO"})),
                SearchFilter(max_level=0, doc_types=frozenset({"politique de cookies"}))):
        assert _all(loaded, flt) == _all(fresh, flt) == _all(saved, flt)
    assert any(pairs for pairs, _ in _all(loaded, SearchFilter(max_level=3)))


def test_new_content_gets_a_new_index_and_the_old_one_goes(chunks, tmp_path):
    lexical_store.open_index(chunks, tmp_path)
    _age(tmp_path / lexical_store.content_key(chunks))  # saved before the next register read
    changed = [replace(chunks[0], chunk_id=chunks[0].chunk_id + "x", text="conservation des cookies xyzzy")] + chunks[1:]
    index = lexical_store.open_index(PartitionTable.from_chunks(changed, meta={"read_at": time.time()}), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [lexical_store.content_key(changed)]
    assert index.search("xyzzy", 5, SearchFilter(max_level=3))[0][0] == changed[0].chunk_id


def test_best_sentence_per_chunk_matches_the_unvectorised_maximum():
    """Each chunk's best sentence score, one reduction per run of scored sentences, equals the
    element-by-element maximum: chunks without a sentence, negative and zero scores, single runs."""
    from clausier.index.lexical import best_per_owner, ordered_owners

    rng = np.random.default_rng(11)
    for size in (1, 7, 300):
        counts = rng.integers(0, 5, size=size)
        owners = np.repeat(np.arange(size), counts)
        per_sentence = rng.normal(size=len(owners)) * (rng.random(len(owners)) < 0.7)
        reference = np.zeros(size)
        np.maximum.at(reference, owners, per_sentence)
        assert np.array_equal(best_per_owner(per_sentence, ordered_owners(owners), size), reference)
    with pytest.raises(ValueError):
        ordered_owners(np.array([2, 1]))


def test_chunk_scores_are_bm25s_scores_bit_for_bit(chunks, tmp_path):
    """Posting lists added with one ``+=`` each give exactly what bm25s itself scores (its
    ``np.add.at`` sum) over the same terms, built or loaded memory-mapped, with repeated and
    unknown terms."""
    import bm25s

    from clausier.index.lexical import BM25_B, BM25_K1, lexical_terms
    from clausier.textnorm import analyze

    reference = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    reference.index([lexical_terms(c) or ["∅"] for c in chunks], show_progress=False)
    position = {c.chunk_id: i for i, c in enumerate(chunks)}
    lexical_store.open_index(chunks, tmp_path)
    everything = SearchFilter(max_level=3)
    for index in (LexicalIndex(chunks), lexical_store.open_index(chunks, tmp_path)):
        for query in [*QUERIES, "données données conservation", "xyzzy"]:
            expected = np.asarray(reference.get_scores(analyze(query)), dtype=np.float64)
            got = np.zeros(len(chunks))
            for chunk_id, score in index.search(query, len(chunks), everything):
                got[position[chunk_id]] = score
            assert np.array_equal(got, expected), query


def test_a_large_saved_partition_is_indexed_in_a_child_process(chunks, tmp_path, monkeypatch, caplog):
    """The build's short-lived objects stay out of the serving process's heap: the child builds
    and saves, this process maps what it saved, and the scores are a fresh build's."""
    from clausier.index.partition_table import PartitionTable

    caplog.set_level("INFO", logger=lexical_store.__name__)
    table = PartitionTable.load(PartitionTable.from_chunks(chunks).save(tmp_path / "tables", "k"))
    monkeypatch.setattr(lexical_store, "CHILD_BUILD_ROWS", 1)
    monkeypatch.setattr(lexical_store, "LexicalIndex", _refuse_build)
    index = lexical_store.open_index(table, tmp_path / "lexical")
    assert any("lexical_index_built_in_child" in r.getMessage() for r in caplog.records)
    assert "owners.npy" in _mapped_under(tmp_path / "lexical")
    monkeypatch.undo()
    flt = SearchFilter(max_level=3)
    assert _all(index, flt) == _all(LexicalIndex(chunks), flt)


def test_a_failed_child_falls_back_to_building_here(chunks, tmp_path, monkeypatch, caplog):
    from clausier.index.partition_table import PartitionTable

    table = PartitionTable.load(PartitionTable.from_chunks(chunks).save(tmp_path / "tables", "k"))
    monkeypatch.setattr(lexical_store, "CHILD_BUILD_ROWS", 1)
    monkeypatch.setattr(lexical_store.sys, "executable", str(tmp_path / "no-such-python"))
    index = lexical_store.open_index(table, tmp_path / "lexical")
    assert any("child_build_failed module=clausier.index.lexical_store" in r.getMessage() for r in caplog.records)
    flt = SearchFilter(max_level=3)
    assert _all(index, flt) == _all(LexicalIndex(chunks), flt)


def _refuse_build(*args, **kwargs):
    if kwargs.get("_parts") is None:
        raise AssertionError("built in the serving process")
    return LexicalIndex(*args, **kwargs)


def test_sentence_ranking_over_the_chunks_that_can_rank_equals_the_full_ranking():
    """Reducing only the chunks whose sentences reach the bound of the k-th best chunk gives the
    same k chunks, order (ties by row) and scores as reducing every chunk: many ties, chunks
    without sentences, long chunks spanning blocks, k above the number of scoring chunks."""
    from clausier.index.lexical import BLOCK, _top_order, best_owners, best_per_owner, ordered_owners

    rng = np.random.default_rng(5)
    for size, most in ((3, 4), (300, 5), (5000, 6), (400, 300)):
        owners = ordered_owners(np.repeat(np.arange(size), rng.integers(0, most, size=size)))
        padded = -(-len(owners) // BLOCK) * BLOCK
        for density in (0.02, 0.4, 1.0):
            per = np.zeros(padded, dtype=np.float32)
            hit = rng.random(len(owners)) < density
            per[: len(owners)][hit] = rng.choice(np.float32([0.5, 1.25, 2.0, 3.5, 7.0]), size=int(hit.sum()))
            full = best_per_owner(per[: len(owners)].astype(np.float64), owners, size)
            for k in (1, 10, 40, size + 5):
                reference = _top_order(full, k)
                reference = reference[full[reference] > 0.0]
                rows, best = best_owners(per, owners, k)
                order = _top_order(best, k)
                assert rows[order].tolist() == reference.tolist()
                assert best[order].tolist() == full[reference].tolist()


def test_block_maxima_are_each_blocks_maximum():
    from clausier.index.lexical import BLOCK, _block_maxima

    rng = np.random.default_rng(7)
    for blocks in (1, 3, 1500):
        per = rng.random(blocks * BLOCK).astype(np.float32)
        per[rng.random(len(per)) < 0.7] = 0.0
        maxima = _block_maxima(per)
        assert maxima.dtype == per.dtype
        assert maxima.tolist() == per.reshape(-1, BLOCK).max(axis=1).tolist()


def test_a_filter_computes_a_tables_mask_once_and_never_shares_it_across_tables(chunks):
    first, second = PartitionTable.from_chunks(chunks), PartitionTable.from_chunks(chunks[: len(chunks) // 2])
    organisation = next(c.organisation for c in chunks if c.organisation)
    flt = SearchFilter(max_level=3, organisations=frozenset({organisation}))
    mask = flt.mask(first)
    assert flt.mask(first) is mask and not mask.flags.writeable
    assert mask.tolist() == [c.organisation == organisation for c in chunks]
    assert flt.mask(second).tolist() == [c.organisation == organisation for c in chunks[: len(chunks) // 2]]
    assert SearchFilter(max_level=3).mask(first) is None


def test_token_floors_bound_the_kth_best_owner_and_keep_the_ranking():
    """A token's floor is the k-th best of its owners' best postings, not of its postings: an
    owner whose many items all score high counts once. On every query the best token floor is
    reached by k distinct owners, and reducing only the owners at or above it gives the k best
    of reducing every owner (rows, order, scores)."""
    from clausier.index.lexical import BLOCK, FLOOR_K, _Bm25, _floor, _top_order, best_owners, best_per_owner, ordered_owners

    rng = np.random.default_rng(3)
    words = ["alpha", "beta", "gamma", "delta", "eps"]
    corpus: list[list[str]] = []
    owners: list[int] = []
    for _ in range(60):  # one owner with 60 items, each « alpha » five times: the best postings
        corpus.append(["alpha"] * 5 + ["beta"])
        owners.append(0)
    for owner in range(1, 400):
        for _ in range(int(rng.integers(1, 4))):
            corpus.append(list(rng.choice(words, size=int(rng.integers(2, 9)))))
            owners.append(owner)
    owners_arr = ordered_owners(np.asarray(owners))
    index = _Bm25(corpus, 1.2, 0.75)
    floors = index.kth_floors(owners_arr, FLOOR_K)
    assert floors is not None and floors[index.tokens(["alpha"])[0]] > 0.0
    postings = index.scores(index.tokens(["alpha"]))[: len(owners)]
    assert floors[index.tokens(["alpha"])[0]] < np.sort(postings)[-FLOOR_K]  # not the items' k-th
    size = int(owners_arr[-1]) + 1
    for query in (["alpha"], ["beta", "alpha"], ["gamma", "delta", "delta"], ["eps", "zeta"], ["zeta"]):
        tokens = index.tokens(query)
        per = index.scores(tokens, BLOCK)
        full = best_per_owner(per[: len(owners)].astype(np.float64), owners_arr, size)
        for k in (1, 10, FLOOR_K):
            floor = _floor(floors, tokens, k)
            assert floor <= (np.sort(full)[-k] if tokens else 0.0)
            reference = _top_order(full, k)
            reference = reference[full[reference] > 0.0]
            rows, best = best_owners(per, owners_arr, k, floor)
            order = _top_order(best, k)
            assert rows[order].tolist() == reference.tolist()
            assert best[order].tolist() == full[reference].tolist()
    assert _floor(floors, index.tokens(["alpha"]), FLOOR_K + 1) == 0.0  # above FLOOR_K: block maxima


def test_rankings_with_token_floors_equal_the_block_maxima_bound(chunks, tmp_path):
    """Each index's token floors, built or loaded, change no ranking (ids, order, scores), and
    some query uses one."""
    lexical_store.open_index(chunks, tmp_path)
    flt = SearchFilter(max_level=3)
    queries = [*QUERIES, "données", "données personnelles traitement", "cookies"]
    for index in (LexicalIndex(chunks), lexical_store.open_index(chunks, tmp_path)):
        assert index._sentence_floors is not None and index._sentence_floors.max() > 0.0
        with_floors = [(index.search(q, k, flt), index.search_sentences(q, k, flt)) for q in queries for k in (5, 40)]
        index._chunk_floors = index._sentence_floors = None
        assert with_floors == [(index.search(q, k, flt), index.search_sentences(q, k, flt)) for q in queries for k in (5, 40)]

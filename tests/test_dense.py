"""Dense search under a filter, and decoding only the hits that can be returned."""

from __future__ import annotations

import pytest

import retriever.dense as dense
from clausier.index.filters import SearchFilter
from clausier.index.partition_table import PartitionTable
from clausier.schema import Caller

FILTERS = [SearchFilter(max_level=3, organisations=frozenset({"Assistool"})),
           SearchFilter(max_level=3, organisations=frozenset({"Looper-AI", "Ikomia"})),
           SearchFilter(max_level=3, doc_types=frozenset({"politique de cookies"})),
           SearchFilter(max_level=3, organisations=frozenset({"Personne"}))]
QUESTIONS = ["Combien de temps les cookies sont-ils conservés ?", "Qui est le délégué à la protection des données ?"]


@pytest.mark.parametrize("flt", FILTERS, ids=["one-org", "two-orgs", "type", "unknown-org"])
def test_a_filter_many_rows_match_gives_the_chroma_filter_s_neighbours(corpus_retriever, embedder, monkeypatch, flt):
    table = corpus_retriever.view().partitions[0].table
    for question in QUESTIONS:
        vector = embedder.embed_queries([question])[0]
        by_chroma = dense.nearest(corpus_retriever.store, 0, table, vector, 10, flt)  # few rows: Chroma's filter
        monkeypatch.setattr(dense, "FILTER_ROWS", 0)  # every filter applied to an unfiltered search
        by_mask = dense.nearest(corpus_retriever.store, 0, table, vector, 10, flt)
        monkeypatch.setattr(dense, "FILTER_ROWS", 10_000)
        assert [cid for cid, _ in by_mask] == [cid for cid, _ in by_chroma]
        assert [s for _, s in by_mask] == pytest.approx([s for _, s in by_chroma], abs=1e-6)
        chunks = corpus_retriever.chunks
        assert all(flt.allows(chunks[cid]) for cid, _ in by_mask)


def test_a_comparison_decodes_only_the_reranked_and_returned_hits(corpus_retriever, monkeypatch):
    question = "Combien de temps Looper-AI et Ikomia conservent-ils les données personnelles ?"
    expected = corpus_retriever.search(question, Caller.anonymous(), k=4)
    decoded = []
    real = PartitionTable.chunk
    monkeypatch.setattr(PartitionTable, "chunk", lambda self, row: decoded.append(row) or real(self, row))
    hits = corpus_retriever.search(question, Caller.anonymous(), k=4)
    assert hits == expected and {h.organisation for h in hits[:2]} == {"Looper-AI", "Ikomia"}
    assert len(decoded) <= corpus_retriever.config.rerank_depth + 4  # not every fused candidate

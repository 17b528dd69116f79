"""Hybrid retrieval: dense (Chroma) + BM25, fused, organisation-aware, access-partitioned.

Both retrievers search only the access partitions at or below the caller's clearance (one
Chroma collection and one lexical index per level) and merge them by score; a chunk above the
caller's clearance is never a candidate, so it cannot leak through fusion or trimming, and
documents the caller cannot see influence neither the lexical statistics nor the organisations
a question may name.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Protocol, Sequence

import numpy as np
from chromadb.errors import ChromaError

from clausier.errors import InvalidQuestion
from clausier.index.filters import SearchFilter
from clausier.index.neighbours import Neighbours
from clausier.index.vectors import GENERATION_REUSE, VectorStore
from clausier.schema import Caller, Chunk, Hit, clearance_of
from clausier.textnorm import analyze

from .balance import balance_organisations
from .catalogue import Catalogue, Partition, View
from clausier.index.context import widen
from .dense import nearest
from .hits import candidates, decoded, first
from .fusion import reciprocal_rank_fusion, score_fusion
from clausier.reading.query import AnalyzedQuery, analyze_query
from .rerank import SupportReranker

log = logging.getLogger(__name__)

MODES = ("bm25", "dense", "hybrid", "full")
_POOL_LOCK = threading.Lock()


class QueryEmbedder(Protocol):
    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class RetrievalConfig:
    mode: str = "full"
    candidates: int = 40  # fetched from each retriever before fusion
    dense_weight: float = 3.0  # full; hybrid fuses ranks with equal weights
    lexical_weight: float = 1.0
    query_phrases: bool = True  # full only: the vocabulary's French terms for a question's phrases, on the lexical side
    organisation_first: bool = True  # full only: named organisations searched first
    rrf_k: int = 60
    fusion: str = "score"  # full only: "rrf" (reciprocal ranks) or "score" (normalised scores)
    sentence_weight: float = 1.0  # full only: BM25 over single sentences, a third ranking
    # full only, when the retriever has a reranker: the first ``rerank_depth`` hits re-ordered
    # by their best sentence's lexical support (docs/experiments.md)
    rerank_depth: int = 10
    # full only: a question naming several organisations gets their hits in turns
    balance_organisations: bool = True
    # full only: before answering, a hit that is one part of a long clause is joined with the
    # next part (clausier/index/context.py), so a list introduced at the end of a window is quoted
    # with its items
    widen_parts: bool = True

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"unknown retrieval mode {self.mode!r}; one of {MODES}")


class Retriever:
    def __init__(
        self, store: VectorStore, embedder: QueryEmbedder, config: RetrievalConfig | None = None,
        *, reranker: SupportReranker | None = None, check_interval: float = GENERATION_REUSE,
        lexical_dir: Path | None = None, table_dir: Path | None = None, neighbour_dir: Path | None = None,
    ):
        self._store = store
        self._embedder = embedder
        self.config = config or RetrievalConfig()
        self.reranker = reranker
        self._catalogue = Catalogue(store, check_interval, lexical_dir, table_dir, neighbour_dir)
        self._pool: ThreadPoolExecutor | None = None  # lexical scoring beside the query embedding
        self.refresh()

    def refresh(self) -> None:
        """Bring the catalogue in step with the store now (after a write through this process)."""
        self._catalogue.sync(force=True)

    def on_change(self, listener) -> None:
        """Call ``listener()`` (quickly: it runs inside the refresh) whenever the index changed."""
        self._catalogue.listeners.append(listener)

    def view(self) -> View:
        """The catalogue, refreshed first if another writer moved the index's generation."""
        return self._catalogue.sync()

    def with_config(self, config: RetrievalConfig) -> "Retriever":
        clone = object.__new__(Retriever)
        clone.__dict__.update(self.__dict__)
        clone.config = config
        return clone

    @property
    def store(self) -> VectorStore:
        """The vector store searched (the passage warm-up reads the passages stored with it)."""
        return self._store

    @property
    def embedder(self) -> QueryEmbedder:
        """The model the index was built with: an upload is embedded with it too."""
        return self._embedder

    @property
    def chunks(self) -> Mapping[str, Chunk]:
        """Every chunk by id (decoded on access; a published view is never mutated)."""
        return self.view().chunks

    def visible_chunks(self, search_filter: SearchFilter) -> list[Chunk]:
        """Every chunk the filter allows, partition by partition, in document order."""
        view = self.view()
        out: list[Chunk] = []
        for level in search_filter.levels():
            table = view.partitions[level].table
            if search_filter.doc_ids:  # only the named documents' rows are decoded
                rows = [r for d in sorted(search_filter.doc_ids) for r in table.doc_rows(d)]
                out += [c for c in table.chunks(sorted(rows)) if search_filter.allows(c)]
            elif search_filter.where() is None:  # clearance only: the partitions are the answer
                out += table.chunks()
            else:
                out += [c for c in table.chunks() if search_filter.allows(c)]
        return out

    def visible_documents(self, search_filter: SearchFilter) -> list[tuple[str, str, str, str, int, int, int]]:
        """Per document the filter's clearance allows, without decoding a chunk: id, title,
        organisation, type, level, clause count, repaired clause count (document order)."""
        view = self.view()
        return sorted((doc_id, title, org, doc_type, level, clauses, repaired)
                      for level in search_filter.levels()
                      for doc_id, title, org, doc_type, clauses, repaired in view.partitions[level].table.documents())

    def visible_counts(self, search_filter: SearchFilter) -> tuple[int, int]:
        """(documents, chunks) the filter's clearance allows."""
        view = self.view()
        tables = [view.partitions[level].table for level in search_filter.levels()]
        return sum(len(t.vocab["doc_id"]) for t in tables), sum(t.size for t in tables)

    def analyze(self, question: str, caller: Caller | None = None) -> AnalyzedQuery:
        """The question analysed against the organisations ``caller`` may see (none: level 0)."""
        return analyze_query(question, self.view().organisations[clearance_of(caller)])

    def search(
        self, question: str, caller: Caller, k: int = 5, *, search_filter: SearchFilter | None = None
    ) -> list[Hit]:
        """The k best chunks for the question among those the caller may see."""
        if not question or not question.strip():
            raise InvalidQuestion("la question est vide")
        flt = _caller_filter(caller, search_filter)
        view = self.view()
        query = analyze_query(question, view.organisations[flt.max_level])
        cfg = self.config
        full = cfg.mode == "full"
        orgs = query.organisations & flt.organisations if flt.organisations else query.organisations
        # search inside the named organisations' documents first (filter in the query), then
        # fill with the rest of what the caller may see
        passes = [(replace(flt, organisations=frozenset(orgs)), True)] if full and cfg.organisation_first and orgs else []
        passes.append((flt, False))
        vector = None
        lexical = None
        if cfg.mode != "bm25":
            # the first pass's lexical rankings are scored in a pool thread while this one
            # computes the query embedding (the model runs outside the GIL)
            lexical = self._workers().submit(self._lexical, view, query, *passes[0])
            vector = self._embedder.embed_queries([query.text])[0]
        fused: list[tuple[str, float]] = []
        for i, (pass_flt, scoped) in enumerate(passes):
            if i and len(fused) >= k:
                break
            ranked = lexical.result() if i == 0 and lexical is not None else self._lexical(view, query, pass_flt, scoped)
            seen = {cid for cid, _ in fused}
            fused += [(cid, s) for cid, s in self._fused(view, vector, pass_flt, ranked) if cid not in seen]
        rerank = full and self.reranker is not None and cfg.rerank_depth > 0
        depth = max(k, cfg.rerank_depth) if rerank else k
        balance = full and cfg.balance_organisations and len(orgs) >= 2
        # only the hits that can be returned are decoded (retriever/hits.py)
        hits, rest = decoded(candidates(view, fused, flt), flt, depth)
        if rerank:
            hits = self.reranker.rerank(question, hits, query.language)  # detected once a search
        if balance:
            hits = first(balance_organisations([*hits, *rest], orgs), flt, k)
        return [replace(hit, rank=rank) for rank, hit in enumerate(hits[:k], 1)]

    def answer_context(
        self, hits: Sequence[Hit], caller: Caller, *, search_filter: SearchFilter | None = None
    ) -> list[Hit]:
        """The hits as the answerer should read them: in ``full`` mode, each part of a long
        clause widened to its neighbouring parts (within the caller's filter)."""
        if self.config.mode != "full" or not self.config.widen_parts:
            return list(hits)
        flt = _caller_filter(caller, search_filter)
        view = self.view()
        return widen(hits, view.chunks, view.parts, flt.allows)

    def _workers(self) -> ThreadPoolExecutor:
        if self._pool is None:
            with _POOL_LOCK:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search")
        return self._pool

    def _fused(
        self, view: View, vector: np.ndarray | None, flt: SearchFilter,
        lexical: tuple[list[list[tuple[str, float]]], list[float]],
    ) -> list[tuple[str, float]]:
        cfg = self.config
        full = cfg.mode == "full"
        rankings: list[list[tuple[str, float]]] = []
        weights: list[float] = []
        if vector is not None:
            rankings.append(self._dense(view, vector, flt))
            weights.append(cfg.dense_weight if full else 1.0)
        rankings += lexical[0]
        weights += lexical[1]
        if full and cfg.fusion == "score":
            return score_fusion(rankings, weights)
        return reciprocal_rank_fusion([[cid for cid, _ in r] for r in rankings], weights, k=cfg.rrf_k)

    def _lexical(
        self, view: View, query: AnalyzedQuery, flt: SearchFilter, scoped: bool
    ) -> tuple[list[list[tuple[str, float]]], list[float]]:
        """The lexical rankings (whole chunks, then single sentences) and their weights."""
        cfg = self.config
        full = cfg.mode == "full"
        rankings: list[list[tuple[str, float]]] = []
        weights: list[float] = []
        if cfg.mode in ("bm25", "hybrid", "full"):
            if full:
                text = query.lexical if cfg.query_phrases else query.unscoped
                text = text if scoped or not query.organisations else f"{text} {query.text}"
            else:
                text = query.text
            terms = analyze(text)  # once for every partition and both granularities
            rankings.append(_merged([view.partitions[level].lexical.search(terms, cfg.candidates, flt)
                                     for level in flt.levels()], cfg.candidates))
            weights.append(cfg.lexical_weight if full else 1.0)
            if full and cfg.sentence_weight > 0:
                rankings.append(_merged([view.partitions[level].lexical.search_sentences(terms, cfg.candidates, flt)
                                         for level in flt.levels()], cfg.candidates))
                weights.append(cfg.sentence_weight)
        return rankings, weights


    def _dense(self, view: View, vector: np.ndarray, flt: SearchFilter) -> list[tuple[str, float]]:
        """The nearest chunks of every allowed partition, merged by similarity. A chunk Chroma
        holds but this instance has not yet catalogued in that partition (a write being
        synced) is left out, so a stale instance never serves a document at its old level."""
        parts = [view.partitions[level] for level in flt.levels() if view.partitions[level].table.size]
        local = [part.neighbours.get() for part in parts]

        def search(entry: tuple[Partition, Neighbours | None]) -> list[tuple[str, float]]:
            try:
                return nearest(self._store, entry[0].level, entry[0].table, vector, self.config.candidates, flt, entry[1])
            except ChromaError as exc:
                # a Chroma server may not yet serve a partition it has just written (« Nothing
                # found on disk »): this search goes on without that partition's dense ranking
                # (its lexical ones remain), the next one asks again
                log.warning("dense_partition_unavailable level=%d error=%s", entry[0].level, type(exc).__name__)
                return []

        entries = list(zip(parts, local))
        # Chroma's queries run side by side (outside the GIL, each with a fixed cost); local
        # searches are a fraction of a millisecond and run in this thread
        if sum(1 for n in local if n is None) > 1:
            rankings = list(self._workers().map(search, entries))
        else:
            rankings = [search(entry) for entry in entries]
        return _merged(rankings, self.config.candidates)


def _merged(rankings: Sequence[Sequence[tuple[str, float]]], k: int) -> list[tuple[str, float]]:
    """The k best of several (id, score) lists, best first (ties: earlier list first)."""
    if len(rankings) == 1:
        return list(rankings[0][:k])
    pairs = [pair for ranking in rankings for pair in ranking]
    return sorted(pairs, key=lambda pair: -pair[1])[:k]


def _caller_filter(caller: Caller, search_filter: SearchFilter | None) -> SearchFilter:
    """The caller's clearance always wins over any filter they pass."""
    clearance = clearance_of(caller)
    if search_filter is None:
        return SearchFilter(max_level=clearance)
    return replace(search_filter, max_level=min(search_filter.max_level, clearance))

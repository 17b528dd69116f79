"""Hybrid retrieval: dense (Chroma) + BM25, fused, organisation-aware, access-filtered.

Both retrievers receive the caller's filter and apply it inside their search; a chunk above the
caller's clearance is never a candidate, so it cannot leak through fusion or trimming.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from typing import Protocol, Sequence

import numpy as np

from clausier.errors import InvalidQuestion
from clausier.index.filters import SearchFilter
from clausier.index.lexical import LexicalIndex
from clausier.index.vectors import VectorStore
from clausier.schema import Caller, Chunk, Hit, clearance_of

from .balance import balance_organisations
from .context import clause_parts, widen
from .fusion import reciprocal_rank_fusion, score_fusion
from .query import AnalyzedQuery, analyze_query
from .rerank import SupportReranker

log = logging.getLogger(__name__)

MODES = ("bm25", "dense", "hybrid", "full")


class QueryEmbedder(Protocol):
    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class RetrievalConfig:
    mode: str = "full"
    candidates: int = 40  # fetched from each retriever before fusion
    dense_weight: float = 3.0  # full; hybrid fuses ranks with equal weights
    lexical_weight: float = 1.0
    glossary: bool = True  # full only: bilingual GDPR glossary on the lexical side
    organisation_first: bool = True  # full only: named organisations searched first
    rrf_k: int = 60
    fusion: str = "score"  # full only: "rrf" (reciprocal ranks) or "score" (normalised scores)
    sentence_weight: float = 1.0  # full only: BM25 over single sentences, a third ranking
    # full only, when the retriever has a reranker: the first ``rerank_depth`` hits re-ordered
    # by their best sentence's lexical support. eval on dev (depth 10, weight 1): MRR@10
    # 0.686 -> 0.723, Recall@1 0.530 -> 0.562, Recall@5 0.865 -> 0.881; 0.4 ms a question
    # once the clause analysis is cached (answer/scoring.py)
    rerank_depth: int = 10
    # full only: a question naming several organisations gets their hits in turns. eval on dev
    # (the 10 such questions): Recall@5 0.733 -> 0.817, all evidence in top 5 0.4 -> 0.6,
    # keyword accuracy 0.2 -> 0.4, MRR@10 0.95 -> 0.90
    balance_organisations: bool = True
    # full only: before answering, a hit that is one part of a long clause is joined with the
    # next part (retriever/context.py), so a list introduced at the end of a window is quoted
    # with its items. eval on dev (full), with the segmenter's paragraph-after-bullet fix:
    # keyword accuracy 0.601 -> 0.606 (widening both sides instead: 0.596)
    widen_parts: bool = True

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"unknown retrieval mode {self.mode!r}; one of {MODES}")


def hit_from_chunk(chunk: Chunk, score: float) -> Hit:
    return Hit(
        chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, title=chunk.title,
        organisation=chunk.organisation, clause=chunk.clause, heading=chunk.heading,
        page=chunk.page, text=chunk.text, score=round(float(score), 6), level=chunk.level,
        doc_type=chunk.doc_type, ordinal=chunk.ordinal, kind=chunk.kind,
        repaired=chunk.repaired, repair_confidence=chunk.repair_confidence,
        original_text=chunk.original_text, page_breaks=chunk.page_breaks,
    )


class Retriever:
    def __init__(
        self, store: VectorStore, embedder: QueryEmbedder, config: RetrievalConfig | None = None,
        *, reranker: SupportReranker | None = None,
    ):
        self._store = store
        self._embedder = embedder
        self.config = config or RetrievalConfig()
        self.reranker = reranker
        self._lock = threading.Lock()
        self.refresh()

    def refresh(self) -> None:
        """Reload the chunk catalogue and lexical index from the store (after an ingest)."""
        chunks = self._store.all_chunks()
        chunks.sort(key=lambda c: (c.doc_id, c.ordinal, c.part))
        lexical = LexicalIndex(chunks)
        catalogue = {chunk.chunk_id: chunk for chunk in chunks}
        parts = clause_parts(catalogue)
        with self._lock:
            self._chunks = catalogue
            self._lexical = lexical
            self._parts = parts
            self._organisations = sorted({c.organisation for c in chunks if c.organisation})

    def with_config(self, config: RetrievalConfig) -> "Retriever":
        clone = object.__new__(Retriever)
        clone.__dict__.update(self.__dict__)
        clone.config = config
        return clone

    @property
    def chunks(self) -> dict[str, Chunk]:
        return self._chunks

    def visible_chunks(self, search_filter: SearchFilter) -> list[Chunk]:
        """Every chunk the filter allows, in document order."""
        return [c for c in self._chunks.values() if search_filter.allows(c)]

    def analyze(self, question: str) -> AnalyzedQuery:
        return analyze_query(question, self._organisations)

    def search(
        self, question: str, caller: Caller, k: int = 5, *, search_filter: SearchFilter | None = None
    ) -> list[Hit]:
        """The k best chunks for the question among those the caller may see."""
        if not question or not question.strip():
            raise InvalidQuestion("la question est vide")
        flt = _caller_filter(caller, search_filter)
        query = self.analyze(question)
        cfg = self.config
        full = cfg.mode == "full"
        vector = None
        if cfg.mode != "bm25":
            vector = self._embedder.embed_queries([query.text])[0]
        orgs = query.organisations & flt.organisations if flt.organisations else query.organisations
        fused: list[tuple[str, float]] = []
        if full and cfg.organisation_first and orgs:
            # search inside the named organisations' documents first (filter in the query),
            # then fill with the rest of what the caller may see
            fused = self._fused(query, vector, replace(flt, organisations=frozenset(orgs)))
        if len(fused) < k:
            seen = {cid for cid, _ in fused}
            fused += [(cid, s) for cid, s in self._fused(query, vector, flt, scoped=False) if cid not in seen]
        hits = [hit_from_chunk(self._chunks[cid], score) for cid, score in fused if flt.allows(self._chunks[cid])]
        if full and self.reranker is not None and cfg.rerank_depth > 0:
            depth = max(k, cfg.rerank_depth)
            hits = self.reranker.rerank(question, hits[:depth]) + hits[depth:]
        if full and cfg.balance_organisations:
            hits = balance_organisations(hits, orgs)
        return hits[:k]

    def answer_context(
        self, hits: Sequence[Hit], caller: Caller, *, search_filter: SearchFilter | None = None
    ) -> list[Hit]:
        """The hits as the answerer should read them: in ``full`` mode, each part of a long
        clause widened to its neighbouring parts (within the caller's filter)."""
        if self.config.mode != "full" or not self.config.widen_parts:
            return list(hits)
        flt = _caller_filter(caller, search_filter)
        return widen(hits, self._chunks, self._parts, flt.allows)

    def _fused(
        self, query: AnalyzedQuery, vector: np.ndarray | None, flt: SearchFilter, *, scoped: bool = True
    ) -> list[tuple[str, float]]:
        cfg = self.config
        full = cfg.mode == "full"
        rankings: list[list[tuple[str, float]]] = []
        weights: list[float] = []
        if vector is not None:
            dense = self._store.query(vector, cfg.candidates, flt.where())
            rankings.append([(cid, s) for cid, s in dense if cid in self._chunks])
            weights.append(cfg.dense_weight if full else 1.0)
        if cfg.mode in ("bm25", "hybrid", "full"):
            if full:
                text = query.lexical if cfg.glossary else query.unscoped
                text = text if scoped or not query.organisations else f"{text} {query.text}"
            else:
                text = query.text
            lexical = self._lexical.search(text, cfg.candidates, flt.allows)
            rankings.append(lexical)
            weights.append(cfg.lexical_weight if full else 1.0)
            if full and cfg.sentence_weight > 0:
                sentences = self._lexical.search_sentences(text, cfg.candidates, flt.allows)
                rankings.append(sentences)
                weights.append(cfg.sentence_weight)
        if full and cfg.fusion == "score":
            return score_fusion(rankings, weights)
        return reciprocal_rank_fusion([[cid for cid, _ in r] for r in rankings], weights, k=cfg.rrf_k)


def _caller_filter(caller: Caller, search_filter: SearchFilter | None) -> SearchFilter:
    """The caller's clearance always wins over any filter they pass."""
    clearance = clearance_of(caller)
    if search_filter is None:
        return SearchFilter(max_level=clearance)
    return replace(search_filter, max_level=min(search_filter.max_level, clearance))

"""Wire a ``Retriever`` from settings: the store, the embedding model, the reranker."""

from __future__ import annotations

from clausier.index.vectors import VectorStore
from clausier.reading.support import LexicalSupport
from clausier.settings import Settings

from .rerank import SupportReranker, SupportScorer
from .search import RetrievalConfig, Retriever


def build_retriever(
    settings: Settings, config: RetrievalConfig | None = None, *, embedder=None, scorer: SupportScorer | None = None
) -> Retriever:
    """The retriever over the configured store. ``scorer`` rates each hit's best sentence for
    the reranking stage; by default the lexical sentence support (``clausier/reading/support.py``,
    the same reading the extractive answerer starts from: IDF-weighted coverage of the
    question's terms, no embedding)."""
    if embedder is None:
        from clausier.embedding.model import load_embedder

        embedder = load_embedder(settings.model_dir)
    if scorer is None:
        scorer = LexicalSupport()
    return Retriever(VectorStore(settings), embedder, config, reranker=SupportReranker(scorer),
                     lexical_dir=settings.index_dir / "lexical" / settings.collection,
                     table_dir=table_dir(settings),
                     neighbour_dir=neighbour_dir(settings))


def table_dir(settings: Settings):
    """Where the partition tables are saved (``retriever/catalogue.py``)."""
    return settings.index_dir / "catalogue" / settings.collection


def neighbour_dir(settings: Settings):
    """Where the HNSW indexes of the partitions' tables are saved."""
    return settings.index_dir / "neighbours" / settings.collection

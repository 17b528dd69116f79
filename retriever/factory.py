"""Wire a ``Retriever`` from settings: the store, the embedding model."""

from __future__ import annotations

from clausier.index.vectors import VectorStore
from clausier.settings import Settings

from .search import RetrievalConfig, Retriever


def build_retriever(settings: Settings, config: RetrievalConfig | None = None, *, embedder=None) -> Retriever:
    if embedder is None:
        from clausier.embedding.model import load_embedder

        embedder = load_embedder(settings.model_dir)
    return Retriever(VectorStore(settings), embedder, config)

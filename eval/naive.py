"""The reference a user would otherwise pick: the LangChain quickstart over the raw corpus.

``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`` on the files' raw text
(no cleaning, no repair, no clauses), our embedding model behind a LangChain ``Embeddings``
adapter, ``langchain_chroma.Chroma`` in a temporary folder, ``similarity_search``. Its hits
carry no clause metadata (empty clause and heading): the runner judges them by quote coverage.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Sequence

from langchain_core.embeddings import Embeddings

from clausier.schema import Caller, Hit

log = logging.getLogger(__name__)

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


class EmbedderAdapter(Embeddings):
    """Our ``Embedder`` (e5 prompts included) as a LangChain ``Embeddings``."""

    def __init__(self, embedder):
        self._embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._embedder.embed_queries([text])[0].tolist()


def raw_text(path: Path) -> str:
    """The file's text as a quickstart loader returns it (pypdf for PDFs, as-is otherwise)."""
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return path.read_text(encoding="utf-8", errors="replace")


class NaiveRetriever:
    """Builds the quickstart index once; ``search`` returns ``Hit``s without clause fields."""

    def __init__(self, sources: Sequence[tuple[str, str, str, Path]], embedder):
        """``sources``: (doc_id, title, organisation, path) of every corpus file."""
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        docs = [
            Document(page_content=raw_text(path), metadata={"doc_id": doc_id, "title": title, "organisation": org})
            for doc_id, title, org, path in sources
        ]
        chunks = splitter.split_documents(docs)
        self._dir = tempfile.mkdtemp(prefix="clausier-naive-")
        import chromadb

        client = chromadb.PersistentClient(path=self._dir, settings=chromadb.Settings(anonymized_telemetry=False))
        self._store = Chroma(
            collection_name="naive", embedding_function=EmbedderAdapter(embedder), client=client
        )
        self._store.add_documents(chunks, ids=[f"naive-{i}" for i in range(len(chunks))])
        self.size = len(chunks)
        log.info("naive index chunks=%d", self.size)

    def search(self, question: str, caller: Caller | None = None, k: int = 5, *, search_filter=None) -> list[Hit]:
        """The quickstart's similarity search (the whole corpus: it has no access control)."""
        docs = self._store.similarity_search(question, k=k)
        return [
            Hit(
                chunk_id=f"naive:{i}", doc_id=d.metadata.get("doc_id", ""), title=d.metadata.get("title", ""),
                organisation=d.metadata.get("organisation", ""), clause="", heading="", page=None,
                text=d.page_content, score=0.0, level=0,
            )
            for i, d in enumerate(docs)
        ]

    def answer_context(self, hits, caller: Caller | None = None, *, search_filter=None) -> list[Hit]:
        return list(hits)

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)


def corpus_sources(corpus_dir: Path, default_level: int = 3) -> list[tuple[str, str, str, Path]]:
    from ingest.manifest import load_manifest

    return [
        (f.info.doc_id, f.info.title, f.info.organisation, f.path)
        for f in load_manifest(corpus_dir, default_level)
        if f.path.exists()
    ]

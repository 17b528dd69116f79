"""A cold server answers like a warm one: answer passages embedded once, stored, loaded at start."""

from __future__ import annotations

import shutil
from pathlib import Path

from answer.extractive import ExtractiveAnswerer
from clausier.assistant import Assistant
from clausier.embedding.cache import CachingEmbedder
from clausier.index.vectors import VectorStore
from clausier.promptlog import PromptLog
from clausier.schema import Caller
from clausier.settings import Settings
from ingest.manifest import SourceFile, info_for_file
from ingest.service import ingest_files
from retriever.factory import build_retriever
from clausier.reading.candidates import passages_for
from retriever.warmup import PassageWarmer

ROOT = Path(__file__).resolve().parent.parent


class _Counting:
    def __init__(self, embedder):
        self._embedder, self.dim, self.passages = embedder, embedder.dim, 0

    def embed_queries(self, texts):
        return self._embedder.embed_queries(texts)

    def embed_passages(self, texts, *, batch_size=32, show_progress=False):
        self.passages += len(texts)
        return self._embedder.embed_passages(texts, batch_size=batch_size)


def _process(settings: Settings, embedder):
    """What one server process holds: its own cache, retriever, answerer and warmer."""
    counting = _Counting(embedder)
    cache = CachingEmbedder(counting)
    retriever = build_retriever(settings, embedder=cache)
    answerer = ExtractiveAnswerer(embed_queries=cache.embed_queries, embed_passages=cache.embed_passages)
    assistant = Assistant(settings, retriever, answerer, PromptLog(settings.data_dir / "prompts.sqlite3"))
    stored = VectorStore(settings).passages()  # the passage vectors stored beside this index
    return counting, PassageWarmer(retriever, cache, stored, passages_of=passages_for), assistant


def test_a_fresh_process_answers_without_embedding_any_passage(tmp_path, embedder):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    doc = tmp_path / "ikomia.txt"
    shutil.copy(ROOT / "corpus" / "ikomia_politique-confidentialite.txt", doc)
    assert not ingest_files([SourceFile(doc, info_for_file(doc, level=0, organisation="Ikomia"), "added")],
                            VectorStore(settings), embedder, max_bytes=settings.max_file_bytes).errors
    first, warmer, _ = _process(settings, embedder)
    computed = warmer.run()
    assert computed > 20 and first.passages == computed

    questions = ("Combien de temps Ikomia conserve-t-il les données ?",
                 "Comment exercer le droit à la mort numérique ?", "Quels cookies sont utilisés ?")
    cold, _, unwarmed = _process(settings, embedder)  # without the warm-up: passages embedded on first sight
    for question in questions:
        unwarmed.ask(question, Caller.anonymous(), channel="api")
    assert cold.passages > 0

    second, warmer, assistant = _process(settings, embedder)  # a restart, or another instance
    assert warmer.load() == computed  # what a server start does before taking requests
    assert warmer.run() == 0 and second.passages == 0  # loaded, not computed
    for question in questions:
        assistant.ask(question, Caller.anonymous(), channel="api")
    assert second.passages == 0  # every passage the answerer scored was already there

"""A cold server answers like a warm one: answer passages embedded once (at ingest, or by the
warm-up for an index written before), stored, and then only read."""

from __future__ import annotations

import shutil
from pathlib import Path

import chromadb
import numpy as np

import retriever.warmup as warmup
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
QUESTIONS = ("Combien de temps Ikomia conserve-t-il les données ?",
             "Comment exercer le droit à la mort numérique ?", "Quels cookies sont utilisés ?")


class _Counting:
    def __init__(self, embedder):
        self._embedder, self.dim, self.passages = embedder, embedder.dim, 0

    def embed_queries(self, texts):
        return self._embedder.embed_queries(texts)

    def embed_passages(self, texts, *, batch_size=32, show_progress=False):
        self.passages += len(texts)
        return self._embedder.embed_passages(texts, batch_size=batch_size)


def _process(settings: Settings, embedder, *, lookup: bool = True):
    """What one server process holds: its own cache, retriever, answerer and warmer."""
    counting = _Counting(embedder)
    cache = CachingEmbedder(counting)
    retriever = build_retriever(settings, embedder=cache)
    answerer = ExtractiveAnswerer(embed_queries=cache.embed_queries, embed_passages=cache.embed_passages)
    assistant = Assistant(settings, retriever, answerer, PromptLog(settings.data_dir / "prompts.sqlite3"))
    stored = VectorStore(settings).passages()  # the passage vectors stored beside this index
    if lookup:
        cache.use_stored_passages(stored)
    return counting, PassageWarmer(retriever, cache, stored, passages_of=passages_for), assistant, cache


def _ingest(settings: Settings, tmp_path: Path, embedder) -> _Counting:
    doc = tmp_path / "ikomia.txt"
    shutil.copy(ROOT / "corpus" / "ikomia_politique-confidentialite.txt", doc)
    counting = _Counting(embedder)
    assert not ingest_files([SourceFile(doc, info_for_file(doc, level=0, organisation="Ikomia"), "added")],
                            VectorStore(settings), counting, max_bytes=settings.max_file_bytes).errors
    return counting


def test_passages_stored_at_ingest_are_read_not_recomputed_at_any_size(tmp_path, embedder, monkeypatch):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    ingested = _ingest(settings, tmp_path, embedder)
    stored = VectorStore(settings).passages()
    assert stored.count() > 20 and ingested.passages > 20  # chunks and passages embedded by the ingest
    # an index too large to load or warm: nothing is loaded at start, nothing computed ahead
    monkeypatch.setattr(warmup, "MAX_LOADED", 0)
    monkeypatch.setattr(warmup, "MAX_CHUNKS", 0)
    fresh, warmer, assistant, cache = _process(settings, embedder)
    assert warmer.load() == 0 and warmer.run() == 0
    for question in QUESTIONS:
        assistant.ask(question, Caller.anonymous(), channel="api")
    assert fresh.passages == 0  # every passage the answerer scored was looked up, none embedded
    texts, vectors = stored.all()
    assert np.array_equal(cache.embed_passages(texts[:5]), vectors[:5])  # the stored vectors themselves
    assert fresh.passages == 0

    unlooked, _, assistant, _ = _process(settings, embedder, lookup=False)  # the same process without the look-up
    for question in QUESTIONS:
        assistant.ask(question, Caller.anonymous(), channel="api")
    assert unlooked.passages > 0


def test_an_index_written_before_gets_its_passages_from_the_warm_up(tmp_path, embedder):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    _ingest(settings, tmp_path, embedder)
    client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chromadb.Settings(anonymized_telemetry=False))
    client.delete_collection(f"{settings.collection}-passages")  # as ingested before passages were stored
    del client
    first, warmer, _, _ = _process(settings, embedder)
    computed = warmer.run()
    assert computed > 20 and first.passages == computed

    second, warmer, assistant, _ = _process(settings, embedder, lookup=False)  # a restart, or another instance
    assert warmer.load() == computed  # what a server start does before taking requests
    assert warmer.run() == 0 and second.passages == 0  # loaded, not computed
    for question in QUESTIONS:
        assistant.ask(question, Caller.anonymous(), channel="api")
    assert second.passages == 0  # every passage the answerer scored was already there

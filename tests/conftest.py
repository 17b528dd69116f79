"""Shared fixtures: offline environment, a temp data dir per test, session-wide model/index."""

from __future__ import annotations

import pytest

import clausier.settings  # noqa: F401  (sets the offline switches before any model library loads)

OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


@pytest.fixture(autouse=True)
def offline_env(monkeypatch, tmp_path):
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CLAUSIER_DATA_DIR", str(tmp_path / "data"))


# --- session-wide real components -------------------------------------------------------------

import socket
from dataclasses import replace
import threading
import time
from pathlib import Path

from clausier.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def model():
    """The real bundled e5 model, converted by `make model`, loaded once per run."""
    from clausier.embedding.model import load_embedder

    return load_embedder(Settings.from_env().model_dir)


@pytest.fixture(scope="session")
def embedder(model):
    """The model behind the product's text-keyed cache, shared by the whole run: the corpus is
    ingested by many fixtures and its sentences scored by many answerers, and each text costs
    one forward per run, as it does per server process. Tests that count what reaches the model
    wrap this in their own counter, above the cache."""
    from clausier.embedding.cache import CachingEmbedder

    return CachingEmbedder(model, passages=500_000, queries=100_000)


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory, embedder) -> Settings:
    """Settings over a temp data dir holding the whole corpus, ingested once per run."""
    from clausier.index.vectors import VectorStore
    from ingest.manifest import load_manifest
    from ingest.service import ingest_files

    settings = replace(
        Settings.from_env().with_data_dir(tmp_path_factory.mktemp("corpus-index")),
        corpus_dir=PROJECT_ROOT / "corpus",
    )
    report = ingest_files(
        load_manifest(settings.corpus_dir, settings.default_level), VectorStore(settings), embedder,
        max_bytes=settings.max_file_bytes, sync_origin="corpus",
    )
    assert not report.errors, report.errors
    return settings


@pytest.fixture(scope="session")
def corpus_retriever(indexed_settings, embedder):
    from retriever.factory import build_retriever

    return build_retriever(indexed_settings, embedder=embedder)


@pytest.fixture(scope="session")
def assistant(indexed_settings, corpus_retriever, embedder):
    from answer.extractive import ExtractiveAnswerer
    from clausier.assistant import Assistant
    from clausier.promptlog import PromptLog

    answerer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)
    return Assistant(indexed_settings, corpus_retriever, answerer, PromptLog(indexed_settings.promptlog_path))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """The real app served by uvicorn on a free loopback port, in a background thread."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)


@pytest.fixture(scope="session")
def live_app(indexed_settings, assistant):
    from app import build_app

    with LiveServer(build_app(indexed_settings, assistant)) as server:
        yield server


# --- the local LLM (translations, LLM reader): a handful of real calls per run ----------------


@pytest.fixture(scope="session")
def local_model():
    """The real local model (make model), loaded once, in-process, its HTTP port on loopback."""
    from clausier.llm.runtime import shared_model

    return shared_model(Settings.from_env().llm_model_path)


@pytest.fixture(scope="session")
def llm_assistant(indexed_settings, corpus_retriever, embedder, local_model):
    """The corpus assistant with the translator and the LLM reader, both on the local model (the
    reader through its OpenAI-compatible HTTP interface, as it would reach any endpoint)."""
    from answer.extractive import ExtractiveAnswerer
    from answer.llm_reader import build_llm_reader, e5_similarity
    from clausier.assistant import Assistant
    from clausier.llm.translate import Translator
    from clausier.promptlog import PromptLog

    answerer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)
    reader = build_llm_reader(local_model.base_url, "local", local_model.api_key, fallback=answerer,
                              similarity=e5_similarity(embedder.embed_queries, embedder.embed_passages),
                              max_passages=2)
    return Assistant(indexed_settings, corpus_retriever, answerer, PromptLog(indexed_settings.promptlog_path),
                     translator=Translator(local_model), readers={"llm": reader})


@pytest.fixture(scope="session")
def llm_app(indexed_settings, llm_assistant):
    from app import build_app

    with LiveServer(build_app(indexed_settings, llm_assistant)) as server:
        yield server

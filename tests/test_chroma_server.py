"""The Chroma server mode: a real `chroma run` server, ingest and retrieve through HttpClient."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from clausier.index.vectors import VectorStore
from clausier.schema import Caller
from clausier.settings import Settings
from ingest.manifest import load_manifest
from ingest.service import ingest_files
from retriever.factory import build_retriever
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def chroma_server(tmp_path):
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    process = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "chroma"), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("chroma server did not start")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_ingest_and_retrieve_through_a_chroma_server(tmp_path, chroma_server, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "ikomia_politique-confidentialite.txt", corpus)
    settings = replace(Settings.from_env().with_data_dir(tmp_path / "data"),
                       chroma_host="127.0.0.1", chroma_port=chroma_server, corpus_dir=corpus)
    report = ingest_files(load_manifest(corpus, 0), VectorStore(settings), embedder,
                          max_bytes=settings.max_file_bytes, sync_origin="corpus")
    assert not report.errors and report.results[0].chunks > 5
    assert not (tmp_path / "data" / "index" / "chroma").exists()  # nothing embedded locally
    hits = build_retriever(settings, embedder=embedder).search("droit à la mort numérique", Caller.anonymous(), k=3)
    assert any("mort numérique" in h.text for h in hits)

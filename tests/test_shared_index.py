"""Two app instances on one real `chroma run` server see each other's writes within seconds."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

import clausier.index.neighbours as neighbours
from clausier.index.vectors import VectorStore
from clausier.schema import Caller
from clausier.settings import Settings
from ingest.manifest import SourceFile, info_for_file
from ingest.service import ingest_files, remove_document
from tests.conftest import LiveServer
from tests.test_chroma_server import chroma_server  # noqa: F401  (the real server fixture)

ROOT = Path(__file__).resolve().parent.parent
VISIBLE_WITHIN = 5.0
COOKIES = "Quels cookies sont déposés et comment les refuser ?"
# two short policies: the test is about what each instance sees, not about long documents
PRIVACY = ("Politique de confidentialité d'Ikomia\n\n1. Données collectées\n\nIkomia collecte votre nom et votre "
           "adresse e-mail lors de l'inscription.\n\n2. Durée de conservation\n\nLes données sont conservées trois ans "
           "après le dernier contact.\n")
COOKIE_POLICY = ("Politique de cookies d'Assistool\n\n1. Cookies déposés\n\nAssistool dépose des cookies de mesure "
                 "d'audience et des cookies de session.\n\n2. Refuser les cookies\n\nVous pouvez refuser les cookies "
                 "depuis les paramètres de votre navigateur.\n")


def _anonymous_docs(server: LiveServer, question: str) -> set[str]:
    response = httpx.post(f"{server.url}/api/retrieve", json={"query": question, "k": 8}, timeout=30)
    assert response.status_code == 200, response.text
    return {hit["doc_id"] for hit in response.json()["hits"]}


def _within(deadline_s: float, check) -> float:
    """Seconds until ``check()`` holds (fails past the deadline)."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < deadline_s, "the other instance did not see the change in time"
        time.sleep(0.1)
    return time.monotonic() - start


@pytest.mark.parametrize("exact_rows", [neighbours.EXACT_ROWS, 0], ids=["exact-local", "hnsw-local"])
def test_writes_through_one_path_are_seen_by_the_other_instance(tmp_path, chroma_server, embedder, monkeypatch,  # noqa: F811
                                                                exact_rows):
    """With the local dense search too: exact over the new table at once, or (every table
    counted as large, and too large for the interim exact search) Chroma's query until the
    changed partition's HNSW index is rebuilt."""
    from app import build_app, build_assistant

    monkeypatch.setattr(neighbours, "EXACT_ROWS", exact_rows)
    if not exact_rows:
        monkeypatch.setattr(neighbours, "INTERIM_EXACT_ROWS", 0)

    shared = replace(Settings.from_env(), chroma_host="127.0.0.1", chroma_port=chroma_server)
    seed = tmp_path / "ikomia.txt"
    seed.write_text(PRIVACY, encoding="utf-8")
    store = VectorStore(shared.with_data_dir(tmp_path / "writer"))
    assert not ingest_files([SourceFile(seed, info_for_file(seed, level=0, organisation="Ikomia"), "added")],
                            store, embedder, max_bytes=shared.max_file_bytes).errors
    instances = [build_assistant(shared.with_data_dir(tmp_path / name), embedder=embedder) for name in ("a", "b")]
    with LiveServer(build_app(instances[0].settings, instances[0])), \
            LiveServer(build_app(instances[1].settings, instances[1])) as b:
        assert "assistool" not in _anonymous_docs(b, COOKIES)

        # 1. an ingest by the command line, a third process
        cookies = tmp_path / "assistool.txt"
        cookies.write_text(COOKIE_POLICY, encoding="utf-8")
        env = {**os.environ, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server),
               "CLAUSIER_DATA_DIR": str(tmp_path / "cli")}
        done = subprocess.run([sys.executable, "-m", "ingest", str(cookies), "--level", "0"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        _within(VISIBLE_WITHIN, lambda: "assistool" in _anonymous_docs(b, COOKIES))

        # 2. a level change through instance A's path (an admin upload at level 2): from the
        #    moment it returns, instance B never serves the document to a clearance-0 caller
        served_after: list[set[str]] = []
        returned = threading.Event()
        stop = threading.Event()

        def poll():
            while not stop.is_set():
                after = returned.is_set()
                docs = _anonymous_docs(b, COOKIES)
                if after:
                    served_after.append(docs)

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            report = ingest_files([SourceFile(cookies, info_for_file(cookies, level=2), "added")],
                                  VectorStore(instances[0].settings), embedder, max_bytes=shared.max_file_bytes)
            returned.set()
            assert [r.status for r in report.results] == ["updated"]
            cleared = Caller(user="u2", clearance=2)
            _within(VISIBLE_WITHIN, lambda: any(h.doc_id == "assistool" for h in instances[1].retriever.search(COOKIES, cleared, k=8)))
            time.sleep(0.5)
        finally:
            stop.set()
            poller.join()
        assert served_after and all("assistool" not in docs for docs in served_after)

        # 3. a removal through instance A's path
        assert remove_document(VectorStore(instances[0].settings), "assistool") > 0
        _within(VISIBLE_WITHIN, lambda: not any(
            h.doc_id == "assistool" for h in instances[1].retriever.search(COOKIES, Caller(user="u3", clearance=3), k=8)))
        assert "assistool" not in {c.doc_id for c in instances[0].retriever.chunks.values()}

"""The governed prompt log through the real app: admin-only export and erasure over HTTP, the
CLI, and the proof that no channel (API, chat handler, Gradio routes, feedback, export) ever
writes an answer."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import httpx

from tests import gradio_probe
from tests.access_fixtures import access_world, closed_server  # noqa: F401
from web.auth import chat_caller
from web.chat import ChatHandlers

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = {
    "api": "Combien de temps Looper-AI conserve-t-il les informations notées lors des contacts téléphoniques ?",
    "chat": "Comment se déroulent les entretiens annuels d'évaluation des salariés ?",
    "gradio": "La fuite de données a-t-elle été notifiée à la CNIL dans les 72 heures ?",
}


def _client(server, key=None) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60, headers={"Authorization": f"Bearer {key}"} if key else {})


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?»])\s+|\n+", text)
    return [p.strip(" «»\"[]0123456789•") for p in parts if len(p.strip()) >= 25]


def _files(data_dir: Path) -> dict[Path, str]:
    index = data_dir / "index"
    return {p: p.read_bytes().decode("utf-8", "ignore") for p in data_dir.rglob("*")
            if p.is_file() and index not in p.parents}


def _cli(world, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLAUSIER_DATA_DIR": str(world.settings.data_dir)}
    return subprocess.run([sys.executable, "-m", "app", "prompts", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_no_channel_stores_an_answer(access_world, closed_server, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    key = access_world.keys["level3"]
    with _client(closed_server, key) as client:
        body = client.post("/api/ask", json={"question": QUESTIONS["api"]}).json()
        answers = [body["answer"]]
        assert client.post("/api/feedback", json={"prompt_id": body["prompt_id"], "value": -1}).json() == {"ok": True}
        for question in (QUESTIONS["chat"], QUESTIONS["gradio"]):  # the same answers the other channels give
            answers.append(client.post("/api/ask", json={"question": question}).json()["answer"])
    handlers = ChatHandlers(access_world.assistant, chat_caller(access_world.access))
    history, _, _ = handlers.respond(QUESTIONS["chat"], [], SimpleNamespace(username="level3"))
    answers.append(history[-1]["content"])
    with _client(closed_server) as session:
        gradio_probe.login(session, "level3", key)
        events, components = gradio_probe.backend_events(session)
        ask = gradio_probe.question_chains(events, components)[0]
        bodies = gradio_probe.run_chain(session, ask, components, QUESTIONS["gradio"])
        assert all(status == 200 for status, _ in bodies)
    exported = _cli(access_world, "export", "--user", "level3", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    prompts = {p["prompt"] for p in json.loads(exported.stdout)["prompts"]}
    assert set(QUESTIONS.values()) <= prompts  # every channel logged its prompt…
    assert any(f["value"] == -1 for p in json.loads(exported.stdout)["prompts"] for f in p["feedback"])

    sentences = [s for answer in answers for s in _sentences(answer)]
    assert len(sentences) >= 3 and "13 mois" in answers[0]
    written = _files(access_world.settings.data_dir)
    captured = capfd.readouterr()
    outputs = caplog.text + captured.out + captured.err + exported.stdout
    for sentence in sentences:  # …and no answer anywhere
        for path, text in written.items():
            assert sentence not in text, f"answer sentence in {path}"
        assert sentence not in outputs, "answer sentence in the logs or the export"


def test_admin_endpoints_export_and_erase(access_world, closed_server):
    keys = access_world.keys
    with _client(closed_server, keys["level2"]) as level2, _client(closed_server, keys["boss"]) as boss:
        marker = "QUESTION-DE-LEVEL2-8842 sur les entretiens"
        level2.post("/api/ask", json={"question": marker})
        assert level2.get("/api/admin/prompts/export", params={"user": "level2"}).status_code == 403
        assert level2.post("/api/admin/prompts/erase", json={"user": "level2"}).status_code == 403
        with _client(closed_server) as nobody:
            assert nobody.get("/api/admin/prompts/export", params={"user": "level2"}).status_code == 401

        exported = boss.get("/api/admin/prompts/export", params={"user": "level2", "format": "json"})
        assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
        rows = exported.json()["prompts"]
        assert marker in {r["prompt"] for r in rows} and {r["user"] for r in rows} == {"level2"}
        expected = {r.id for r in access_world.assistant.prompt_log.records("level2")}
        assert {r["id"] for r in rows} == expected  # exactly that user's prompts
        as_csv = boss.get("/api/admin/prompts/export", params={"user": "level2", "format": "csv"})
        assert as_csv.headers["content-type"].startswith("text/csv") and marker in as_csv.text
        assert boss.get("/api/admin/prompts/export", params={"user": "level2", "format": "xml"}).status_code == 422

        erased = boss.post("/api/admin/prompts/erase", json={"user": "level2"}).json()
        assert erased == {"user": "level2", "erased": len(expected)}
        assert boss.get("/api/admin/prompts/export", params={"user": "level2"}).json()["prompts"] == []
    raw = access_world.settings.promptlog_path.read_bytes()
    assert marker.encode() not in raw
    assert access_world.assistant.prompt_log.records("level3")  # the others' prompts stay


def test_prompts_cli_purge_and_erase(access_world):
    log = access_world.assistant.prompt_log
    log.record(channel="api", user="cli-user", prompt="CLI-ERASE-ME-5521", n_hits=0, top_score=None,
               abstained=True, latency_ms=1)
    as_csv = _cli(access_world, "export", "--user", "cli-user", "--format", "csv")
    assert as_csv.returncode == 0 and "CLI-ERASE-ME-5521" in as_csv.stdout
    erased = _cli(access_world, "erase", "--user", "cli-user")
    assert erased.returncode == 0 and erased.stdout.startswith("1 ")
    assert b"CLI-ERASE-ME-5521" not in access_world.settings.promptlog_path.read_bytes()
    purged = _cli(access_world, "purge")
    assert purged.returncode == 0 and "396 jours" in purged.stdout

"""Looper-AI's practice, proven: the prompt is logged; the answer is in no file and no log."""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path

import httpx

from clausier.schema import Caller
from web.chat import ChatHandlers

CHAT_QUESTION = "Quel est le délai de notification d'une fuite de données chez IPSO ?"
API_QUESTION = "Combien de temps Looper-AI conserve-t-il les informations notées lors des contacts téléphoniques ?"


def _answer_sentences(text: str) -> list[str]:
    """Sentences of an answer long enough to be meaningful evidence of storage."""
    parts = re.split(r"(?<=[.!?»])\s+|\n+", text)
    return [p.strip(" «»\"[]0123456789") for p in parts if len(p.strip()) >= 25]


def _files_outside_index(data_dir: Path) -> list[Path]:
    index_dir = data_dir / "index"
    return [p for p in data_dir.rglob("*") if p.is_file() and index_dir not in p.parents]


def test_prompts_logged_answers_never_stored(indexed_settings, assistant, live_app, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    handlers = ChatHandlers(assistant, lambda request: Caller.anonymous())
    history, _, _ = handlers.respond(CHAT_QUESTION, [], None)
    chat_answer = history[-1]["content"]
    body = httpx.post(f"{live_app.url}/api/ask", json={"question": API_QUESTION}, timeout=60).json()
    api_answer = body["answer"]
    assert "13 mois" in api_answer and "72" in chat_answer  # real answers were produced

    db = sqlite3.connect(indexed_settings.promptlog_path)
    prompts = [row[0] for row in db.execute("SELECT prompt FROM prompts")]
    channels = {row[0] for row in db.execute("SELECT channel FROM prompts")}
    assert CHAT_QUESTION in prompts and API_QUESTION in prompts
    assert {"chat", "api"} <= channels

    sentences = _answer_sentences(chat_answer) + _answer_sentences(api_answer)
    assert sentences, "the answers should have quotable sentences"
    written = {p: p.read_bytes().decode("utf-8", errors="ignore") for p in _files_outside_index(indexed_settings.data_dir)}
    assert any(API_QUESTION in text for text in written.values())  # the prompt is stored…
    captured = capfd.readouterr()
    logs = caplog.text + captured.out + captured.err
    for sentence in sentences:  # …the answer nowhere
        for path, text in written.items():
            assert sentence not in text, f"answer sentence found in {path}"
        assert sentence not in logs, "answer sentence found in the logs"

"""Looper-AI's practice, proven: the prompt is logged; the answer is in no file and no log."""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path

import httpx

from answer.langchain_adapter import ClausierQA
from clausier.schema import Caller
from web.chat import ChatHandlers

CHAT_QUESTION = "Quel est le délai de notification d'une fuite de données chez IPSO ?"
API_QUESTION = "Combien de temps Looper-AI conserve-t-il les informations notées lors des contacts téléphoniques ?"
LANGCHAIN_QUESTION = "Qui est le délégué à la protection des données d'AOPS ?"


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
    langchain_answer = ClausierQA.in_process(assistant, Caller.anonymous()).invoke(LANGCHAIN_QUESTION).text
    assert "13 mois" in api_answer and "72" in chat_answer and "AOPS" in langchain_answer  # real answers

    db = sqlite3.connect(indexed_settings.promptlog_path)
    prompts = [row[0] for row in db.execute("SELECT prompt FROM prompts")]
    channels = {row[0] for row in db.execute("SELECT channel FROM prompts")}
    assert CHAT_QUESTION in prompts and API_QUESTION in prompts and LANGCHAIN_QUESTION in prompts
    assert {"chat", "api", "langchain"} <= channels

    sentences = _answer_sentences(chat_answer) + _answer_sentences(api_answer) + _answer_sentences(langchain_answer)
    assert sentences, "the answers should have quotable sentences"
    written = {p: p.read_bytes().decode("utf-8", errors="ignore") for p in _files_outside_index(indexed_settings.data_dir)}
    assert any(API_QUESTION in text for text in written.values())  # the prompt is stored…
    captured = capfd.readouterr()
    logs = caplog.text + captured.out + captured.err
    for sentence in sentences:  # …the answer nowhere
        for path, text in written.items():
            assert sentence not in text, f"answer sentence found in {path}"
        assert sentence not in logs, "answer sentence found in the logs"


EN_QUESTION = "Within how many hours must IPSO notify a personal data breach?"
READER_QUESTION = "Dans quel délai IPSO doit-il notifier une fuite de données ?"


def _generated_sentences(body: dict) -> list[str]:
    """What the model wrote in an API answer: translations, and the LLM reader's own sentences."""
    lines = [c["translation"] for c in body["citations"] if c.get("translation")]
    lines += [ln.split("“", 1)[-1].rstrip("”") for ln in body["answer"].split("\n") if "↳" in ln]
    if body["answer"].startswith(("Réponse rédigée", "Answer written")):
        lines += [ln for ln in body["answer"].split("\n")[1:] if not ln.startswith("«")]
    return [s for line in lines for s in _answer_sentences(line)]


def test_translations_and_llm_output_never_stored(indexed_settings, llm_app, local_model, caplog, capfd):
    """Only the questions are kept; the model's translations and sentences are in no file, no log,
    no model server output (in-process: its stderr is ours, captured here)."""
    from clausier.settings import Settings

    caplog.set_level(logging.DEBUG)
    model_dir = Settings.from_env().llm_model_path.parent
    model_files_before = sorted(p.name for p in model_dir.iterdir())
    translated = httpx.post(f"{llm_app.url}/api/ask", json={"question": EN_QUESTION}, timeout=900).json()
    read = httpx.post(f"{llm_app.url}/api/ask", json={"question": READER_QUESTION, "reader": "llm"},
                      timeout=900).json()
    streamed = httpx.post(f"{llm_app.url}/api/ask/stream", json={"question": EN_QUESTION}, timeout=900).text
    assert all(c["translation"] for c in translated["citations"])  # translations were produced
    assert "event: translation" in streamed

    sentences = _generated_sentences(translated) + _generated_sentences(read)
    assert sentences
    prompts = [row[0] for row in sqlite3.connect(indexed_settings.promptlog_path).execute("SELECT prompt FROM prompts")]
    assert EN_QUESTION in prompts and READER_QUESTION in prompts  # the questions are logged…
    written = {p: p.read_bytes().decode("utf-8", errors="ignore") for p in _files_outside_index(indexed_settings.data_dir)}
    captured = capfd.readouterr()
    logs = caplog.text + captured.out + captured.err
    for sentence in sentences:  # …what the model wrote, nowhere
        for path, text in written.items():
            assert sentence not in text, f"model output found in {path}"
        assert sentence not in logs, "model output found in the logs or the model server's output"
    assert sorted(p.name for p in model_dir.iterdir()) == model_files_before  # the model server wrote no file

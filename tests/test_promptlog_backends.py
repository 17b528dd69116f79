"""The prompt log on SQLite and on a real PostgreSQL server: export, erasure, retention purge,
pseudonymised names, feedback — the same behaviour on both backends."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from clausier.errors import InvalidFeedback

from clausier.promptlog import PromptLog, open_prompt_log
from clausier.promptlog.portability import export_rows, export_text
from clausier.promptlog.retention import RetentionScheduler
from clausier.settings import Settings
from tests.conftest import free_port
from tests.postgres_server import PostgresServer

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture(scope="module")
def postgres_url():
    with PostgresServer(free_port()) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def make_log(request, tmp_path):
    """A factory of empty logs on one backend: make_log(clock=…, pseudonym_key=…)."""
    logs = []

    def make(**kwargs):
        if request.param == "sqlite":
            log = PromptLog(tmp_path / "prompts.sqlite3", **kwargs)
        else:
            from clausier.promptlog.postgres import PostgresPromptLog

            log = PostgresPromptLog(request.getfixturevalue("postgres_url"), **kwargs)
            log.purge(1, now=datetime(9999, 1, 1, tzinfo=timezone.utc))  # the shared server: start empty
        logs.append(log)
        return log

    make.backend = request.param
    yield make
    for log in logs:
        log.close()


def _ask(log, user: str, prompt: str, *, abstained: bool = False) -> str:
    return log.record(channel="api", user=user, prompt=prompt, n_hits=3, top_score=0.5,
                      abstained=abstained, latency_ms=12)


def test_record_feedback_and_ownership(make_log):
    log = make_log()
    pid = _ask(log, "alice", "Quel est le délai de conservation ?")
    assert log.feedback(pid, 1, user="alice") and log.feedback(pid, -1)
    assert not log.feedback(pid, 1, user="bob")  # not bob's question
    assert not log.feedback("unknown", 1)
    for bad in (0, -5, 2, True):  # only +1 / -1, never coerced
        with pytest.raises(InvalidFeedback):
            log.feedback(pid, bad)
    assert [f.value for f in log.feedback_records("alice")] == [-1]  # one vote per prompt: the last
    assert [r.prompt for r in log.records("alice")] == ["Quel est le délai de conservation ?"]


def test_export_has_exactly_that_users_prompts_and_feedback(make_log):
    log = make_log()
    mine = [_ask(log, "alice", f"question d'Alice numéro {n}") for n in range(3)]
    _ask(log, "bob", "question de Bob sur les cookies")
    log.feedback(mine[1], -1)
    rows = export_rows(log, "alice")
    assert [r["id"] for r in rows] == mine
    assert rows[1]["feedback"][0]["value"] == -1 and rows[0]["feedback"] == []
    payload = json.loads(export_text(log, "alice", "json"))
    assert payload["user"] == "alice" and len(payload["prompts"]) == 3
    table = list(csv.DictReader(io.StringIO(export_text(log, "alice", "csv"))))
    assert [r["prompt"] for r in table] == [f"question d'Alice numéro {n}" for n in range(3)]
    assert table[1]["feedback"] == "-1"
    assert "Bob" not in export_text(log, "alice", "csv")


def test_erase_removes_the_user_and_only_them(make_log):
    log = make_log()
    pid = _ask(log, "alice", "ALICE-SECRET-PROMPT-7731 sur la paie")
    log.feedback(pid, 1)
    _ask(log, "bob", "question de Bob qui reste")
    assert log.erase("alice") == 1
    assert log.records("alice") == [] and log.feedback_records("alice") == []
    assert [r.prompt for r in log.records()] == ["question de Bob qui reste"]
    if make_log.backend == "sqlite":
        raw = log.path.read_bytes()
        assert b"ALICE-SECRET-PROMPT-7731" not in raw and b"alice" not in raw
        assert b"question de Bob qui reste" in raw


def test_purge_with_an_injected_clock(make_log):
    clock = Clock(NOW - timedelta(days=500))
    log = make_log(clock=clock)
    old = _ask(log, "alice", "OLD-PROMPT-500-DAYS")
    log.feedback(old, 1)
    clock.moment = NOW - timedelta(days=10)
    _ask(log, "alice", "recent prompt")
    assert log.purge(396, now=NOW) == 1
    assert [r.prompt for r in log.records()] == ["recent prompt"]
    assert log.feedback_records() == []
    assert log.purge(396, now=NOW) == 0
    assert log.purge(5, now=NOW) == 1
    if make_log.backend == "sqlite":
        assert b"OLD-PROMPT-500-DAYS" not in log.path.read_bytes()


def test_pseudonymised_names(make_log):
    log = make_log(pseudonym_key="k3y-for-tests")
    pid = _ask(log, "alice.martin", "question pseudonymisée")
    stored = log.records()[0].user
    assert stored.startswith("h:") and "alice" not in stored
    assert export_rows(log, "alice.martin")[0]["user"] == "alice.martin"
    assert log.feedback(pid, 1, user="alice.martin")
    if make_log.backend == "sqlite":
        assert b"alice.martin" not in log.path.read_bytes()
    assert log.erase("alice.martin") == 1 and log.records() == []


def test_retention_scheduler_purges_at_start(make_log):
    clock = Clock(NOW - timedelta(days=400))
    log = make_log(clock=clock)
    _ask(log, "alice", "expired question")
    scheduler = RetentionScheduler(log, 396, interval_s=3600, clock=lambda: NOW).start()
    try:
        for _ in range(100):
            if scheduler.runs:
                break
            import time

            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert scheduler.runs >= 1 and log.records() == []


def test_open_prompt_log_follows_the_settings(tmp_path, postgres_url):
    settings = Settings.from_env().with_data_dir(tmp_path)
    assert isinstance(open_prompt_log(settings), PromptLog)
    from dataclasses import replace

    from clausier.promptlog.postgres import PostgresPromptLog

    shared = [open_prompt_log(replace(settings, promptlog_url=postgres_url)) for _ in range(2)]
    assert all(isinstance(log, PostgresPromptLog) for log in shared)
    pid = _ask(shared[0], "zoe", "une question partagée entre deux instances")
    assert shared[1].feedback(pid, 1)  # the second instance sees the first one's prompt
    shared[1].erase("zoe")
    for log in shared:
        log.close()
    with pytest.raises(ValueError):
        open_prompt_log(replace(settings, promptlog_url="mysql://nope"))


def test_sqlite_file_uses_secure_delete(tmp_path):
    log = PromptLog(tmp_path / "p.sqlite3")
    _ask(log, "a", "x")
    db = sqlite3.connect(log.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"

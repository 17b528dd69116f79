"""The prompt log (Looper-AI's practice: prompts are collected, answers are never stored).

One row per question: id, UTC time, channel, user, prompt, number of hits, top score,
abstained, latency. There is deliberately no column, argument or code path for the answer.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS prompts (
    id TEXT PRIMARY KEY,
    ts TEXT NOT NULL,
    channel TEXT NOT NULL,
    user_name TEXT NOT NULL,
    prompt TEXT NOT NULL,
    n_hits INTEGER NOT NULL,
    top_score REAL,
    abstained INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS prompts_ts ON prompts (ts);
CREATE INDEX IF NOT EXISTS prompts_user ON prompts (user_name);
CREATE TABLE IF NOT EXISTS feedback (
    prompt_id TEXT NOT NULL,
    ts TEXT NOT NULL,
    value INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class PromptRecord:
    id: str
    ts: str
    channel: str
    user: str
    prompt: str
    n_hits: int
    top_score: float | None
    abstained: bool
    latency_ms: int


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class PromptLog:
    """SQLite-backed prompt log in the data dir."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(
        self, *, channel: str, user: str, prompt: str, n_hits: int, top_score: float | None,
        abstained: bool, latency_ms: int,
    ) -> str:
        prompt_id = uuid.uuid4().hex
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO prompts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (prompt_id, utc_now(), channel, user, prompt, n_hits, top_score, int(abstained), latency_ms),
            )
        return prompt_id

    def feedback(self, prompt_id: str, value: int) -> bool:
        """Store 👍 (+1) / 👎 (-1) for a prompt; False if the prompt is unknown."""
        with self._lock, self._connect() as db:
            if not db.execute("SELECT 1 FROM prompts WHERE id = ?", (prompt_id,)).fetchone():
                return False
            db.execute("INSERT INTO feedback VALUES (?, ?, ?)", (prompt_id, utc_now(), 1 if value > 0 else -1))
        return True

    def records(self, user: str | None = None) -> list[PromptRecord]:
        sql = "SELECT * FROM prompts" + (" WHERE user_name = ?" if user else "") + " ORDER BY ts, id"
        with self._connect() as db:
            rows = db.execute(sql, (user,) if user else ()).fetchall()
        return [
            PromptRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8]) for r in rows
        ]

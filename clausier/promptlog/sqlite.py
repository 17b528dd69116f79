"""The prompt log in a SQLite file (the default: ``data/prompts.sqlite3``).

``secure_delete`` zeroes deleted content and ``VACUUM`` rewrites the file after an erasure or a
purge, so deleted prompts cannot be read back from the file's bytes.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Sequence

from .base import TABLES, Clock, PromptLogBase, utc_clock


class PromptLog(PromptLogBase):
    """SQLite-backed prompt log."""

    def __init__(self, path: Path, *, pseudonym_key: str | None = None, clock: Clock = utc_clock):
        super().__init__(pseudonym_key=pseudonym_key, clock=clock)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(TABLES)
        db.close()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA secure_delete = ON")
        return db

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        db = self._connect()
        try:
            return db.execute(sql, tuple(params)).fetchall()
        finally:
            db.close()

    def _run(self, statements: Sequence[tuple[str, Sequence]]) -> list[int]:
        with self._lock:
            db = self._connect()
            try:
                with db:  # one transaction
                    return [db.execute(sql, tuple(params)).rowcount for sql, params in statements]
            finally:
                db.close()

    def _compact(self) -> None:
        with self._lock:
            db = self._connect()
            try:
                db.execute("VACUUM")
            finally:
                db.close()

    def describe(self) -> str:
        return f"sqlite:{self.path}"

"""The prompt log in PostgreSQL (``CLAUSIER_PROMPTLOG_URL=postgresql://…``), shared by several
app instances. Same tables and behaviour as the SQLite backend.

After an erasure or a purge, ``VACUUM FULL`` rewrites both tables, so the deleted rows leave the
table files. (PostgreSQL's write-ahead log keeps them until it recycles its segments; see
docs/access.md.)
"""

from __future__ import annotations

import threading
from typing import Sequence

import psycopg

from .base import TABLES, Clock, PromptLogBase, utc_clock


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresPromptLog(PromptLogBase):
    def __init__(self, url: str, *, pseudonym_key: str | None = None, clock: Clock = utc_clock,
                 connect_timeout: int = 10):
        super().__init__(pseudonym_key=pseudonym_key, clock=clock)
        self.url = url
        self._timeout = connect_timeout
        self._lock = threading.Lock()
        self._conn: psycopg.Connection | None = None
        with self._lock:
            with self._connection().transaction():
                for statement in filter(str.strip, TABLES.split(";")):
                    self._conn.execute(statement.replace("REAL", "DOUBLE PRECISION"))

    def _connection(self) -> psycopg.Connection:
        """One connection per log, re-opened if the server dropped it (call with the lock held)."""
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = psycopg.connect(self.url, autocommit=True, connect_timeout=self._timeout)
        return self._conn

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._connection().execute(_pg(sql), tuple(params)).fetchall()

    def _run(self, statements: Sequence[tuple[str, Sequence]]) -> list[int]:
        with self._lock:
            conn = self._connection()
            with conn.transaction():
                return [conn.execute(_pg(sql), tuple(params)).rowcount for sql, params in statements]

    def _compact(self) -> None:
        with self._lock:
            conn = self._connection()  # autocommit: VACUUM cannot run inside a transaction
            conn.execute("VACUUM FULL prompts")
            conn.execute("VACUUM FULL feedback")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def describe(self) -> str:
        return "postgresql"  # never the URL: it may hold a password

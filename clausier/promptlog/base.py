"""The prompt log's behaviour, shared by the SQLite and PostgreSQL backends.

Looper-AI's practice: prompts are collected, answers never stored. One row per question (id,
UTC time, channel, user, prompt, hits, top score, abstained, latency) and 👍/👎 rows keyed by
prompt id. There is deliberately no column, argument or code path for the answer.

Backends supply ``_query`` (rows), ``_run`` (statements in one transaction, row counts) and
``_compact`` (make deleted rows unrecoverable from the files). SQL is written with ``?``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Sequence

from clausier.errors import InvalidFeedback

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
PSEUDONYM_PREFIX = "h:"

TABLES = """
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
CREATE INDEX IF NOT EXISTS feedback_prompt ON feedback (prompt_id);
"""
_COLUMNS = "id, ts, channel, user_name, prompt, n_hits, top_score, abstained, latency_ms"


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


@dataclass(frozen=True)
class FeedbackRecord:
    prompt_id: str
    ts: str
    value: int  # +1 👍, -1 👎


def utc_clock() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """One fixed format, so that text comparison orders times (both backends store text)."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def utc_now() -> str:
    return iso(utc_clock())


class PromptLogBase:
    def __init__(self, *, pseudonym_key: str | None = None, clock: Clock = utc_clock):
        self._pseudonym_key = pseudonym_key.encode() if pseudonym_key else None
        self._clock = clock

    # --- backend hooks ----------------------------------------------------------------------
    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        raise NotImplementedError

    def _run(self, statements: Sequence[tuple[str, Sequence]]) -> list[int]:
        raise NotImplementedError

    def _compact(self) -> None:
        raise NotImplementedError

    # --- identities -------------------------------------------------------------------------
    def stored_user(self, name: str) -> str:
        """How a user name is stored: as is, or HMAC-SHA256 with the pseudonym key."""
        if self._pseudonym_key is None:
            return name
        digest = hmac.new(self._pseudonym_key, name.encode("utf-8"), hashlib.sha256).hexdigest()
        return PSEUDONYM_PREFIX + digest

    # --- writing ----------------------------------------------------------------------------
    def record(self, *, channel: str, user: str, prompt: str, n_hits: int, top_score: float | None,
               abstained: bool, latency_ms: int) -> str:
        prompt_id = uuid.uuid4().hex
        row = (prompt_id, iso(self._clock()), channel, self.stored_user(user), prompt, int(n_hits),
               None if top_score is None else float(top_score), int(bool(abstained)), int(latency_ms))
        self._run([(f"INSERT INTO prompts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)])
        return prompt_id

    def feedback(self, prompt_id: str, value: int, *, user: str | None = None) -> bool:
        """Store 👍 (+1) / 👎 (-1) for a prompt, replacing an earlier vote; False if unknown (or,
        with ``user``, not theirs). Any other value is an ``InvalidFeedback``."""
        if isinstance(value, bool) or value not in (1, -1):
            raise InvalidFeedback("valeur de retour invalide : attendu 1 (👍) ou -1 (👎)")
        sql, params = "SELECT 1 FROM prompts WHERE id = ?", [prompt_id]
        if user is not None:
            sql, params = sql + " AND user_name = ?", params + [self.stored_user(user)]
        if not self._query(sql, params):
            return False
        # one vote per prompt: a new vote replaces the previous one (in one transaction)
        self._run([("DELETE FROM feedback WHERE prompt_id = ?", (prompt_id,)),
                   ("INSERT INTO feedback (prompt_id, ts, value) VALUES (?, ?, ?)",
                    (prompt_id, iso(self._clock()), value))])
        return True

    # --- reading ----------------------------------------------------------------------------
    def records(self, user: str | None = None, *, since: datetime | None = None) -> list[PromptRecord]:
        where, params = [], []
        if user is not None:
            where.append("user_name = ?")
            params.append(self.stored_user(user))
        if since is not None:
            where.append("ts >= ?")
            params.append(iso(since))
        sql = f"SELECT {_COLUMNS} FROM prompts" + (" WHERE " + " AND ".join(where) if where else "")
        rows = self._query(sql + " ORDER BY ts, id", params)
        return [PromptRecord(r[0], r[1], r[2], r[3], r[4], int(r[5]), r[6], bool(r[7]), int(r[8])) for r in rows]

    def feedback_records(self, user: str | None = None) -> list[FeedbackRecord]:
        sql = "SELECT f.prompt_id, f.ts, f.value FROM feedback f"
        params: list = []
        if user is not None:
            sql += " JOIN prompts p ON p.id = f.prompt_id WHERE p.user_name = ?"
            params.append(self.stored_user(user))
        return [FeedbackRecord(r[0], r[1], int(r[2])) for r in self._query(sql + " ORDER BY f.ts", params)]

    # --- the person's rights and retention --------------------------------------------------
    def erase(self, user: str) -> int:
        """Droit à l'oubli: delete the user's prompts and their feedback, then compact."""
        stored = self.stored_user(user)
        counts = self._run([
            ("DELETE FROM feedback WHERE prompt_id IN (SELECT id FROM prompts WHERE user_name = ?)", (stored,)),
            ("DELETE FROM prompts WHERE user_name = ?", (stored,)),
        ])
        self._compact()
        log.info("prompts_erased prompts=%d feedback=%d", counts[1], counts[0])  # no user name: it is erased
        return counts[1]

    def purge(self, retention_days: int, *, now: datetime | None = None) -> int:
        """Delete prompts (and their feedback) older than the retention period."""
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        cutoff = iso((now or self._clock()) - timedelta(days=retention_days))
        counts = self._run([
            ("DELETE FROM feedback WHERE prompt_id IN (SELECT id FROM prompts WHERE ts < ?)", (cutoff,)),
            ("DELETE FROM prompts WHERE ts < ?", (cutoff,)),
        ])
        if counts[1] or counts[0]:
            self._compact()
        log.info("prompts_purged prompts=%d cutoff=%s", counts[1], cutoff)
        return counts[1]

    def close(self) -> None:
        """Release connections (nothing to do for backends that open one per operation)."""

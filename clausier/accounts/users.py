"""Users and their API keys (SQLite in the data dir): name, clearance 0–3, admin flag.

A key is 32 random bytes (URL-safe base64, ``clsr_`` prefix); only its SHA-256 is stored, so a
copy of the database gives no usable key. Keys are shown once, when created or rotated.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from clausier.errors import ClausierError
from clausier.schema import MAX_LEVEL, MIN_LEVEL, Caller

log = logging.getLogger(__name__)

KEY_PREFIX = "clsr_"
RESERVED_NAMES = frozenset({"anonymous", "anonyme", "admin-token"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    clearance INTEGER NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    key_hash TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS users_key_hash ON users (key_hash);
"""


@dataclass(frozen=True)
class User:
    name: str
    clearance: int
    is_admin: bool
    active: bool  # False once revoked: the key is gone, the name stays reserved
    created: str
    updated: str

    def caller(self) -> Caller:
        return Caller(user=self.name, clearance=self.clearance, is_admin=self.is_admin)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name) or name.lower() in RESERVED_NAMES:
        raise ClausierError(f"nom d'utilisateur invalide : {name!r} (lettres, chiffres, . _ @ -, 64 au plus)")
    return name


def check_clearance(clearance: int) -> int:
    if isinstance(clearance, bool) or not isinstance(clearance, int) or not MIN_LEVEL <= clearance <= MAX_LEVEL:
        raise ClausierError(f"habilitation invalide : {clearance!r} (attendu : 0 à 3)")
    return clearance


class UserStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:  # created on first use, not at construction (no work at import/wiring)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.path, timeout=10) as db:
                db.executescript(_SCHEMA)
            self._ready = True
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA secure_delete = ON")
        return db

    def add(self, name: str, clearance: int, *, is_admin: bool = False) -> str:
        """Create a user; returns the new API key (the only time it is visible)."""
        name, clearance = check_name(name), check_clearance(clearance)
        key, now = new_key(), _now()
        with self._lock, self._connect() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise ClausierError(f"l'utilisateur existe déjà : {name}")
            db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
                       (name, clearance, int(is_admin), hash_key(key), now, now))
        log.info("user_added user=%s clearance=%d admin=%s", name, clearance, is_admin)
        return key

    def rotate(self, name: str) -> str:
        """Replace the user's key (also re-activates a revoked user); returns the new key."""
        key = new_key()
        with self._lock, self._connect() as db:
            changed = db.execute("UPDATE users SET key_hash = ?, updated = ? WHERE name = ?",
                                 (hash_key(key), _now(), name)).rowcount
        if not changed:
            raise ClausierError(f"utilisateur inconnu : {name}")
        log.info("user_key_rotated user=%s", name)
        return key

    def revoke(self, name: str) -> None:
        with self._lock, self._connect() as db:
            changed = db.execute("UPDATE users SET key_hash = NULL, updated = ? WHERE name = ?",
                                 (_now(), name)).rowcount
        if not changed:
            raise ClausierError(f"utilisateur inconnu : {name}")
        log.info("user_revoked user=%s", name)

    def users(self) -> list[User]:
        with self._connect() as db:
            rows = db.execute("SELECT name, clearance, is_admin, key_hash, created, updated FROM users ORDER BY name").fetchall()
        return [_user(row) for row in rows]

    def get(self, name: str | None) -> User | None:
        """The active user of that name, or None (unknown or revoked)."""
        if not name:
            return None
        with self._connect() as db:
            row = db.execute("SELECT name, clearance, is_admin, key_hash, created, updated FROM users "
                             "WHERE name = ? AND key_hash IS NOT NULL", (name,)).fetchone()
        return _user(row) if row else None

    def key_hash(self, name: str | None) -> str | None:
        """The hash of the user's current key (changes on rotate, None once revoked or unknown)."""
        if not name:
            return None
        with self._connect() as db:
            row = db.execute("SELECT key_hash FROM users WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def authenticate(self, key: str | None) -> User | None:
        """The active user holding this API key, or None."""
        if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
            return None
        digest = hash_key(key)
        with self._connect() as db:
            row = db.execute("SELECT name, clearance, is_admin, key_hash, created, updated FROM users "
                             "WHERE key_hash = ?", (digest,)).fetchone()
        if row is None or not hmac.compare_digest(row[3], digest):
            return None
        return _user(row)

    def login(self, name: str | None, key: str | None) -> User | None:
        """The user if ``key`` is ``name``'s current key (the chat's login form)."""
        user = self.authenticate(key)
        if user is None or not hmac.compare_digest(user.name.encode(), (name or "").strip().encode()):
            return None
        return user


def _user(row) -> User:
    name, clearance, is_admin, key_hash, created, updated = row
    return User(name, int(clearance), bool(is_admin), key_hash is not None, created, updated)

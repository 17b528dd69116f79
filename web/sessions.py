"""Chat sessions bound to the key they were opened with.

Gradio keeps its logged-in sessions in ``app.tokens`` (cookie token → user name) and asks it
for the user of every request. We replace that mapping with one that also remembers the key
(its hash) each session logged in with, and answers « nobody » once the user's key changed:
a rotated or revoked key ends every session opened with it, and a later rotation never brings
an old session back.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

log = logging.getLogger(__name__)

# Sessions kept at most; the oldest are forgotten (their owners log in again).
_MAX_SESSIONS = 10_000


class BoundTokens(dict):
    """``app.tokens`` for Gradio: a token is valid only while its user's key is the one it was
    opened with. ``bind`` is called by the login route's middleware once the login succeeded."""

    def __init__(self, key_version: Callable[[str | None], str | None]):
        super().__init__()
        self._key_version = key_version
        self._bound: dict[str, str] = {}
        self._lock = threading.Lock()

    def bind(self, token: str, key_hash: str) -> None:
        with self._lock:
            if len(self._bound) >= _MAX_SESSIONS:
                for old in list(self._bound)[: _MAX_SESSIONS // 10]:
                    self._bound.pop(old, None)
                    dict.pop(self, old, None)
            self._bound[token] = key_hash

    def get(self, token, default=None):
        user = dict.get(self, token) if isinstance(token, str) else None
        bound = self._bound.get(token) if user is not None else None
        if user is None or bound is None:
            return default
        if self._key_version(user) != bound:  # rotated or revoked since this session opened
            with self._lock:
                self._bound.pop(token, None)
                dict.pop(self, token, None)
            log.info("chat_session_ended reason=key_changed")
            return default
        return user


def install(gradio_app, key_version: Callable[[str | None], str | None]) -> BoundTokens:
    """Replace the mounted Gradio app's session table with a key-bound one."""
    tokens = BoundTokens(key_version)
    gradio_app.tokens = tokens
    return tokens

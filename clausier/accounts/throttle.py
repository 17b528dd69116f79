"""Failed-attempt throttling: too many wrong keys or logins from one user or address → wait.

Each key (``user:alice``, ``addr:10.0.0.7``) keeps the times of its recent failures; past
``limit`` failures within ``window`` seconds it is locked until the oldest one leaves the
window. A success clears the user's count, never the address's (an attacker holding one valid
account must not reset the count of the address it guesses from). Memory only: a restart
forgets, which costs an attacker a restart we would notice.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from typing import Callable

from clausier.errors import TooManyAttempts

# Bounded memory under a flood of distinct keys (spoofed users, many addresses).
_MAX_KEYS = 50_000


class Throttle:
    def __init__(self, limit: int, window: float, *, clock: Callable[[], float] = time.monotonic):
        self.limit = max(1, int(limit))
        self.window = float(window)
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def check(self, *keys: str | None) -> None:
        """Raise ``TooManyAttempts`` (with seconds to wait) if any key is locked."""
        now = self._clock()
        with self._lock:
            waits = [times[0] + self.window - now for key in keys if key
                     for times in [self._recent(key, now)] if len(times) >= self.limit]
        if waits:
            seconds = max(1, math.ceil(max(waits)))
            raise TooManyAttempts(f"trop de tentatives échouées : réessayez dans {seconds} s", seconds)

    def failed(self, *keys: str | None) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > _MAX_KEYS:
                for key in list(self._failures):
                    self._recent(key, now)
            for key in keys:
                if key:
                    self._failures.setdefault(key, deque(maxlen=self.limit * 2)).append(now)

    def succeeded(self, user_key: str | None) -> None:
        with self._lock:
            self._failures.pop(user_key or "", None)


def user_key(name: str | None) -> str | None:
    name = (name or "").strip().lower()
    return f"user:{name[:64]}" if name else None


def address_key(address: str | None) -> str | None:
    return f"addr:{address}" if address else None

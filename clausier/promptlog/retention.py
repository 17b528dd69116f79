"""Retention: prompts older than the configured period are deleted, at start-up and daily."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Callable

from .base import PromptLogBase, utc_clock

log = logging.getLogger(__name__)

DAY_SECONDS = 24 * 3600


class RetentionScheduler:
    """A daemon thread that purges once at start and then every ``interval_s`` seconds."""

    def __init__(self, prompt_log: PromptLogBase, retention_days: int, *, interval_s: float = DAY_SECONDS,
                 clock: Callable[[], datetime] = utc_clock):
        self.prompt_log = prompt_log
        self.retention_days = retention_days
        self.interval_s = interval_s
        self.clock = clock
        self.runs = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        try:
            return self.prompt_log.purge(self.retention_days, now=self.clock())
        except Exception:  # a failed purge must not stop the server; the next run retries
            log.exception("purge_failed")
            return 0
        finally:
            self.runs += 1

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval_s)

    def start(self) -> "RetentionScheduler":
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="prompt-retention", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

"""A saved index built in a child process, which its owner can stop when the table it is built
for has been replaced (a burst of writes then leaves one build running per partition: the
newest table's, instead of one per write)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def child_env() -> dict[str, str]:
    """This process's environment with the project importable, for a ``python -m`` child."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}


class Stopped(Exception):
    """The build was stopped: what it built has been superseded."""


class ChildBuild:
    """Runs ``python -m MODULE ARGS`` for one build; ``stop`` kills it (or keeps it from starting)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: subprocess.Popen | None = None
        self.stopped = False

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            if self._child is not None and self._child.poll() is None:
                self._child.kill()

    def run(self, module: str, args: list[str], timeout: float) -> bool:
        """Whether the child succeeded (failures logged); raises ``Stopped`` if stopped."""
        env = child_env()
        with self._lock:
            if self.stopped:
                raise Stopped(module)
            try:
                self._child = subprocess.Popen([sys.executable, "-m", module, *args], env=env,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            except OSError as exc:
                log.warning("child_build_failed module=%s error=%s", module, type(exc).__name__)
                return False
        child = self._child
        try:
            _, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            log.warning("child_build_failed module=%s error=TimeoutExpired", module)
            return False
        if self.stopped:
            raise Stopped(module)
        if child.returncode != 0:
            last = (stderr.strip().splitlines() or [""])[-1]
            log.warning("child_build_failed module=%s rc=%d error=%s", module, child.returncode, last.split(":", 1)[0][:80])
            return False
        return True

"""A partition's lexical index as the catalogue serves it: opened on first use, and after a
change, built in the background while the partition's previous index answers.

Building the lexical index of a large partition takes tens of seconds at 100 k chunks, and every
search of that partition would wait for it after each change of its content
(docs/experiments-scale.md, session 14). Serving the previous index meanwhile is safe: a
search looks every lexical hit up in the current view's tables of the partitions the caller may
see (retriever/hits.py), so a chunk removed or moved to another level since is dropped; the
changed documents' new chunks are found by the dense side only until the build ends.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from clausier.index.child_build import ChildBuild, Stopped
from clausier.index.lexical import LexicalIndex
from clausier.index.lexical_store import open_index
from clausier.index.partition_table import PartitionTable

log = logging.getLogger(__name__)


class LazyLexical:
    """A partition's lexical index, opened (loaded memory-mapped, or built) on first use; while
    one that is not saved yet is built in the background, ``stand_in`` (the partition's index
    before the change, if it had one open) answers."""

    def __init__(self, table: PartitionTable, directory: Path | None, stand_in: LexicalIndex | None = None):
        self._table, self._directory = table, directory
        self._index: LexicalIndex | None = None
        self._stand_in = stand_in
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self._child_build = ChildBuild()

    def get(self) -> LexicalIndex:
        if self._index is not None:
            return self._index
        stand_in = self._stand_in
        if stand_in is None or self._saved():  # nothing to serve meanwhile, or a quick load
            with self._lock:
                if self._index is None:
                    self._index = open_index(self._table, self._directory)
                    self._stand_in = None
            return self._index
        with self._lock:
            if self._index is None and self._building is None and not self._child_build.stopped:
                self._building = threading.Thread(target=self._open, name="lexical-build", daemon=True)
                self._building.start()
        return self._index or stand_in

    def serving(self) -> LexicalIndex | None:
        """The index answering now without opening one (None: none opened yet)."""
        return self._index or self._stand_in

    def supersede(self) -> None:
        """The partition has a newer table: a build under way for this one in the background
        is stopped (the stand-in answers whoever still holds this one)."""
        self._child_build.stop()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a build under way in the background."""
        if self._building is not None:
            self._building.join(timeout)

    def _saved(self) -> bool:
        key = self._table.meta.get("lexical_key")
        return self._directory is None or bool(key) and (self._directory / key / "meta.json").is_file()

    def _open(self) -> None:
        try:
            index = open_index(self._table, self._directory, self._child_build)
        except Stopped:
            log.info("lexical_build_superseded rows=%d", self._table.size)
            return
        except Exception as exc:  # noqa: BLE001  (a background thread: the next search tries again)
            log.warning("lexical_index_not_built error=%s", type(exc).__name__)
            with self._lock:
                self._building = None
            return
        with self._lock:
            self._index, self._stand_in = index, None

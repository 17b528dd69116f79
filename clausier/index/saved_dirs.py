"""Folders saved by key beside the data (partition tables, lexical and HNSW indexes): published
whole, and removed only when no instance can still need them.

Several instances, and the child processes that build for them, write into one partition's
folder. A folder is written under a temporary name and renamed into place, so it appears whole.
Every key derives from the document register as read at some moment (``read_at``, wall clock,
carried in the table's meta): a sibling folder completed before that moment was derived from an
earlier register, so it is stale for everyone and removed; a sibling completed later may be newer
than the caller's (a slow build of an old key finishing after a newer key was saved) and is kept,
for the next save of a newer key to remove. A folder about to be removed is first renamed away,
so a reader finds it whole or not at all (maps already open stay valid).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from pathlib import Path

log = logging.getLogger(__name__)

# seconds a sibling must predate ``read_at`` to be removed: folder times come from the filesystem's
# coarse clock, and instances on other hosts may run a little apart
CLOCK_MARGIN = 1.0
STAGING_TTL = 6 * 3600.0  # a temporary folder untouched this long was left by a writer that died
_TRASH = ".trash-"


def publish(staging: Path, target: Path) -> bool:
    """Rename the completed ``staging`` folder to ``target``. False when another writer saved the
    same key first (``staging`` is then removed); OSError when neither is there."""
    try:
        os.rename(staging, target)
        return True
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if (target / "meta.json").is_file():
            return False
        raise


def prune(directory: Path, keep: str, read_at: float | None) -> list[str]:
    """Remove the keys of ``directory`` completed before ``read_at`` (other than ``keep``), and
    temporary folders left behind; the keys removed. Without ``read_at`` only the latter."""
    removed = []
    now = time.time()
    try:
        entries = list(directory.iterdir())
    except OSError:
        return removed
    for entry in entries:
        try:
            mtime = entry.stat().st_mtime
        except OSError:  # removed meanwhile
            continue
        if entry.name.startswith("."):
            if entry.name.startswith(_TRASH) or now - mtime > STAGING_TTL:
                shutil.rmtree(entry, ignore_errors=True)
            continue
        if entry.name == keep or read_at is None or mtime >= read_at - CLOCK_MARGIN:
            continue
        trash = directory / f"{_TRASH}{entry.name}-{uuid.uuid4().hex[:8]}"
        try:
            os.rename(entry, trash)
        except OSError:  # another instance removed it first
            continue
        shutil.rmtree(trash, ignore_errors=True)
        removed.append(entry.name)
    if removed:
        log.info("saved_dirs_pruned dir=%s keys=%d", directory, len(removed))
    return removed


def mark_current(target: Path) -> None:
    """Record that ``target`` is current now (a key that can come back, such as a lexical
    index's content key, must not look older than the register it is current for)."""
    try:
        os.utime(target)
    except OSError:  # a read-only data dir: nothing prunes it either
        pass

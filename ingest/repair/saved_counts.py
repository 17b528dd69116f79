"""The word list's trigram counts, saved once beside the data instead of counted by every process.

Every ingest process (the CLI, each admin upload's child) builds the repair's French model from
wordfreq's bundled word list; turning the list into running text and counting its trigrams
took ≈ 3-4 s a process (docs/experiments-scale.md). The counts depend only on the wordfreq
package and on the code that counts them, so they are saved under a key made of wordfreq's
version and a hash of that code (``langmodel.py``, ``charclass.py``): a new version of either
gives a new file, built once. Saving is an optimisation: a folder that cannot be written or a
damaged file only means counting again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from importlib import metadata
from pathlib import Path
from typing import Callable

import numpy as np

log = logging.getLogger(__name__)

PREFIX = "wordfreq-trigrams-"
_SOURCES = ("langmodel.py", "charclass.py")
_directory: Path | None = None


def use_directory(directory: Path | None) -> None:
    """Where this process keeps the counts (None: counted in memory only, as before)."""
    global _directory
    _directory = Path(directory) if directory is not None else None


def wordfreq_version() -> str:
    return metadata.version("wordfreq")


def key() -> str:
    """wordfreq's version and a hash of the counting code."""
    digest = hashlib.sha256(wordfreq_version().encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    return f"{wordfreq_version()}-{digest.hexdigest()[:16]}"


def path() -> Path | None:
    return _directory / f"{PREFIX}{key()}.npz" if _directory is not None else None


def load_or_build(build: Callable[[], tuple[str, np.ndarray]]) -> tuple[str, np.ndarray]:
    """(alphabet, counts) from the saved file, else ``build()`` (saved when a directory is
    set)."""
    target = path()
    if target is not None and target.is_file():
        try:
            with np.load(target) as saved:
                symbols = str(saved["symbols"])
                shape = tuple(int(size) for size in saved["shape"])
                counts = np.zeros(int(np.prod(shape)))
                counts[saved["where"]] = saved["values"]
            return symbols, counts.reshape(shape)
        except (OSError, ValueError, KeyError, IndexError) as exc:
            log.warning("wordfreq_counts_unreadable path=%s error=%s", target, type(exc).__name__)
    symbols, counts = build()
    if target is not None:
        _save(target, symbols, counts)
    return symbols, counts


def _save(target: Path, symbols: str, counts: np.ndarray) -> None:
    flat = counts.reshape(-1)
    where = np.flatnonzero(flat)
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.npz")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        np.savez(staging, symbols=np.array(symbols), shape=np.array(counts.shape), where=where, values=flat[where])
        os.replace(staging, target)  # appears whole
        for old in target.parent.glob(f"{PREFIX}*.npz"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError as exc:
        try:
            staging.unlink(missing_ok=True)
        except OSError:
            pass
        log.warning("wordfreq_counts_not_saved path=%s error=%s", target, type(exc).__name__)

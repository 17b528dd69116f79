"""Giving freed heap back to the system after a bulk build.

Reading a partition from the store or building its lexical index allocates hundreds of MB of
short-lived Python objects at 100 k chunks. Once they are freed, glibc's allocator keeps most of
their pages, so a process that built its tables (a first start, or a bulk ingest seen by a
running server) stayed 0.3-0.4 GB above one that mapped the saved tables
(docs/experiments-scale.md). ``release_freed_memory`` hands those pages back (``malloc_trim``;
glibc only, a no-op elsewhere). Called after builds only: it collects garbage first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

log = logging.getLogger(__name__)


def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_TRIM = _malloc_trim()


def release_freed_memory() -> bool:
    """Collect garbage and return the allocator's free pages to the system; whether it could."""
    gc.collect()
    if _TRIM is None:
        return False
    _TRIM(0)
    return True

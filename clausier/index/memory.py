"""Giving freed heap back to the system after a bulk build.

Reading a partition from the store or building its lexical index allocates hundreds of MB of
short-lived Python objects at 100 k chunks. Once they are freed, glibc's allocator keeps most of
their pages, so a process that built its tables (a first start, or a bulk ingest seen by a
running server) stayed 0.3-0.4 GB above one that mapped the saved tables
(docs/experiments-scale.md). ``release_freed_memory`` hands those pages back (``malloc_trim``;
glibc only, a no-op elsewhere). Called after builds only: it collects garbage first.
``limit_arenas`` caps glibc's per-thread arenas in the server, whose request, model and
build threads each kept freed pages in an arena of their own.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

log = logging.getLogger(__name__)


def _libc_function(name: str):
    library = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(library), name, None) if library else None
    except OSError:
        return None


_TRIM = _libc_function("malloc_trim")
_MALLOPT = _libc_function("mallopt")
_M_ARENA_MAX = -8  # glibc's mallopt parameter number
# malloc arenas a server keeps: glibc gives each thread that allocates its own (up to 8 per
# core), and each holds its freed pages; 2 cover 2 cores (docs/experiments-scale.md, session 18)
SERVER_ARENAS = 2


def release_freed_memory() -> bool:
    """Collect garbage and return the allocator's free pages to the system; whether it could."""
    gc.collect()
    return trim_heap()


def trim_heap() -> bool:
    """Return the allocator's free pages to the system, without collecting garbage first (a
    full collection of a server's heap holds the GIL for a long while); whether it could."""
    if _TRIM is None:
        return False
    _TRIM(0)  # ctypes releases the GIL during the call
    return True


def limit_arenas(arenas: int = SERVER_ARENAS) -> bool:
    """Cap the allocator's arenas (call before the process starts its threads); whether it could."""
    return bool(_MALLOPT and _MALLOPT(_M_ARENA_MAX, arenas))

"""A saved partition table's records read by offset, not memory-mapped.

A search decodes a few records (its hits). Read through a map, each read kept the 64 KB around it
in the process's resident set (the kernel maps the cached pages around a fault), so the set grew
with every record ever read, up to the whole file; ``os.pread`` leaves them in the page cache only.
"""

from __future__ import annotations

import os
from pathlib import Path


class FileRecords:
    """``records.bin`` read by offset (``os.pread``), sliced like the bytes it holds."""

    def __init__(self, path: Path):
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._size = os.fstat(self._fd).st_size

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, span: slice) -> bytes:
        start, stop = span.start or 0, self._size if span.stop is None else min(span.stop, self._size)
        data = os.pread(self._fd, max(stop - start, 0), start)
        while len(data) < stop - start:  # a short read (none for a regular file, in practice)
            more = os.pread(self._fd, stop - start - len(data), start + len(data))
            if not more:
                raise OSError(f"records.bin ends at {start + len(data)}")
            data += more
        return data

    def __bytes__(self) -> bytes:
        return self[0 : self._size]

    def __del__(self) -> None:
        try:
            os.close(self._fd)
        except (AttributeError, OSError):
            pass

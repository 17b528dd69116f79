"""Chroma clients of their own, for reading what other processes wrote to an embedded index.

An embedded Chroma (``PersistentClient``, Chroma 1.5) keeps a collection's vector segment in the
process once a read touched it (``count``, a read with embeddings, a query) and never reloads it:
rows another process wrote since (an admin upload's child, a CLI ingest) are listed by the
metadata side, but their vectors are not found and the whole read fails (« Error finding id »).
Chroma also shares one client, with its segments, between every client of a path in a process.
So a read that must see other processes' writes goes through a client opened on the path under
a name of its own (``<path>/.``, ``<path>/./.``, …: the same directory), opened again to see
newer writes and closed after (which also frees the segments it loaded). A Chroma server is one
process: its client sees every write and is used as it is.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from typing import Iterator

import chromadb

from clausier.settings import Settings

_lock = threading.Lock()
_taken: set[int] = set()  # aliases of open clients, in this process


class OwnClient:
    """A client that another client of this process does not share (embedded Chroma), reopened
    on demand; with a Chroma server, the shared one."""

    def __init__(self, settings: Settings, shared):
        self._settings, self._shared = settings, shared
        self._client = None
        self._alias: int | None = None

    @property
    def embedded(self) -> bool:
        return not self._settings.chroma_host

    def get(self):
        """The client (opened on first use)."""
        if not self.embedded:
            return self._shared
        if self._client is None:
            with _lock:
                alias = next(n for n in itertools.count(1) if n not in _taken)
                _taken.add(alias)
            path = str(self._settings.chroma_dir) + "/." * alias
            try:
                self._client = chromadb.PersistentClient(path=path, settings=chromadb.Settings(anonymized_telemetry=False))
            except BaseException:
                with _lock:
                    _taken.discard(alias)
                raise
            self._alias = alias
        return self._client

    def close(self) -> None:
        """Close the client (the next ``get`` opens a new one, which sees every write so far)."""
        if self._client is None:
            return
        client, alias, self._client, self._alias = self._client, self._alias, None, None
        client.close()  # Chroma stops the alias's system: no other client holds it
        with _lock:
            _taken.discard(alias)


@contextlib.contextmanager
def fresh_client(settings: Settings, shared) -> Iterator:
    """A client for one read that sees every write made so far, by any process."""
    own = OwnClient(settings, shared)
    try:
        yield own.get()
    finally:
        own.close()


class QueryClient:
    """Chroma's own queries (a partition searched by Chroma while its local index is not ready)
    through a client of their own, replaced after a write (``release``): the shared client's
    vector segment, once a query loaded it, would never show the rows other processes wrote
    since. A client is closed once its last query in flight ends (the segments it loaded are
    freed with it); the next query opens a new one."""

    def __init__(self, settings: Settings, shared):
        self._settings, self._shared = settings, shared
        self._lock = threading.Lock()
        self._current: tuple[OwnClient, dict] | None = None  # the client and its collections
        self._in_flight: dict[int, int] = {}  # queries under way, per client (id)

    @contextlib.contextmanager
    def collection(self, name: str) -> Iterator:
        """The collection ``name`` of the current client, for one query."""
        with self._lock:
            if self._current is None:
                self._current = (OwnClient(self._settings, self._shared), {})
            own, collections = self._current
            client = own.get()
            found = collections.get(name)
            if found is None:
                found = collections[name] = client.get_collection(name, embedding_function=None)
            self._in_flight[id(own)] = self._in_flight.get(id(own), 0) + 1
        try:
            yield found
        finally:
            with self._lock:
                left = self._in_flight.pop(id(own)) - 1
                if left:
                    self._in_flight[id(own)] = left
                retired = not left and (self._current is None or self._current[0] is not own)
            if retired:
                own.close()

    def release(self) -> None:
        """The index changed: the next query opens a new client (this one closes once idle)."""
        with self._lock:
            current, self._current = self._current, None
            idle = current is not None and id(current[0]) not in self._in_flight
        if idle:
            current[0].close()

"""Moving an index written before access partitioning (one collection, a ``level`` field on
every chunk) into the per-level collections, without re-embedding anything."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from .records import chunk_from_record

log = logging.getLogger(__name__)

_DOC_FIELDS = ("doc_hash", "chunk_count", "origin", "source_path")
_PAGE = 2000


def migrate_single_collection(client, name: str, store) -> int:
    """Copy every chunk of the legacy collection ``name`` into ``store``'s partitions, then drop
    it. Returns the number of chunks moved (0 when there is no legacy collection)."""
    if name not in {getattr(c, "name", c) for c in client.list_collections()}:
        return 0
    legacy = client.get_collection(name, embedding_function=None)
    docs: dict[str, tuple[list, list, dict[str, Any]]] = {}
    offset = 0
    while True:
        page = legacy.get(include=["documents", "metadatas", "embeddings"], limit=_PAGE, offset=offset)
        if not page["ids"]:
            break
        for cid, text, meta, vector in zip(page["ids"], page["documents"], page["metadatas"], page["embeddings"]):
            chunks, vectors, doc_meta = docs.setdefault(
                meta["doc_id"], ([], [], {k: meta[k] for k in _DOC_FIELDS if k in meta}))
            chunks.append(chunk_from_record(cid, text, meta))
            vectors.append(vector)
        offset += len(page["ids"])
    for chunks, vectors, doc_meta in docs.values():
        store.upsert(chunks, np.asarray(vectors, dtype=np.float32), doc_meta)
    try:
        client.delete_collection(name)
    except Exception:  # another instance migrated it at the same time  # noqa: BLE001
        log.info("index_migration_concurrent collection=%s", name)
    log.info("index_migrated collection=%s chunks=%d documents=%d", name, offset, len(docs))
    return offset

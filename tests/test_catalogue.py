"""The catalogue reuses a recent generation read, and a write never lets it serve what it changed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from clausier.index.vectors import GENERATION_REUSE, VectorStore
from clausier.settings import Settings
from retriever import catalogue as catalogue_module
from retriever.catalogue import Catalogue
from tests.test_partitions import _synthetic


def _docs(catalogue: Catalogue, level: int) -> set[str]:
    return set(catalogue.sync().partitions[level].table.vocab["doc_id"])


def test_a_recent_generation_read_is_reused_and_a_returned_write_is_always_seen(tmp_path, monkeypatch):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    chunks, vectors = _synthetic(12, 3, 0, np.random.default_rng(5))
    VectorStore(settings).upsert(chunks, vectors, {"origin": "synthetic"})
    reader = Catalogue(VectorStore(settings))
    reads = []
    generation = reader.store.generation
    reader.store.generation = lambda: reads.append(1) or generation()
    assert reader.check_interval == GENERATION_REUSE > 0
    # the window on a clock the test moves (a loaded machine may take longer than the window
    # between two searches): within it no second read, past it one
    now = [1000.0]
    with monkeypatch.context() as patched:
        patched.setattr(catalogue_module.time, "monotonic", lambda: now[0])
        assert _docs(reader, 0) == {"synth-0000", "synth-0001", "synth-0002"}
        now[0] += GENERATION_REUSE / 2
        assert _docs(reader, 0) and len(reads) == 1
        now[0] += GENERATION_REUSE
        assert _docs(reader, 0) and len(reads) == 2

    # a level change written through another store, right after the reader's read: from the
    # moment the write returns, the reader no longer serves the document at its old level
    doc = [c for c in chunks if c.doc_id == "synth-0001"]
    writer = VectorStore(settings)
    for _ in range(3):
        _docs(reader, 0)
        writer.upsert([replace(c, level=2) for c in doc], vectors[: len(doc)], {"origin": "synthetic"})
        assert "synth-0001" not in _docs(reader, 0) and "synth-0001" in _docs(reader, 2)
        writer.upsert(doc, vectors[: len(doc)], {"origin": "synthetic"})  # back to level 0
        assert "synth-0001" in _docs(reader, 0) and "synth-0001" not in _docs(reader, 2)

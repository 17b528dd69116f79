"""What another process writes into an embedded index (an admin upload's child, a CLI ingest) is
read by a process that had read the index before: the passages' vectors and the chunks'.

An embedded Chroma keeps each collection's vector segment once a read touched it and never
reloads it: without a client of its own reopened for such reads, the rows written since by
another process fail the whole read (« Error finding id »)."""

from __future__ import annotations

import logging

import numpy as np

from clausier.embedding.cache import CachingEmbedder
from clausier.index.passages import document_passages
from clausier.index.vectors import VectorStore
from clausier.reading.candidates import passages_for
from clausier.schema import Chunk, chunk_id_for
from clausier.settings import Settings
from ingest.uploads import ingest_uploads
from retriever.catalogue import Catalogue


class _NoModel:
    dim = 384

    def embed_queries(self, texts):
        raise AssertionError("no query is embedded here")

    def embed_passages(self, texts, *, batch_size=32, show_progress=False):
        raise AssertionError(f"{len(texts)} stored passages embedded again")


def _existing(settings: Settings) -> VectorStore:
    """An index holding one document and its passages, read by this process (as the app does)."""
    store = VectorStore(settings)
    texts = [f"Article {i} : les données sont conservées {i} ans." for i in range(3)]
    chunks = [Chunk(chunk_id=chunk_id_for("existant", str(i), i, 0, t), doc_id="existant", title="Existant",
                    organisation="Org", clause=str(i), heading="", page=1, text=t, level=0, ordinal=i)
              for i, t in enumerate(texts)]
    store.upsert(chunks, np.random.default_rng(3).normal(size=(3, 384)).astype(np.float32),
                 {"origin": "test", "chunk_count": 3})
    passages = document_passages(chunks, passages_for)
    store.passages().put(passages, np.random.default_rng(4).normal(size=(len(passages), 384)).astype(np.float32))
    return store


def _upload(tmp_path, settings: Settings, child_module: str) -> None:
    upload = tmp_path / "Charte B.md"
    upload.write_text("# Article 1 - Objet\n\nLa charte régit l'usage des postes de travail.\n\n"
                      "# Article 2 - Durée\n\nLes journaux sont conservés six mois.\n", encoding="utf-8")
    [row] = ingest_uploads([upload], 0, settings, child_module=child_module)
    assert row.status == "added", row


def test_the_passages_an_upload_stored_are_looked_up_not_embedded_again(tmp_path, caplog):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = _existing(settings)
    stored = store.passages()
    cache = CachingEmbedder(_NoModel())
    cache.use_stored_passages(stored)
    assert stored.count() > 0  # as the app's warmer does at start-up
    before = document_passages(store.chunks(0), passages_for)
    assert cache.embed_passages(before).shape == (len(before), 384)  # read from the store

    _upload(tmp_path, settings, "web.upload_child")  # as the admin tab runs it
    written = document_passages(store.chunks(0, ["charte-b"]), passages_for)
    assert written and not set(written) & set(before)
    with caplog.at_level(logging.WARNING):
        vectors = cache.embed_passages(written)  # _NoModel fails if any is embedded again
    assert "passage_lookup_failed" not in caplog.text
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)  # the child's unit vectors


def test_a_cli_ingest_is_read_with_its_vectors_by_a_catalogue_that_read_the_partition_before(tmp_path, caplog):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = _existing(settings)
    app = Catalogue(store)  # tables in memory only: every refresh reads the changed documents from Chroma
    assert app.sync().partitions[0].table.vectors is not None  # the partition's vectors read once

    _upload(tmp_path, settings, "ingest.uploads")  # the plain ingest, as `python -m ingest` writes
    with caplog.at_level(logging.WARNING):
        table = app.sync(force=True).partitions[0].table
    assert "partition_vectors_unreadable" not in caplog.text
    assert sorted(set(table.vocab["doc_id"])) == ["charte-b", "existant"]
    assert table.vectors is not None and len(table.vectors) == table.size
    written = [i for i, c in enumerate(table.chunks()) if c.doc_id == "charte-b"]
    assert np.allclose(np.linalg.norm(np.asarray(table.vectors)[written], axis=1), 1.0, atol=1e-3)


def test_passages_released_after_a_write_are_read_again_without_a_failed_read(tmp_path, caplog):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = _existing(settings)
    stored = store.passages()
    assert stored.count() > 0  # the collection's segment is loaded by this process
    _upload(tmp_path, settings, "ingest.uploads")
    stored.release()  # what the app does when its catalogue sees the write
    written = document_passages(store.chunks(0, ["charte-b"]), passages_for)
    with caplog.at_level(logging.INFO, logger="clausier.index.passages"):
        assert set(stored.get(written)) == set(written)
    assert "passages_reopened" not in caplog.text  # found by the first read


def test_chromas_own_query_finds_what_another_process_wrote_once_the_catalogue_saw_it(tmp_path, monkeypatch):
    """A partition searched by Chroma (its local index not ready, too large for the interim exact
    search) finds the chunks a CLI ingest wrote in another process, once the catalogue has seen
    the write: the query's client is replaced, not the shared one whose segment stays stale."""
    from clausier.index import neighbours

    monkeypatch.setattr(neighbours, "EXACT_ROWS", 0)
    monkeypatch.setattr(neighbours, "INTERIM_EXACT_ROWS", 0)
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = _existing(settings)
    app = Catalogue(store)  # no neighbour folder: no local index, the partition is Chroma's
    assert app.sync().partitions[0].neighbours.get() is None
    probe = np.random.default_rng(5).normal(size=384).astype(np.float32)
    assert len(store.query(0, probe, 10)) == 3  # the partition's vector segment loaded here

    _upload(tmp_path, settings, "ingest.uploads")  # written by another process
    app.sync(force=True)
    written = {c.chunk_id for c in store.chunks(0, ["charte-b"])}
    assert written and written <= {cid for cid, _ in store.query(0, probe, 10)}


def test_a_query_client_released_mid_query_closes_once_the_query_ends(tmp_path):
    from clausier.index.own_client import QueryClient

    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = _existing(settings)
    queries = QueryClient(settings, store._client)
    name = f"{store.name}-l0"
    with queries.collection(name) as part:
        first = queries._current[0]
        queries.release()  # a write seen while this query runs
        assert part.count() == 3 and first._client is not None  # not closed under it
    assert first._client is None  # closed once its query ended
    with queries.collection(name) as part:
        assert part.count() == 3
        fresh = queries._current[0]
    assert fresh._client is not None  # the current one stays open between queries
    queries.release()
    assert fresh._client is None  # idle: closed at once

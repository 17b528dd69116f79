"""Admin uploads run in a child process (ingest/uploads.py): the settings it gets, and what the
app reports when the child does not finish."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from clausier.settings import Settings
from ingest.uploads import SECRET_SETTINGS, _settings_from, _settings_json, ingest_uploads


def test_the_child_gets_the_apps_settings_but_no_secret(tmp_path):
    settings = replace(Settings.from_env().with_data_dir(tmp_path / "data"), collection="autre", chroma_host="chroma",
                       max_doc_chars=1234, allowed_origins=("https://a.example",), admin_token="jeton-secret",
                       pseudonym_key="cle-secrete", llm_api_key="cle-api", promptlog_url="postgresql://u:mdp@h/db")
    text = _settings_json(settings)
    for secret in ("jeton-secret", "cle-secrete", "cle-api", "mdp"):
        assert secret not in text
    child = _settings_from(text)
    assert child == replace(settings, **{name: None for name in SECRET_SETTINGS})
    assert isinstance(child.data_dir, Path) and child.uploads_dir == settings.uploads_dir


def test_a_child_that_does_not_finish_is_an_error_line_per_file_and_writes_nothing(tmp_path):
    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    files = []
    for name in ("Note A.md", "note-b.txt"):
        files.append(tmp_path / name)
        files[-1].write_text("# Article 1 - Objet\n\nLe présent accord régit la conservation des données.\n", encoding="utf-8")
    started = []
    rows = ingest_uploads(files, 0, settings, on_file=lambda i, name: started.append(name), timeout=0.2)
    assert [(r.name, r.status, r.internal) for r in rows] == [("note-a.md", "error", True), ("note-b.txt", "error", True)]
    assert not (settings.uploads_dir / "note-a.md").exists() and not (settings.uploads_dir / "note-b.txt").exists()


def test_the_child_saves_the_written_partitions_table_and_the_app_maps_it_without_reading_chroma(tmp_path, monkeypatch):
    import numpy as np

    from clausier.index.vectors import VectorStore
    from clausier.schema import Chunk, chunk_id_for
    from retriever.catalogue import Catalogue
    from retriever.factory import table_dir

    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = VectorStore(settings)
    texts = [f"Article {i} : les données sont conservées {i} ans." for i in range(3)]
    chunks = [Chunk(chunk_id=chunk_id_for("existant", str(i), i, 0, t), doc_id="existant", title="Existant",
                    organisation="Org", clause=str(i), heading="", page=1, text=t, level=0, ordinal=i) for i, t in enumerate(texts)]
    vectors = np.random.default_rng(3).normal(size=(3, 384)).astype(np.float32)
    store.upsert(chunks, vectors, {"origin": "test", "chunk_count": 3})
    app = Catalogue(store, table_dir=table_dir(settings))
    app.sync()  # the app's view and saved tables before the upload
    upload = tmp_path / "Charte B.md"
    upload.write_text("# Article 1 - Objet\n\nLa charte régit l'usage des postes de travail.\n", encoding="utf-8")
    [row] = ingest_uploads([upload], 0, settings, child_module="web.upload_child")  # as the admin tab runs it
    assert row.status == "added", row

    def no_chroma_read(*args, **kwargs):
        raise AssertionError("the app read the written chunks from Chroma")

    monkeypatch.setattr(store, "chunks_with_vectors", no_chroma_read)
    monkeypatch.setattr(store, "chunks", no_chroma_read)
    view = app.sync(force=True)
    table = view.partitions[0].table
    assert table.source is not None and table.source.parent == table_dir(settings) / "l0"  # mapped
    assert sorted(set(table.vocab["doc_id"])) == ["charte-b", "existant"]
    assert [c.doc_id for c in table.chunks()].count("charte-b") == row.clauses
    assert table.vectors is not None and len(table.vectors) == table.size


def test_the_child_saves_a_large_written_partitions_hnsw_index_and_the_app_loads_it_without_building(tmp_path):
    import numpy as np

    from clausier.index.neighbours import EXACT_ROWS
    from clausier.index.vectors import VectorStore
    from clausier.schema import Chunk, chunk_id_for
    from retriever.catalogue import Catalogue
    from retriever.factory import neighbour_dir, table_dir

    settings = Settings.from_env().with_data_dir(tmp_path / "data")
    store = VectorStore(settings)
    rows = EXACT_ROWS + 10  # a partition searched through an HNSW index
    texts = [f"Article {i} : les données sont conservées {i} jours." for i in range(rows)]
    chunks = [Chunk(chunk_id=chunk_id_for("grand", str(i), i, 0, t), doc_id="grand", title="Grand", organisation="Org",
                    clause=str(i), heading="", page=1, text=t, level=0, ordinal=i) for i, t in enumerate(texts)]
    vectors = np.random.default_rng(5).normal(size=(rows, 384)).astype(np.float32)
    store.upsert(chunks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True), {"origin": "test", "chunk_count": rows})
    app = Catalogue(store, table_dir=table_dir(settings), neighbour_dir=neighbour_dir(settings))
    app.sync()
    upload = tmp_path / "Charte C.md"
    upload.write_text("# Article 1 - Objet\n\nLa charte régit l'usage des postes de travail.\n", encoding="utf-8")
    [row] = ingest_uploads([upload], 0, settings, child_module="web.upload_child")
    assert row.status == "added", row
    part = app.sync(force=True).partitions[0]
    assert (neighbour_dir(settings) / "l0" / part.key / "meta.json").is_file()  # saved by the child
    found = part.neighbours.get()  # loaded at once: no interim exact search, no build
    assert found is not None and not found.exact
    assert part.neighbours._building is None

"""Access partitions of the index: no read wall, migration, and no side channel of hidden documents."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import chromadb
import numpy as np
import pytest

from clausier.index.records import chunk_metadata
from clausier.index.vectors import VectorStore
from clausier.schema import Caller, Chunk, chunk_id_for
from clausier.settings import Settings
from ingest.manifest import SourceFile, info_for_file
from ingest.service import ingest_files
from retriever.factory import build_retriever

ROOT = Path(__file__).resolve().parent.parent
SQLITE_VARIABLE_WALL = 32_767


def _settings(tmp_path: Path) -> Settings:
    return Settings.from_env().with_data_dir(tmp_path / "data")


def _synthetic(n: int, docs: int, level: int, rng: np.random.Generator) -> tuple[list[Chunk], np.ndarray]:
    words = ["conservation", "données", "cookies", "sous-traitant", "transfert", "droit", "accès", "durée"]
    chunks = []
    for i in range(n):
        doc = f"synth-{i % docs:04d}"
        text = f"Clause {i} : {words[i % len(words)]} et {words[(i * 7) % len(words)]} pour {doc}."
        ordinal = i // docs
        chunks.append(Chunk(chunk_id=chunk_id_for(doc, str(ordinal), ordinal, 0, text), doc_id=doc,
                            title=doc, organisation=f"Org{i % docs:04d}", doc_type="document", level=level,
                            clause=str(ordinal), heading="", page=None, text=text, header=doc, ordinal=ordinal))
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    return chunks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _coarse_partition(settings: Settings, level: int) -> None:
    """Create a partition with a coarse HNSW graph before the store opens it (an existing
    collection keeps its configuration): these tests are about reads past the wall, not
    neighbour quality, and building the default graph of 33 k vectors is most of their time."""
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chromadb.Settings(anonymized_telemetry=False))
    client.get_or_create_collection(f"{settings.collection}-l{level}", embedding_function=None,
                                    configuration={"hnsw": {"space": "cosine", "ef_construction": 16, "max_neighbors": 8}})


def test_start_and_ingest_past_the_sqlite_variable_wall(tmp_path, embedder):
    """More chunks in one collection than one unpaged ``get`` can read: start-up (catalogue),
    ingest (document states) and search all still work."""
    settings = _settings(tmp_path)
    _coarse_partition(settings, 0)
    store = VectorStore(settings)
    chunks, vectors = _synthetic(SQLITE_VARIABLE_WALL + 300, 300, 0, np.random.default_rng(7))
    store.upsert(chunks, vectors, {"origin": "synthetic"})
    assert store.count() > SQLITE_VARIABLE_WALL

    retriever = build_retriever(settings, embedder=embedder)  # start-up: the whole catalogue
    assert len(retriever.chunks) == len(chunks)
    doc = tmp_path / "mortel_politique.txt"
    doc.write_text("Politique de confidentialité de Mortel\n\n1. Après votre décès\n\nVous pouvez définir des "
                   "directives relatives au sort de vos données après votre décès : c'est le droit à la mort "
                   "numérique.\n\n2. Contact\n\nÉcrivez à dpo@mortel.example pour exercer vos droits.\n", encoding="utf-8")
    report = ingest_files([SourceFile(doc, info_for_file(doc, level=0, organisation="Mortel"), "added")],
                          VectorStore(settings), embedder, max_bytes=settings.max_file_bytes)
    assert not report.errors and report.results[0].status == "added"
    assert len(store.doc_states()) == 301
    # one document's state is read from its own chunks, as the full read gives it
    wanted = [report.results[0].doc_id, "synth-0007", "absent"]
    assert store.doc_states(wanted) == {d: s for d, s in store.doc_states().items() if d in wanted}
    assert set(store.doc_states(wanted)) == set(wanted[:2])
    hits = retriever.search("droit à la mort numérique", Caller.anonymous(), k=3)  # sees the new generation
    assert any("mort numérique" in h.text for h in hits)


def test_a_single_collection_index_migrates_on_its_own(tmp_path, embedder):
    """An index written before partitioning (one collection, a level field per chunk) is moved
    into the per-level collections when a store opens it, without re-embedding."""
    settings = _settings(tmp_path)
    settings.chroma_dir.mkdir(parents=True)
    client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chromadb.Settings(anonymized_telemetry=False))
    legacy = client.get_or_create_collection(settings.collection, embedding_function=None,
                                             configuration={"hnsw": {"space": "cosine"}})
    rng = np.random.default_rng(3)
    low, low_vectors = _synthetic(40, 4, 0, rng)
    high, high_vectors = _synthetic(20, 2, 2, rng)
    high = [replace(c, doc_id="secret-" + c.doc_id, chunk_id="secret-" + c.chunk_id, organisation="Secretco") for c in high]
    for chunks, vectors in ((low, low_vectors), (high, high_vectors)):
        legacy.upsert(ids=[c.chunk_id for c in chunks], embeddings=vectors, documents=[c.text for c in chunks],
                      metadatas=[chunk_metadata(c, {"doc_hash": "h", "chunk_count": 10, "origin": "corpus"}) for c in chunks])
    del client

    store = VectorStore(settings)
    after = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chromadb.Settings(anonymized_telemetry=False))
    assert store.count() == 60 and settings.collection not in {c.name for c in after.list_collections()}
    assert [len(store.chunks(level)) for level in range(4)] == [40, 0, 20, 0]
    assert {d: s.stored_chunks for d, s in store.doc_states().items()} == {
        **{f"synth-{i:04d}": 10 for i in range(4)}, **{f"secret-synth-{i:04d}": 10 for i in range(2)}}
    retriever = build_retriever(settings, embedder=embedder)
    hidden = {c.chunk_id for c in high}
    for level in range(4):
        hits = retriever.search("conservation des données", Caller(user="u", clearance=level), k=60)
        assert bool(hidden & {h.chunk_id for h in hits}) == (level >= 2)


QUESTIONS = [
    "Combien de temps les données sont-elles conservées ?",
    "Quels cookies sont déposés et comment les refuser ?",
    "Qui est le sous-traitant et quelles sont ses obligations ?",
    "Les données sont-elles transférées hors de l'Union européenne ?",
    "Comment exercer mon droit d'accès ?",
    "What security measures protect personal data?",
]


@pytest.fixture(scope="module")
def two_level_index(tmp_path_factory, embedder):
    """Two corpus documents at level 0; a third, renamed, waits to be added at level 2."""
    base = tmp_path_factory.mktemp("side-channel")
    settings = Settings.from_env().with_data_dir(base / "data")
    files = []
    for name, level, org in (("assistool_politique-cookies.txt", 0, "Assistool"),
                             ("ikomia_politique-confidentialite.txt", 0, "Ikomia"),
                             ("aops_politique-confidentialite.txt", 2, "Zorblax")):
        path = base / name
        shutil.copy(ROOT / "corpus" / name, path)
        files.append(SourceFile(path, info_for_file(path, level=level, organisation=org), "added"))
    report = ingest_files(files[:2], VectorStore(settings), embedder, max_bytes=settings.max_file_bytes)
    assert not report.errors
    return settings, files[2]


def _results(retriever, caller: Caller) -> list[list[tuple[str, float]]]:
    return [[(h.chunk_id, h.score) for h in retriever.search(q, caller, k=8)] for q in QUESTIONS]


def test_a_hidden_document_answers_like_an_absent_one(two_level_index, embedder, monkeypatch):
    """Adding a document above the caller's clearance leaves every visible hit and score
    identical (lexical statistics are per partition), and naming its organisation takes the
    same path as before it existed (not recognised, the same store queries); a caller cleared
    for it does see it."""
    settings, hidden = two_level_index
    retriever = build_retriever(settings, embedder=embedder)
    calls: list[tuple] = []
    query = VectorStore.query  # every store's queries, this retriever's included
    monkeypatch.setattr(VectorStore, "query", lambda self, *a, **kw: calls.append((a[0], a[3])) or query(self, *a, **kw))
    callers = [Caller.anonymous(), Caller(user="u1", clearance=1)]
    named = QUESTIONS + ["Combien de temps Zorblax conserve-t-il les données ?", "Zorblax et Ikomia : quels cookies ?"]

    def observe():
        calls.clear()
        results = [[[(h.chunk_id, h.score) for h in retriever.search(q, c, k=8)] for q in named] for c in callers]
        return results, list(calls)

    before = observe()
    report = ingest_files([hidden], VectorStore(settings), embedder, max_bytes=settings.max_file_bytes)
    assert not report.errors
    retriever.refresh()  # what an instance does once it sees the write
    after = observe()
    assert after == before
    assert retriever.analyze("Que conserve Zorblax ?", Caller.anonymous()).organisations == frozenset()
    assert retriever.analyze("Que conserve Zorblax ?", Caller(user="u", clearance=2)).organisations == {"Zorblax"}
    cleared = _results(retriever, Caller(user="u2", clearance=2))
    assert any(cid.startswith(hidden.info.doc_id) for ranking in cleared for cid, _ in ranking)

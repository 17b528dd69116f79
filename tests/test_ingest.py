"""Ingest into a real Chroma index: idempotent, incremental, robust to bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clausier.index.vectors import VectorStore
from clausier.schema import Caller
from clausier.settings import Settings
from ingest.manifest import SourceFile, info_for_file, load_manifest
from ingest.service import ingest_files
from tests.pdfs import encrypt_pdf, write_pdf

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ["Politique de conservation des archives", "Article 1 - Objet",
     "La présente politique encadre la conservation des archives du service juridique."],
    ["Article 2 - Durée de conservation des archives",
     "Les archives papier sont conservées pendant onze ans dans le coffre du sous-sol."],
    ["Article 3 - Destruction", "Les archives sont détruites par broyage certifié."],
]


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings.from_env().with_data_dir(tmp_path / "data")


def _ingest(settings, sources, embedder, **kwargs):
    return ingest_files(sources, VectorStore(settings), embedder, max_bytes=settings.max_file_bytes, **kwargs)


def _small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("looper-ai_politique-rgpd.txt", "ikomia_politique-confidentialite.txt"):
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    manifest = (ROOT / "corpus" / "corpus.yaml").read_text(encoding="utf-8")
    (corpus / "corpus.yaml").write_text(manifest, encoding="utf-8")
    return corpus


def test_reingest_is_idempotent(tmp_path, settings, embedder):
    corpus = _small_corpus(tmp_path)
    sources = [s for s in load_manifest(corpus, 3) if s.path.exists()]
    first = _ingest(settings, sources, embedder, sync_origin=None)
    assert {r.status for r in first.results} == {"added"}
    ids_before = {c.chunk_id for c in VectorStore(settings).all_chunks()}
    second = _ingest(settings, sources, embedder, sync_origin=None)
    assert {r.status for r in second.results} == {"unchanged"}
    assert {c.chunk_id for c in VectorStore(settings).all_chunks()} == ids_before


def test_changed_document_replaces_its_chunks_and_removed_goes(tmp_path, settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    a, b = corpus / "alpha.txt", corpus / "beta.txt"
    a.write_text("Article 1 - Durée\nLes données sont conservées pendant deux ans.\n", encoding="utf-8")
    b.write_text("Article 1 - Cookies\nLe cookie de session expire à la fermeture du navigateur.\n", encoding="utf-8")
    _ingest(settings, load_manifest(corpus, 1), embedder, sync_origin="corpus")
    a.write_text("Article 1 - Durée\nLes données sont conservées pendant quatre ans.\n", encoding="utf-8")
    b.unlink()
    report = _ingest(settings, load_manifest(corpus, 1), embedder, sync_origin="corpus")
    assert {(r.doc_id, r.status) for r in report.results} == {("alpha", "updated"), ("beta", "removed")}
    texts = [c.text for c in VectorStore(settings).all_chunks()]
    assert any("quatre ans" in t for t in texts)
    assert not any("deux ans" in t or "cookie de session" in t for t in texts)


def test_bad_files_get_errors_and_the_rest_is_ingested(tmp_path, settings, embedder):
    good = write_pdf(tmp_path / "archives.pdf", PAGES)
    locked = encrypt_pdf(good, tmp_path / "locked.pdf")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.md"
    empty.write_text("")
    sources = [SourceFile(p, info_for_file(p, level=0), "added") for p in (good, locked, junk, empty)]
    report = _ingest(settings, sources, embedder)
    status = {Path(r.path).name: (r.status, r.error) for r in report.results}
    assert status["archives.pdf"][0] == "added"
    assert "chiffré" in status["locked.pdf"][1]
    assert status["junk.txt"][0] == "error" and status["empty.md"][0] == "error"
    assert {c.doc_id for c in VectorStore(settings).all_chunks()} == {"archives"}


def test_a_broken_update_keeps_what_was_stored(tmp_path, settings, embedder):
    path = tmp_path / "policy.txt"
    path.write_text("Article 1 - Durée\nLes données sont conservées pendant sept ans.\n", encoding="utf-8")
    source = SourceFile(path, info_for_file(path, level=0), "added")
    _ingest(settings, [source], embedder)
    before = VectorStore(settings).all_chunks()
    path.write_bytes(b"\x00\x01\x02" * 1000)  # the file gets corrupted
    report = _ingest(settings, [source], embedder)
    assert report.errors and report.errors[0].doc_id == "policy"
    assert VectorStore(settings).all_chunks() == before


def test_pdf_page_numbers_reach_the_citation(tmp_path, settings, embedder):
    from answer.extractive import ExtractiveAnswerer
    from retriever.factory import build_retriever

    pdf = write_pdf(tmp_path / "archives.pdf", PAGES)
    _ingest(settings, [SourceFile(pdf, info_for_file(pdf, level=0, title="Politique des archives"), "added")], embedder)
    retriever = build_retriever(settings, embedder=embedder)
    hits = retriever.search("Combien de temps les archives papier sont-elles conservées ?", Caller.anonymous(), k=3)
    assert hits[0].page == 2 and "onze ans" in hits[0].text
    answer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages).answer(
        "Combien de temps les archives papier sont-elles conservées ?", hits)
    assert not answer.abstained
    assert answer.citations[0].page == 2
    assert "onze ans" in answer.citations[0].quote


def test_a_pipeline_change_reingests_unchanged_files(tmp_path, settings, embedder, monkeypatch):
    import ingest.pipeline as pipeline

    path = tmp_path / "policy.txt"
    path.write_text("Article 1 - Durée\nLes données sont conservées pendant sept ans.\n", encoding="utf-8")
    source = SourceFile(path, info_for_file(path, level=0), "added")
    _ingest(settings, [source], embedder)
    assert {r.status for r in _ingest(settings, [source], embedder).results} == {"unchanged"}
    monkeypatch.setattr(pipeline, "pipeline_fingerprint", lambda: "a-new-parser")
    assert {r.status for r in _ingest(settings, [source], embedder).results} == {"updated"}


def test_a_long_clause_part_carries_the_page_it_starts_on(tmp_path):
    """A clause running over two pages is cut into parts; each part cites its own first page."""
    from ingest.loaders import load_file
    from ingest.pipeline import chunks_for_doc, prepare

    sentences = [f"La mesure numéro {n} de sécurité s'applique à tous les traitements du service concerné." for n in range(30)]
    pdf = write_pdf(tmp_path / "securite.pdf", [
        ["Politique de sécurité", "Article 1 - Mesures de sécurité", *sentences[:6]],
        sentences[6:],
        ["Article 2 - Contact", "Le délégué répond aux questions de sécurité."],
    ])
    doc = prepare(load_file(pdf, info_for_file(pdf, level=0), max_bytes=10**7))
    clauses, chunks = chunks_for_doc(doc)
    article = next(c for c in clauses if c.number == "Article 1")
    assert article.page == 1 and [page for _, page in article.page_breaks] == [2]
    assert article.text[article.page_breaks[0][0]:].startswith("La mesure numéro 6 ")
    parts = [c for c in chunks if c.clause == "Article 1"]
    assert len(parts) >= 2 and parts[0].page == 1
    for part in parts[1:]:
        first_sentence = int(part.text.split("numéro ")[1].split()[0])
        assert part.page == (2 if first_sentence >= 6 else 1)
    assert parts[-1].page == 2
    assert next(c for c in chunks if c.clause == "Article 2").page == 3


def test_a_quote_on_the_next_page_of_a_chunk_cites_that_page(tmp_path, settings, embedder):
    """One chunk running over a page break: the index keeps where the page changes, and a
    citation quoting text after the break gives the later page, through ingest, Chroma,
    retrieval and answering."""
    from answer.extractive import ExtractiveAnswerer
    from clausier.assistant import Assistant
    from clausier.promptlog import PromptLog
    from retriever.factory import build_retriever

    pdf = write_pdf(tmp_path / "sauvegardes.pdf", [
        ["Politique de sauvegarde", "Article 1 - Sauvegardes",
         "Le service informatique veille au bon fonctionnement des serveurs de l'entreprise.",
         "Il tient à jour l'inventaire des postes de travail et des imprimantes du siège.",
         "Les mots de passe des administrateurs changent tous les trimestres.",
         "Chaque incident technique est consigné dans un registre tenu par le service."],
        ["Un second centre de données, situé à Lyon, reçoit une copie de chaque serveur.",
         "Les copies de sauvegarde sont conservées pendant quatorze mois dans ce second centre.",
         "Article 2 - Contact", "Le responsable informatique répond aux questions sur ces copies."],
    ])
    report = _ingest(settings, [SourceFile(pdf, info_for_file(pdf, level=0), "added")], embedder)
    assert not report.errors, report.errors
    stored = [c for c in VectorStore(settings).all_chunks() if c.clause == "Article 1"]
    assert len(stored) == 1 and stored[0].page == 1
    (offset, page), = stored[0].page_breaks
    assert page == 2 and stored[0].text[offset:].startswith("Un second centre")

    retriever = build_retriever(settings, embedder=embedder)
    answerer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)
    assistant = Assistant(settings, retriever, answerer, PromptLog(settings.promptlog_path))
    caller = Caller.anonymous(0)
    answer = assistant.ask("Combien de temps les copies de sauvegarde sont-elles conservées ?", caller, channel="test").answer
    cited = next(c for c in answer.citations if "quatorze mois" in c.quote)
    assert cited.clause == "Article 1" and not cited.quote.startswith("Le service")
    assert cited.page == 2 and cited.end_page is None
    hit = next(h for h in assistant.retrieve("fonctionnement des serveurs", caller) if h.clause == "Article 1")
    assert hit.page == 1 and hit.page_at(0) == 1 and hit.page_at(offset) == 2

"""The admin tab over its own small index: uploads at a level, per-file results, who may upload,
and a clause above the caller's clearance staying invisible in the chat's panel and browser."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clausier.schema import Caller
from web.chat import ChatHandlers

SECRET_TEXT = """Article 1 – Objet
La présente note interne décrit la procédure d'archivage des contrats des fournisseurs stratégiques.

Article 2 – Durée
Les contrats des fournisseurs stratégiques sont archivés pendant quinze ans après leur échéance.
"""
ADMIN = Caller(user="root", clearance=3, is_admin=True)
READER = Caller(user="reader", clearance=0)


@pytest.fixture(scope="module")
def small_assistant(tmp_path_factory, indexed_settings, embedder):
    from answer.extractive import ExtractiveAnswerer
    from clausier.assistant import Assistant
    from clausier.promptlog import PromptLog
    from retriever.factory import build_retriever

    settings = replace(indexed_settings.with_data_dir(tmp_path_factory.mktemp("admin-index")), anonymous_access=False)
    answerer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)
    return Assistant(settings, build_retriever(settings, embedder=embedder), answerer, PromptLog(settings.promptlog_path))


def handlers_for(assistant, caller: Caller) -> ChatHandlers:
    return ChatHandlers(assistant, lambda request: caller)


@pytest.fixture(scope="module")
def uploaded(small_assistant, tmp_path_factory):
    folder = tmp_path_factory.mktemp("uploads-src")
    note = folder / "Note archivage.txt"
    note.write_text(SECRET_TEXT, encoding="utf-8")
    empty = folder / "vide.md"
    empty.write_text("   \n", encoding="utf-8")
    steps = []
    report = handlers_for(small_assistant, ADMIN).admin.ingest(
        [str(note), str(empty)], 3, "fr", None, progress=lambda value, desc="": steps.append((value, desc)))
    return report, steps


def test_admin_upload_reports_each_file(uploaded, small_assistant):
    report, steps = uploaded
    assert "note-archivage.txt" in report and "ajouté" in report
    assert "vide.md" in report and "erreur" in report
    assert (small_assistant.settings.uploads_dir / "note-archivage.txt").exists()
    assert steps[0][1].startswith("Ingestion de") and steps[-1][0] == 1.0
    docs = small_assistant.documents(ADMIN)
    assert [(d.doc_id, d.level) for d in docs] == [("note-archivage", 3)]


def test_only_admins_upload_and_see_the_tab(small_assistant, tmp_path):
    reader = handlers_for(small_assistant, READER)
    assert not reader.admin.allowed(None)
    assert handlers_for(small_assistant, ADMIN).admin.allowed(None)
    file = tmp_path / "autre.txt"
    file.write_text(SECRET_TEXT, encoding="utf-8")
    assert "Réservé aux administrateurs" in reader.admin.ingest([str(file)], 0, "fr", None)
    assert not (small_assistant.settings.uploads_dir / "autre.txt").exists()


def test_demo_mode_lets_anonymous_administer(small_assistant):
    demo = replace(small_assistant.settings, anonymous_access=True)
    assistant = type(small_assistant)(demo, small_assistant.retriever, small_assistant.answerer, small_assistant.prompt_log)
    assert handlers_for(assistant, Caller.anonymous()).admin.allowed(None)


def test_secret_clause_invisible_below_clearance(uploaded, small_assistant):
    secret = small_assistant.document_chunks("note-archivage", ADMIN)[0]
    admin = handlers_for(small_assistant, ADMIN)
    reader = handlers_for(small_assistant, READER)
    opened = admin.act(f"goto/{secret.chunk_id}", [], {}, "fr", None)
    assert "archivage des contrats" in opened["docview"]
    for action in (f"goto/{secret.chunk_id}", f"peek/{secret.chunk_id}", "doc/note-archivage", f"clause/{secret.chunk_id}"):
        out = reader.act(action, [], {}, "fr", None)
        assert "archivage" not in str(out) and "pas disponible" in out["panel"]
    assert "note-archivage" not in reader.browse.documents("fr", None)
    assert reader.browse.search("archivage des contrats fournisseurs", "fr", None).count("cl-result") == 0
    answered = reader.finish(reader.begin("Combien de temps les contrats des fournisseurs sont-ils archivés ?", [], "fr", None)["turns"],
                             [], [], "fr", None)
    assert "quinze ans" not in answered["conversation"]


def test_gaps_report_shown_to_admins(uploaded, small_assistant):
    admin = handlers_for(small_assistant, ADMIN)
    admin.finish(admin.begin("Quelle est la politique de télétravail ?", [], "fr", None)["turns"], [], [], "fr", None)
    gaps = admin.admin.gaps("fr", None)
    assert "télétravail" in gaps or "Aucune lacune" in gaps
    assert "Réservé aux administrateurs" in handlers_for(small_assistant, READER).admin.gaps("fr", None)

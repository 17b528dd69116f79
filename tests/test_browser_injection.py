"""Stored script injection, in a real browser (Debian's Chromium via Playwright) over the real app.

A document whose every field carries markup — id (written to the index directly, as a legacy
index or a manifest edited by hand would hold it), title, organisation, type, headings, text —
plus an uploaded file whose name carries markup. The page is driven through every view that
shows them (answer, citations, citation panel, documents list, contents, document text,
search, admin upload table). No script may run and no injected element may exist in the DOM,
and the payload must be visible as text (so each field was really rendered). The page also
runs under the app's Content-Security-Policy without a violation (Gradio works under it).
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from clausier.schema import DocumentInfo
from clausier.settings import Settings
from tests.test_browser import CHROMIUM, FLAGS, _require_chromium

MARK = "window.__xss=(window.__xss||0)+1"
# Each payload breaks out of a quoted attribute, then tries an event handler, a script and plain markup.
PAYLOAD = f"x'\"><img src=x class=pwn onerror=\"{MARK}\"><b class=pwn>gras</b><script>{MARK}</script>"
SVG = f"<svg/onload={MARK}>"  # survives the ingest cleaner (not a well-formed tag)
WORD = "zorblatine"
BAD_ID = "inj'><img src=x class=pwn onerror=window.__xss=1>"
INJECTED = "img.pwn, b.pwn, svg[onload], script:not([nonce]):not([src])"

TEXT = f"""ARTICLE 1 - Objet {WORD} {SVG}

La société {WORD} traite les données de facturation {SVG} pendant cinq ans après la fin du contrat.

ARTICLE 2 - Sécurité {WORD}

Les accès au système {WORD} sont journalisés et revus chaque trimestre par le responsable sécurité.
"""


@pytest.fixture(scope="module")
def injected_server(tmp_path_factory, embedder):
    from answer.extractive import ExtractiveAnswerer
    from app import build_app
    from clausier.assistant import Assistant
    from clausier.index.vectors import VectorStore
    from clausier.promptlog import PromptLog
    from ingest.loaders import load_file
    from ingest.pipeline import chunks_for_doc, doc_hash, prepare
    from retriever.factory import build_retriever
    from tests.conftest import LiveServer

    root = tmp_path_factory.mktemp("inject")
    settings = replace(Settings.from_env().with_data_dir(root / "data"), collection="inject",
                       anonymous_access=True, anonymous_clearance=3)
    path = root / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    info = DocumentInfo(doc_id=BAD_ID, title=f"Titre {PAYLOAD}", organisation=f"Org {PAYLOAD}",
                        doc_type=f"Type {PAYLOAD}", level=0)
    doc = prepare(load_file(path, info, max_bytes=10**6))
    _, chunks = chunks_for_doc(doc)
    # markup in headings and text as a PDF could carry it (the cleaner strips well-formed tags)
    chunks = [dataclasses.replace(c, heading=f"{c.heading} {PAYLOAD}", text=f"{c.text} {PAYLOAD}") for c in chunks]
    store = VectorStore(settings)
    store.upsert(chunks, embedder.embed_passages([c.embed_text for c in chunks]),
                 {"doc_hash": doc_hash(doc.content_hash, info), "chunk_count": len(chunks), "origin": "added",
                  "source_path": str(path)})
    retriever = build_retriever(settings, embedder=embedder)
    answerer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)
    assistant = Assistant(settings, retriever, answerer, PromptLog(settings.promptlog_path))
    with LiveServer(build_app(settings, assistant)) as server:
        yield server


@pytest.fixture(scope="module")
def page(injected_server):
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="clausier-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(profile, executable_path=str(CHROMIUM), headless=True,
                                                        args=FLAGS, viewport={"width": 1366, "height": 900},
                                                        locale="fr-FR")
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                             "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        page.goto(injected_server.url + "/")
        page.wait_for_selector("#cl-conversation .cl-examples", timeout=60_000)
        try:
            yield page
        finally:
            context.close()


def _assert_clean(page, where: str) -> None:
    page.wait_for_timeout(300)  # let any onerror/onload fire
    assert page.evaluate("window.__xss") is None, f"a script ran ({where})"
    assert page.locator(INJECTED).count() == 0, f"injected markup rendered ({where})"


def test_answer_citations_and_panel(page):
    page.fill("#cl-question textarea", f"Combien de temps {WORD} conserve-t-elle les données de facturation ?")
    page.click("#cl-send")
    page.wait_for_selector("#turn-0 .cl-meta, #turn-0 .cl-error", timeout=90_000)
    cites = page.inner_text("#turn-0")
    assert "Titre x'\"><img" in cites, cites  # the title is shown, as text
    _assert_clean(page, "answer")
    page.click("#turn-0 .cl-cite >> nth=0")
    page.wait_for_selector("#cl-panel .cl-goto", timeout=20_000)
    panel = page.inner_text("#cl-panel")
    assert "Org x'\"><img" in panel and "Type x'\"><img" in panel and "<b class=pwn>gras</b>" in panel
    _assert_clean(page, "citation panel")
    page.click("#cl-panel .cl-goto")  # the id travels through the link into the document viewer
    page.wait_for_selector("#cl-docview .cl-clause.selected", timeout=20_000)
    assert "<svg/onload=" in page.inner_text("#cl-docview") and "Objet" in page.inner_text("#cl-toc")
    _assert_clean(page, "document viewer")


def test_documents_list_contents_and_search(page):
    page.click("button[role=tab]:has-text('Documents')")
    page.wait_for_selector("#cl-doclist .cl-doc-card", timeout=20_000)
    assert "Titre x'\"><img" in page.inner_text("#cl-doclist")
    page.click("#cl-doclist .cl-doc-card >> nth=0")
    page.wait_for_selector("#cl-toc .cl-toc-item", timeout=20_000)
    page.click("#cl-toc .cl-toc-item >> nth=1")
    page.wait_for_selector("#cl-docview .cl-clause.selected", timeout=20_000)
    _assert_clean(page, "documents and contents")
    page.fill("#cl-search textarea, #cl-search input", WORD)
    page.wait_for_selector("#cl-results .cl-result", timeout=20_000)
    assert "Titre x'\"><img" in page.inner_text("#cl-results")
    _assert_clean(page, "search results")


def test_uploaded_file_name(page, tmp_path):
    name = f"note {PAYLOAD.replace('/', '')}.md"[:200]
    upload = tmp_path / name
    upload.write_text(TEXT.replace(WORD, "plumetaxe"), encoding="utf-8")
    page.click("button[role=tab]:has-text('Administration')")
    page.set_input_files("#cl-upload input[type=file]", str(upload))
    page.wait_for_timeout(1000)
    page.click("#cl-ingest")
    page.wait_for_selector("#cl-ingest-result table", timeout=90_000)
    assert "note" in page.inner_text("#cl-ingest-result")
    _assert_clean(page, "admin upload table")


def test_no_csp_violation_and_no_page_error(page):
    assert page.evaluate("window.__csp") == []
    assert page.errors == []

"""End to end in a real browser (Debian's Chromium driven by Playwright) over the real app.

One employee's session, step by step, with a screenshot of each step in tests/artifacts/:
ask, see the answer and its citation, open the citation panel (quote highlighted), ask a
follow-up (rewritten question shown), open the clause in the document viewer, browse a clause
tree and search, give feedback, copy and export, switch to English, narrow screen.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Without the background-networking switches Chromium keeps calling home on a closed network.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSWER_TIMEOUT = 90_000
IPSO_BREACH = "Quel est le délai de notification d'une fuite de données au client chez IPSO ?"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CLAUSIER_REQUIRE_SYSTEM_TESTS") == "1":
        pytest.fail(reason + " and CLAUSIER_REQUIRE_SYSTEM_TESTS=1")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser_context():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clausier-chromium-") as profile, sync_playwright() as pw:
        # a persistent context on a fresh temp dir is Playwright's way of passing --user-data-dir
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="fr-FR",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def page(browser_context, live_app):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_app.url)
    page = browser_context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(live_app.url + "/")
    page.wait_for_selector("#cl-conversation .cl-examples", timeout=60_000)
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def ask(page, question: str, index: int) -> None:
    page.fill("#cl-question textarea", question)
    page.click("#cl-send")
    page.wait_for_selector(f"#turn-{index} .cl-meta, #turn-{index} .cl-error", timeout=ANSWER_TIMEOUT)


def test_01_ask_and_see_cited_answer(page):
    shot(page, "01-empty-screen")
    assert page.locator(".cl-example").count() == 4
    ask(page, IPSO_BREACH, 0)
    answer = page.inner_text("#turn-0 .cl-a")
    assert "72 heures" in answer and "[1]" in answer
    assert "Convention RGPD de sous-traitance" in page.inner_text("#turn-0 .cl-cites")
    assert "répondu en" in page.inner_text("#turn-0 .cl-latency")
    shot(page, "02-answer-with-citations")


def test_02_citation_panel_highlights_the_quote(page):
    page.click("#turn-0 .cl-a .cl-ref >> nth=0")
    page.wait_for_selector("#cl-sidebar.open #cl-panel mark.cl-hl", timeout=60_000)
    assert "72 heures" in page.inner_text("#cl-panel mark.cl-hl >> nth=0")
    panel = page.inner_text("#cl-panel")
    assert "IPSO" in panel and "8.1" in panel and "non classifié" in panel
    assert page.is_visible("#cl-panel .cl-goto")
    page.wait_for_timeout(400)  # the sidebar slides in
    shot(page, "03-citation-panel")


def test_03_followup_shows_the_rewritten_question(page):
    page.click("button[role=tab]:has-text('Questions')")
    ask(page, "et chez Ikomia ?", 1)
    understood = page.inner_text("#turn-1 .cl-understood")
    assert "compris comme" in understood and "Ikomia" in understood and "délai de notification" in understood
    shot(page, "04-followup-understood-as")


def test_04_feedback_copy_and_export(page):
    page.click("#turn-0 .cl-fb.cl-up")
    page.wait_for_selector("#turn-0 .cl-thanks", timeout=10_000)
    page.click("#turn-0 .cl-copy")
    page.wait_for_function("document.querySelector('#turn-0 .cl-copy').textContent === 'Copié'", timeout=5_000)
    assert "72 heures" in page.evaluate("navigator.clipboard.readText()")
    with page.expect_download() as download:
        page.click("#cl-export")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert IPSO_BREACH in text and "72 heures" in text and "et chez Ikomia ?" in text


def test_05_open_the_clause_in_the_document_viewer(page):
    page.click("#turn-0 .cl-cite >> nth=0")
    page.wait_for_selector("#cl-panel .cl-goto", timeout=60_000)
    page.click("#cl-panel .cl-goto")
    page.wait_for_selector("#cl-docview .cl-clause.selected", timeout=60_000)
    page.wait_for_timeout(500)
    selected = page.locator("#cl-docview .cl-clause.selected")
    assert "72 heures" in selected.inner_text()
    assert selected.is_visible() and page.locator("#cl-toc a.selected").is_visible()
    view = page.locator("#cl-docview").bounding_box()
    box = selected.bounding_box()
    assert view["y"] <= box["y"] < view["y"] + view["height"]  # scrolled to the clause
    shot(page, "05-document-viewer-at-clause")


def test_06_browse_a_clause_tree_and_search(page):
    page.click("a.cl-doc-card[data-doc='assistool-cookies']")
    page.wait_for_selector("#cl-docview .cl-doc-head:has-text('Assistool')", timeout=60_000)
    items = page.locator("#cl-toc a.cl-toc-item")
    assert items.count() > 10
    target = items.nth(8)
    label = target.inner_text()
    target.click()
    page.wait_for_selector("#cl-toc a.cl-toc-item.selected", timeout=60_000)
    assert page.inner_text("#cl-toc a.selected") == label
    assert label.split()[0] in page.inner_text("#cl-docview .cl-clause.selected h5")
    page.locator("#cl-search textarea").press_sequentially("cookie _ga", delay=40)
    page.wait_for_selector("#cl-results .cl-result", timeout=30_000)
    assert "Assistool" in page.inner_text("#cl-results")
    shot(page, "06-document-browser-search")


def test_07_switch_to_english(page):
    page.click("#cl-lang label:has-text('English')")
    page.wait_for_selector("#cl-toc h4:has-text('Contents')", timeout=60_000)
    assert page.get_attribute("#cl-search textarea", "placeholder").startswith("E.g.")
    page.click("button[role=tab]:has-text('Questions')")
    page.wait_for_selector("#cl-conversation .cl-cites h4:has-text('Cited clauses')", timeout=60_000)
    ask(page, "Who are Looper-AI's sub-processors?", 2)
    assert page.inner_text("#turn-2 .cl-a").startswith("According to")
    assert "answered in" in page.inner_text("#turn-2 .cl-latency")
    shot(page, "07-english")


def test_08_narrow_screen(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(400)
    assert page.evaluate("document.documentElement.scrollWidth") <= 392  # no sideways scrolling
    assert page.is_visible("#cl-question textarea") and page.is_visible("#cl-send")
    shot(page, "08-mobile")
    page.click("#turn-2 .cl-a .cl-ref >> nth=0")
    page.wait_for_selector("#cl-sidebar.open #cl-panel mark.cl-hl", timeout=60_000)
    page.wait_for_timeout(400)
    shot(page, "09-mobile-citation-panel")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert page.errors == []

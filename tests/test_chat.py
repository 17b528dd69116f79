"""The chat's callbacks over the real assistant: answers with clickable citations, the citation
panel, follow-ups, filters, feedback, errors, and the caller's clearance on every action."""

from __future__ import annotations

import sqlite3

import pytest

from clausier.schema import Caller
from web.chat import ChatHandlers, build_chat
from web.ui.i18n import t

IPSO_BREACH = "Quel est le délai de notification d'une fuite de données au client chez IPSO ?"
LOOPER_PHONE = "Combien de temps Looper-AI garde-t-il les informations notées lors d'un appel téléphonique ?"


def ask(handlers: ChatHandlers, question: str, turns=None, *, orgs=(), types=(), lang="fr"):
    begun = handlers.begin(question, turns or [], lang, None)
    assert begun["turns"][-1].pending or begun["turns"][-1].error
    done = handlers.finish(begun["turns"], list(orgs), list(types), lang, None)
    return done or begun


@pytest.fixture(scope="module")
def handlers(assistant):
    return ChatHandlers(assistant, lambda request: Caller.anonymous())


@pytest.fixture(scope="module")
def breach(handlers):
    return ask(handlers, IPSO_BREACH)


def test_answer_has_clickable_citations_and_latency(breach):
    turn = breach["turns"][0]
    assert "72 heures" in turn.answer.text and turn.prompt_id
    page = breach["conversation"]
    assert "href='#clausier/cite/0/1'" in page  # [1] in the answer and in the cited clauses
    assert page.count("#clausier/cite/0/1") >= 2
    assert "Clauses citées" in page and "Convention RGPD de sous-traitance" in page
    assert "répondu en" in page
    assert "class='cl-md'" in page and "72 heures" in page  # Markdown export, built in the page


def test_citation_panel_highlights_the_quote_in_the_whole_clause(handlers, breach):
    out = handlers.act("cite/0/1", breach["turns"], {}, "fr", None)
    assert out["sidebar_open"] is True
    panel = out["panel"]
    marked = panel.split("<mark class='cl-hl'>")[1].split("</mark>")[0]
    assert "72 heures" in marked
    assert "communiquera au client" in panel  # the rest of the clause, not highlighted
    assert "communiquera au client" not in marked
    for fact in ("IPSO", "8.1", "0 – non classifié", "#clausier/goto/"):
        assert fact in panel


def test_repaired_clause_offers_original_text(handlers, assistant):
    caller = Caller.anonymous()
    repaired = next(c for c in assistant.document_chunks("ipso-convention-rgpd", caller) if c.repaired and c.original_text)
    out = handlers.act(f"peek/{repaired.chunk_id}", [], {}, "fr", None)
    assert "texte réparé" in out["panel"] and "voir le texte d&#x27;origine" in out["panel"]


def test_goto_opens_the_document_at_the_clause(handlers, breach):
    chunk_id = breach["turns"][0].answer.citations[0].chunk_id
    out = handlers.act(f"goto/{chunk_id}", breach["turns"], {}, "fr", None)
    assert out["tab"] == "docs" and out["doc_state"] == {"doc": "ipso-convention-rgpd", "chunk": chunk_id}
    assert "cl-clause selected" in out["docview"] and "cl-toc-item selected" in out["toc"]
    assert "Article 8 – Traitement des fuites de données" in out["toc"]


def test_followup_is_rewritten_and_the_prompt_log_keeps_the_users_words(handlers, assistant):
    first = ask(handlers, LOOPER_PHONE)
    second = ask(handlers, "et chez Ikomia ?", first["turns"])
    turn = second["turns"][1]
    assert turn.rewritten and turn.searched.startswith("Combien de temps Ikomia garde-t-il")
    assert "compris comme" in second["conversation"] and "Combien de temps Ikomia" in second["conversation"]
    assert {c.organisation for c in turn.answer.citations} <= {"Ikomia"}
    prompts = [r.prompt for r in assistant.prompt_log.records()]
    assert "et chez Ikomia ?" in prompts
    assert turn.searched not in prompts


def test_filters_restrict_the_answer(handlers):
    out = ask(handlers, "Combien de temps les cookies sont-ils conservés ?", orgs=["Assistool", "Inconnue"])
    citations = out["turns"][0].answer.citations
    assert citations and {c.organisation for c in citations} == {"Assistool"}


def test_search_filter_keeps_only_known_values(handlers):
    caller = Caller.anonymous()
    flt = handlers.search_filter(caller, ["IPSO", "Acme"], ["politique de cookies", "roman"])
    assert flt.organisations == {"IPSO"} and flt.doc_types == {"politique de cookies"} and flt.max_level == 0
    assert handlers.search_filter(caller, [], []) is None


def test_feedback_stored_with_the_sessions_prompt_id(handlers, breach, indexed_settings):
    out = handlers.act("feedback/0/down", breach["turns"], {}, "fr", None)
    assert "Merci pour votre avis" in out["conversation"]
    prompt_id = breach["turns"][0].prompt_id
    db = sqlite3.connect(indexed_settings.promptlog_path)
    assert db.execute("SELECT value FROM feedback WHERE prompt_id = ?", (prompt_id,)).fetchall() == [(-1,)]
    again = handlers.act("feedback/0/up", out["turns"], {}, "fr", None)  # once per answer
    assert db.execute("SELECT count(*) FROM feedback WHERE prompt_id = ?", (prompt_id,)).fetchone() == (1,)
    assert again["turns"][0].feedback == -1


def test_errors_are_friendly(handlers, assistant):
    too_long = ask(handlers, "x" * 3000)
    assert "trop longue" in too_long["turns"][0].error and "Traceback" not in too_long["conversation"]

    def broken(request):
        raise RuntimeError("database exploded")

    failing = ChatHandlers(assistant, broken)
    out = ask(failing, IPSO_BREACH)
    assert out["turns"][0].error == t("fr", "error")
    assert "exploded" not in out["conversation"] and "RuntimeError" not in out["conversation"]
    assert "Cette clause n&#x27;est pas disponible." in handlers.act("cite/99/1", [], {}, "fr", None)["panel"]
    assert handlers.act("nonsense/1/2", [], {}, "fr", None) == {}


def test_page_text_is_escaped(handlers):
    out = handlers.begin("<img src=x onerror=alert(1)> et chez IPSO ?", [], "fr", None)
    assert "<img" not in out["conversation"] and "&lt;img" in out["conversation"]


def test_english_interface_and_examples(handlers):
    empty = handlers.act("example/1", [], {}, "en", None)
    assert empty["turns"][0].question.startswith("Within how many hours")
    assert "Searching the documents" in empty["conversation"]


def test_documents_and_search_follow_clearance(handlers):
    docs = handlers.browse.documents("fr", None)
    assert docs.count("cl-doc-card") == 5 and "IPSO — Convention RGPD de sous-traitance" in docs
    results = handlers.browse.search("durée du cookie _ga", "fr", None)
    assert "Assistool" in results and "#clausier/clause/" in results
    assert handlers.browse.search("ab", "fr", None) == ""  # too short to search


def test_respond_keeps_the_plain_history_api(handlers):
    history, cleared, cited = handlers.respond(IPSO_BREACH, [], None)
    assert cleared == "" and history[-1]["role"] == "assistant" and "72 heures" in history[-1]["content"]
    assert "citation-1" in cited


def test_every_gradio_event_is_private(handlers):
    chat = build_chat(handlers)
    visibilities = {fn.api_visibility for fn in chat.fns.values()}
    assert len(chat.fns) >= 10 and visibilities == {"private"}

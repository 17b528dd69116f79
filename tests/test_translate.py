"""English answers: each French quote keeps its place as the citation, its machine translation
(the local model) under it and in ``Citation.translation``; streamed on the API and the chat."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import httpx
import pytest

from clausier.llm.fidelity import missing_facts
from clausier.llm.translate import MARK, Translator, quote_lines, with_translations
from clausier.schema import Answer, Caller, Citation
from clausier.settings import Settings

EN_QUESTION = "Within how many hours must IPSO notify a personal data breach?"
FR_QUESTION = "Dans quel délai IPSO doit-il notifier une fuite de données ?"
CALLER = Caller("alice", 3)


@pytest.fixture(scope="module")
def english(llm_assistant):
    return llm_assistant.ask(EN_QUESTION, CALLER, channel="test")


def test_english_answer_has_each_quote_followed_by_its_translation(english):
    answer = english.answer
    assert answer.language == "en" and not answer.abstained and answer.citations
    lines = answer.text.split("\n")
    quotes = quote_lines(answer)
    assert quotes
    for q in quotes:  # the verbatim quote, then its marked translation on the next line
        assert lines[q.line + 1].lstrip().startswith(f"↳ {MARK}: “")
    for citation in answer.citations:
        assert citation.translation and citation.quote in citation.clause_text  # the quote stays verbatim
        assert not re.search(r"\b(le|la|les|des|dans)\b", citation.translation)  # English, not French
    assert any("72" in c.translation for c in answer.citations)  # the asked fact survived


def test_french_answer_is_not_translated(llm_assistant):
    answer = llm_assistant.ask(FR_QUESTION, CALLER, channel="test").answer
    assert answer.language == "fr" and answer.citations
    assert MARK not in answer.text and all(c.translation is None for c in answer.citations)


def test_translate_false_leaves_translations_to_the_stream(llm_assistant, english):
    plain = llm_assistant.ask(EN_QUESTION, CALLER, channel="test", translate=False)
    assert MARK not in plain.answer.text and all(c.translation is None for c in plain.answer.citations)
    updates = list(llm_assistant.translations(plain))
    assert updates and updates[-1].answer == english.answer  # the cache answers at once, same text


def test_cache_holds_document_sentences_only(llm_assistant, english):
    """Keys are clause text (never the question, never generated text tied to a prompt)."""
    translator = llm_assistant.translator
    clauses = " ".join(" ".join(h.text.split()) for h in english.answer.hits)
    quoted = [q.text for q in quote_lines(english.answer)]
    assert quoted and all(translator.cached(text)[0] for text in quoted)  # what was translated: quotes…
    assert all(text in clauses for text in quoted)  # …which are clause text
    assert translator.cached(EN_QUESTION) == (False, None)  # never the question
    assert translator.cached(english.answer.text) == (False, None)  # nor the generated answer


def test_api_ask_returns_translations_and_the_stream_sends_them_after_the_answer(llm_app, english):
    body = httpx.post(f"{llm_app.url}/api/ask", json={"question": EN_QUESTION}, timeout=600).json()
    assert body["answer"] == english.answer.text
    assert [c["translation"] for c in body["citations"]] == [c.translation for c in english.answer.citations]

    with httpx.stream("POST", f"{llm_app.url}/api/ask/stream", json={"question": EN_QUESTION}, timeout=600) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        raw = r.read().decode()
    events = [(m.group(1), json.loads(m.group(2))) for m in re.finditer(r"event: (\w+)\ndata: (.*)\n\n", raw)]
    names = [name for name, _ in events]
    assert names[0] == "answer" and names[-1] == "done" and "translation" in names
    first, last = events[0][1], [data for name, data in events if name == "translation"][-1]
    assert all(c["translation"] is None for c in first["citations"])  # quotes at once…
    assert last["answer"] == english.answer.text  # …translations follow


def test_stream_rejects_a_bad_question_before_streaming(llm_app):
    r = httpx.post(f"{llm_app.url}/api/ask/stream", json={"question": "   "}, timeout=60)
    assert r.status_code == 422 and "vide" in r.json()["detail"]


def test_chat_shows_the_answer_first_then_its_translations(llm_assistant, english):
    from web.chat import ChatHandlers
    from web.ui.turns import Turn

    handlers = ChatHandlers(llm_assistant, lambda request: CALLER)
    pending = [Turn(question=EN_QUESTION, searched=EN_QUESTION, pending=True)]
    steps = list(handlers.finish_stream(pending, [], [], "en", None))
    assert len(steps) >= 2
    assert MARK not in steps[0]["turns"][-1].answer.text and "cl-mt" not in steps[0]["conversation"]
    assert steps[-1]["turns"][-1].answer.text == english.answer.text and "cl-mt" in steps[-1]["conversation"]


def test_translate_setting_turns_it_off():
    from answer.readers import build_translator

    settings = Settings.from_env({"CLAUSIER_TRANSLATE": "off"})
    assert settings.translate is False and build_translator(settings) is None
    assert Settings.from_env({}).translate is True


def test_a_translation_losing_a_number_or_name_is_caught():
    source = "Les données sont conservées 13 mois chez Looper-AI, puis supprimées (dpo@looper-ai.fr)."
    assert missing_facts(source, "The data is kept 13 months at Looper-AI, then deleted (dpo@looper-ai.fr).") == []
    assert missing_facts(source, "The data is kept for months at Looper-AI, then deleted (dpo@looper-ai.fr).") == ["13"]
    assert "Looper-AI" in missing_facts(source, "The data is kept 13 months, then deleted (dpo@looper-ai.fr).")
    assert missing_facts("Un délai de trois mois.", "A period of three months.") == []
    assert missing_facts("Le RGPD du 27/04/2016.", "The GDPR of April 27, 2016.") == []


def test_citation_translation_waits_for_all_its_pieces():
    citation = Citation(n=1, doc_id="d", title="T", organisation="O", clause="1", heading="h", page=1,
                        quote="Un. Deux.", chunk_id="c", level=0)
    answer = Answer(text="According to T:\n« Un. » [1]\n« Deux. » [1]", citations=(citation,), abstained=False,
                    language="en")
    half = with_translations(answer, {1: "One."})
    assert half.citations[0].translation is None and half.text.count(MARK) == 1
    full = with_translations(answer, {1: "One.", 2: "Two."})
    assert full.citations[0].translation == "One. Two." and full.text.count(MARK) == 2

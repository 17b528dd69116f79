"""The LLM reader: any OpenAI-compatible endpoint through LangChain, its sentences kept only when
grounded (cited, every hard fact in the cited passage, a verbatim supporting quote)."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from langchain_core.language_models import FakeListChatModel

from answer.extractive import ExtractiveAnswerer
from answer.grounding import Claim, claims, ground
from answer.llm_reader import FRAME, LLMReader, build_llm_reader
from clausier.llm.fidelity import numbers
from clausier.schema import Caller

QUESTION = "Dans quel délai IPSO doit-il notifier une fuite de données ?"
CALLER = Caller("alice", 3)


@pytest.fixture(scope="module")
def passages(corpus_retriever):
    hits = corpus_retriever.search(QUESTION, CALLER, k=5)
    breach = next(h for h in hits if "72 heures" in h.text)
    other = next(h for h in hits if h.chunk_id != breach.chunk_id and "72" not in h.text)
    return [breach, other]


def test_reply_is_cut_into_sentences_with_their_markers():
    said = claims("IPSO notifie sous 72 heures [1]. Le client est informé [1, 2].\nSans source.")
    assert said == [Claim("IPSO notifie sous 72 heures.", (1,)), Claim("Le client est informé.", (1, 2)),
                    Claim("Sans source.", ())]


def test_grounding_keeps_a_cited_sentence_with_its_verbatim_support(passages):
    kept = ground(Claim("IPSO must notify the client within 72 hours.", (1,)), passages)
    assert kept is not None
    hit, start, end = kept.support[0]
    assert hit is passages[0] and "72 heures" in hit.text[start:end]
    assert len(hit.text[start:end]) < len(hit.text)  # the supporting sentence, not the whole clause


@pytest.mark.parametrize("claim", [
    Claim("IPSO must notify the client within 48 hours.", (1,)),  # a number the passage does not state
    Claim("IPSO must notify the client within 72 hours.", ()),  # no citation
    Claim("IPSO must notify the client within 72 hours.", (3,)),  # a passage it was not given
    Claim("IPSO must notify the client within 72 hours.", (2,)),  # the cited passage lacks the number
    Claim("The client is told by Google within 72 hours.", (1,)),  # a name from nowhere
    Claim("IPSO and CNIL-X must notify within 72 hours.", (1,)),  # an acronym from nowhere
    Claim("Write to breach@ipso.example within 72 hours.", (1,)),  # an invented e-mail
    Claim("IPSO must notify within 72 hours, see https://ipso.example/breach.", (1,)),  # an invented URL
])
def test_grounding_drops_what_it_cannot_support(passages, claim):
    assert ground(claim, passages) is None


def _reader(reply: str) -> tuple[LLMReader, ExtractiveAnswerer]:
    """A reader over a scripted chat model (LangChain's own fake, standing in for a remote endpoint)."""
    fallback = ExtractiveAnswerer()
    return LLMReader(FakeListChatModel(responses=[reply]), fallback), fallback


def test_only_grounded_sentences_are_shown_each_followed_by_its_quote(passages):
    reader, _ = _reader("IPSO doit notifier dans un délai de 72 heures [1]. IPSO paie 500 euros de pénalité [1].")
    answer = reader.answer(QUESTION, passages)
    assert not answer.abstained and answer.text.startswith(FRAME["fr"])
    assert "72 heures. [1]" in answer.text and "500" not in answer.text
    assert len(answer.citations) == 1 and answer.citations[0].quote in passages[0].text
    assert f"« {' '.join(answer.citations[0].quote.split())} » [1]" in answer.text


def test_with_nothing_grounded_the_extractive_answer_stands(passages):
    for reply in ("IPSO doit notifier dans un délai de 48 heures [1].", "NONE", "Sans citation aucune."):
        reader, fallback = _reader(reply)
        assert reader.answer(QUESTION, passages) == fallback.answer(QUESTION, passages)


def test_an_unreachable_endpoint_leaves_the_extractive_answer(passages, caplog):
    fallback = ExtractiveAnswerer()
    reader = build_llm_reader("http://127.0.0.1:9/v1", "any", "key", fallback=fallback, timeout=5)
    with caplog.at_level(logging.WARNING):
        assert reader.answer(QUESTION, passages) == fallback.answer(QUESTION, passages)
    assert "llm_reader_failed" in caplog.text


def test_local_model_over_http_gives_only_grounded_sentences(llm_assistant, caplog):
    """Plumbing and the check, not quality: the real model answers over its OpenAI-compatible port."""
    caplog.set_level(logging.INFO, logger="answer.llm_reader")
    answer = llm_assistant.ask(QUESTION, CALLER, channel="test", reader="llm", translate=False).answer
    assert re.search(r"llm_reader sentences=\d+ kept=\d+", caplog.text)  # the endpoint replied
    assert "llm_reader_failed" not in caplog.text
    extractive = llm_assistant.ask(QUESTION, CALLER, channel="test", translate=False).answer
    if answer.text.startswith(FRAME["fr"]):
        quotes = " ".join(c.quote for c in answer.citations)
        for citation in answer.citations:
            assert citation.quote in citation.clause_text
        for line in answer.text.split("\n")[1:]:
            if not line.startswith("«"):
                assert re.search(r"\[\d+\]$", line)  # every generated sentence cites
                assert numbers(re.sub(r"\[\d+\]", "", line)) <= numbers(quotes)
    else:
        assert answer == extractive


def test_api_reader_choice_is_validated(live_app):
    r = httpx.post(f"{live_app.url}/api/ask", json={"question": QUESTION, "reader": "llm"}, timeout=60)
    assert r.status_code == 400 and "CLAUSIER_LLM_URL" in r.json()["detail"]
    r = httpx.post(f"{live_app.url}/api/ask", json={"question": QUESTION, "reader": "gpt"}, timeout=60)
    assert r.status_code == 422

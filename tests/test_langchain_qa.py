"""Answers as a LangChain runnable (answer/langchain_adapter.py): the same answer in-process and
over the real app's HTTP API, citations as Documents with verbatim quotes, the server's refusals
as our errors."""

from __future__ import annotations

import httpx
import pytest
from langchain_core.runnables import RunnableLambda

from answer.langchain_adapter import ClausierQA
from clausier.errors import InvalidQuestion, Unauthorized
from clausier.schema import Caller

QUESTION = "Combien de temps Looper-AI conserve-t-il les informations notées lors des contacts téléphoniques ?"


@pytest.fixture(scope="module")
def over_http(live_app):
    qa = ClausierQA.over_http(live_app.url)
    yield qa
    qa.close()


def test_in_process_and_over_http_give_the_same_cited_answer(assistant, live_app, over_http):
    local = ClausierQA.in_process(assistant, Caller.anonymous()).invoke(QUESTION)
    remote = over_http.invoke({"question": QUESTION})
    assert not remote.abstained and "13 mois" in remote.text
    assert (remote.text, remote.language) == (local.text, local.language)
    assert [(d.page_content, d.metadata) for d in remote.citations] == [(d.page_content, d.metadata)
                                                                       for d in local.citations]
    for document in remote.citations:
        meta = document.metadata
        assert {"n", "doc_id", "title", "clause", "heading", "chunk_id", "level"} <= set(meta)
        assert f"[{meta['n']}]" in remote.text
        clause = httpx.get(f"{live_app.url}/api/clauses/{meta['chunk_id']}", timeout=30).json()
        assert " ".join(document.page_content.split()) in " ".join(clause["text"].split())


def test_it_composes_in_a_chain_and_abstains_like_the_app(over_http):
    chain = RunnableLambda(lambda text: text.strip()) | over_http
    result = chain.invoke("   Combien de salariés compte Ikomia ?  ")
    assert result.abstained and result.citations == ()


def test_refusals_are_raised_as_our_errors_with_the_servers_message(live_app, over_http):
    with pytest.raises(InvalidQuestion):
        over_http.invoke("   ")
    with pytest.raises(InvalidQuestion):
        over_http.invoke("x" * 5000)
    wrong = ClausierQA.over_http(live_app.url, api_key="clsr_not-a-key")
    try:
        with pytest.raises(Unauthorized) as refused:
            wrong.invoke(QUESTION)
        assert str(refused.value) and "Traceback" not in str(refused.value)
    finally:
        wrong.close()

"""ISO 27001 access levels, proven channel by channel: a user of clearance c never receives a
chunk of a document above c — not in hits, answers, citations, « voir aussi », listings, error
messages, the LangChain HTTP retriever or Gradio's own HTTP routes.

Several hundred adversarial questions (the secret documents' invented words, paraphrases,
prompt injections, their titles and ids) per clearance and channel; the whole response body is
searched for the markers of every document above the caller's clearance.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from clausier.errors import Unauthorized
from answer.langchain_adapter import ClausierQA
from retriever.langchain_adapter import ClausierRetriever
from tests import gradio_probe
from tests.access_fixtures import (  # noqa: F401
    SECRETS, access_world, client_for, closed_server, leak_log, ledger, markers_above, open_server,
)
from tests.access_queries import adversarial_queries, leaks
from web.auth import chat_caller
from web.chat import ChatHandlers

pytestmark = pytest.mark.slow

QUERIES = adversarial_queries()
CLEARANCES = (0, 1, 2, 3)
WORKERS = 4
# Every query on the API, the chat handler and Gradio's direct route; the thin wrappers over
# those (LangChain's HTTP retriever, the SSE routes, the anonymous server) get a spread sample.
LANGCHAIN_SAMPLE = QUERIES[::2]
GRADIO_SAMPLE = QUERIES[::2]
ANONYMOUS_SAMPLE = QUERIES[::3]
STREAM_SAMPLE = QUERIES[::10]
EVAL_SAMPLE = QUERIES[::4]
OVERALL_SAMPLE = QUERIES[::9]  # test_zero_leaks_overall's own sweep, every channel and clearance
OVERALL_GRADIO_SAMPLE = QUERIES[::27]


@pytest.fixture(scope="module")
def warm(access_world):
    """All questions embedded in one batch (the embedder memoises them for every channel)."""
    access_world.embedder.embed_queries(QUERIES)
    return access_world


def _parallel(fn, items):
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(fn, items))


def _levels_of(hits) -> set[int]:
    return {h["level"] for h in hits}


def test_query_set_is_several_hundred():
    assert len(QUERIES) >= 200
    assert any("ignore previous instructions" in q.lower() for q in QUERIES)
    assert all(any(title in q for q in QUERIES) for _, title, _, _ in SECRETS.values())


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_api_retrieve_and_ask(warm, closed_server, clearance, leak_log):
    seen: set[int] = set()
    with client_for(closed_server, warm.keys[f"level{clearance}"]) as client:
        def one(query: str):
            # every other query also names the secret documents' organisation in a filter
            filters = {"organisations": ["Clausier SA"]} if len(query) % 2 else None
            retrieved = client.post("/api/retrieve", json={"query": query, "k": 20, "filters": filters})
            asked = client.post("/api/ask", json={"question": query, "filters": filters})
            return query, retrieved, asked

        for query, retrieved, asked in _parallel(one, QUERIES):
            for channel, response in (("api_retrieve", retrieved), ("api_ask", asked)):
                assert response.status_code == 200, (channel, query, response.text)
                leak_log.check(channel, clearance, query, response.content)
            seen |= _levels_of(retrieved.json()["hits"]) | _levels_of(asked.json()["see_also"])
            seen |= _levels_of(asked.json()["citations"])
    assert not leak_log.leaks, leak_log.leaks[:5]
    assert seen == set(range(clearance + 1)), f"clearance {clearance} should find exactly levels ≤ it: {seen}"


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_langchain_http_retriever(warm, closed_server, clearance, leak_log):
    retriever = ClausierRetriever.over_http(closed_server.url, api_key=warm.keys[f"level{clearance}"], k=10)

    def one(query: str):
        return query, [{"text": d.page_content, **d.metadata} for d in retriever.invoke(query)]

    for query, documents in _parallel(one, LANGCHAIN_SAMPLE):
        leak_log.check("langchain_http", clearance, query, documents)
    assert not leak_log.leaks, leak_log.leaks[:5]


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_eval_runner_api_mode(warm, closed_server, clearance, leak_log):
    """``python -m eval --api URL`` with CLAUSIER_API_KEY: the runner's system over HTTP."""
    from dataclasses import asdict

    from eval.systems import ApiSystem

    system = ApiSystem(closed_server.url, api_key=warm.keys[f"level{clearance}"])
    try:
        for query in EVAL_SAMPLE:
            hits = system.retrieve(query, 10)
            view = system.answer(query, hits)
            leak_log.check("eval_api", clearance, query, [asdict(h) for h in hits] + [asdict(view)])
    finally:
        system.close()
    assert not leak_log.leaks, leak_log.leaks[:5]


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_chat_handler(warm, clearance, leak_log):
    handlers = ChatHandlers(warm.assistant, chat_caller(warm.access))
    request = SimpleNamespace(username=f"level{clearance}")

    def one(query: str):
        outputs = handlers.respond(query, [], request)
        if not isinstance(outputs, tuple):  # a streaming handler: keep its last update
            *_, outputs = list(outputs)
        return query, [o for o in outputs if isinstance(o, (str, list, dict))]

    for query, outputs in _parallel(one, QUERIES):
        leak_log.check("chat_handler", clearance, query, outputs)
    assert not leak_log.leaks, leak_log.leaks[:5]


def _probe_texts(world) -> list[tuple[str, list[str]]]:
    """Texts aimed at every other handler: secret titles, ids, and the page's link actions."""
    probes = []
    for level, (doc_id, title, words, _) in SECRETS.items():
        chunk_id = world.chunks_by_level[level][0]
        probes += [(title, [title]), (words[0], [words[0]]), (doc_id, [doc_id])]
        for action in ("doc", "clause", "peek", "goto"):
            target = doc_id if action == "doc" else chunk_id
            probes.append((f"{action}/{target}", [f"{action}/{target}", target]))
    probes += [("cite/0/1", ["cite/0/1"]), ("feedback/0/down", ["feedback/0/down"])]
    return probes


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_gradio_http_routes_apply_the_login_clearance(warm, closed_server, clearance, leak_log):
    """Gradio serves every handler over HTTP (api_visibility="private" only hides it from
    /gradio_api/info): call them as a script would, logged in as the user of this clearance."""
    with client_for(closed_server) as client:
        gradio_probe.login(client, f"level{clearance}", warm.keys[f"level{clearance}"])
        events, components = gradio_probe.backend_events(client)
        chains = gradio_probe.question_chains(events, components)
        assert chains, "the chat's question event should be reachable"
        ask = chains[0]

        def one(query: str):
            return query, gradio_probe.run_chain(client, ask, components, query)

        for query, results in _parallel(one, GRADIO_SAMPLE):
            for status, body in results:
                assert status == 200, body[:300]
                leak_log.check("gradio_run_chain", clearance, query, body)
        for query in STREAM_SAMPLE:
            data = gradio_probe.inputs_for(ask[0], components, query)
            status, body = gradio_probe.call(client, ask[0]["api_name"], data)
            assert status == 200
            leak_log.check("gradio_call", clearance, query, body)
            status, messages = gradio_probe.queue(client, ask[0]["id"], data)
            assert status == 200 and messages[-1].get("msg") == "process_completed", messages[-1:]
            leak_log.check("gradio_queue", clearance, query, messages)
        seen_own_secret = False
        for dep in gradio_probe.distinct_events(events, components):  # every other handler, probed
            texts = _probe_texts(warm) if "textbox" in gradio_probe.types(dep, components) else [("", [""])]
            for text, sent in texts:
                for status, body in gradio_probe.run_chain(client, gradio_probe.chain(dep, events), components, text):
                    leak_log.check("gradio_other_events", clearance, text if sent is None else sent, body)
                    seen_own_secret |= clearance > 0 and bool(leaks(body, clearance - 1, sent))
        if clearance == 3:
            assert seen_own_secret, "the probes should reach the secret document for a level-3 user"
    assert not leak_log.leaks, leak_log.leaks[:5]


def test_anonymous_sees_level_0_only_on_every_channel(warm, open_server, leak_log):
    with client_for(open_server) as client:
        events, components = gradio_probe.backend_events(client)
        ask = gradio_probe.question_chains(events, components)[0]
        retriever = ClausierRetriever.over_http(open_server.url, k=10)

        def one(query: str):
            return query, [
                ("anon_retrieve", client.post("/api/retrieve", json={"query": query, "k": 20}).content),
                ("anon_ask", client.post("/api/ask", json={"question": query}).content),
                ("anon_gradio", [body for _, body in gradio_probe.run_chain(client, ask, components, query)]),
                ("anon_langchain", [{"text": d.page_content, **d.metadata} for d in retriever.invoke(query)]),
            ]

        for query, bodies in _parallel(one, ANONYMOUS_SAMPLE):
            for channel, body in bodies:
                leak_log.check(channel, 0, query, body)
        listing = client.get("/api/documents").json()["documents"]
        assert {d["doc_id"] for d in listing} == {"looper-ai-rgpd"}
    assert not leak_log.leaks, leak_log.leaks[:5]


def test_anonymous_gradio_handlers_show_nothing_of_other_users(warm, open_server, closed_server):
    """Every handler of the open (demo) server, called anonymously, after a level-3 user gave a
    👎 to a question naming the secret report: neither documents nor others' questions above 0."""
    with client_for(closed_server, warm.keys["level3"]) as level3:
        asked = level3.post("/api/ask", json={"question": "Que dit le rapport Vexmoria sur le serveur Zorbanex ?"})
        level3.post("/api/feedback", json={"prompt_id": asked.json()["prompt_id"], "value": -1})
    with client_for(open_server) as client:
        events, components = gradio_probe.backend_events(client)
        for dep in gradio_probe.distinct_events(events, components):
            texts = _probe_texts(warm)[::3] if "textbox" in gradio_probe.types(dep, components) else [("", [""])]
            for text, sent in texts:
                for status, body in gradio_probe.run_chain(client, gradio_probe.chain(dep, events), components, text):
                    assert not leaks(body, 0, sent), (dep["api_name"], text)


def _overall_probes(world, server, clearance: int):
    """(channel, query, body) for a spread sample of questions on every channel, as the user of
    ``clearance``: the API, the chat handler, the LangChain HTTP retriever and answerer, the eval
    runner's HTTP system and Gradio's own route."""
    from dataclasses import asdict

    from eval.systems import ApiSystem

    key = world.keys[f"level{clearance}"]
    handlers = ChatHandlers(world.assistant, chat_caller(world.access))
    request = SimpleNamespace(username=f"level{clearance}")
    retriever = ClausierRetriever.over_http(server.url, api_key=key, k=10)
    qa = ClausierQA.over_http(server.url, api_key=key)
    system = ApiSystem(server.url, api_key=key)
    probes = []
    try:
        with client_for(server, key) as client:
            for query in OVERALL_SAMPLE:
                probes.append(("api_retrieve", query, client.post("/api/retrieve", json={"query": query, "k": 20}).content))
                probes.append(("api_ask", query, client.post("/api/ask", json={"question": query}).content))
                outputs = handlers.respond(query, [], request)
                if not isinstance(outputs, tuple):
                    *_, outputs = list(outputs)
                probes.append(("chat_handler", query, [o for o in outputs if isinstance(o, (str, list, dict))]))
                probes.append(("langchain_http", query,
                               [{"text": d.page_content, **d.metadata} for d in retriever.invoke(query)]))
                answered = qa.invoke(query)
                probes.append(("langchain_qa", query, [answered.text] + [{"text": d.page_content, **d.metadata}
                                                                        for d in answered.citations]))
                hits = system.retrieve(query, 10)
                probes.append(("eval_api", query, [asdict(h) for h in hits] + [asdict(system.answer(query, hits))]))
        with client_for(server) as session:
            gradio_probe.login(session, f"level{clearance}", key)
            events, components = gradio_probe.backend_events(session)
            ask = gradio_probe.question_chains(events, components)[0]
            for query in OVERALL_GRADIO_SAMPLE:
                bodies = [body for _, body in gradio_probe.run_chain(session, ask, components, query)]
                probes.append(("gradio_run_chain", query, bodies))
    finally:
        system.close()
        qa.close()
    return probes


def test_zero_leaks_overall(warm, closed_server, open_server, leak_log):
    """Its own sweep, whatever else ran: a spread sample of the questions on every channel at
    every clearance, and anonymously. The level-3 user's responses, read as if they were sent
    to a lower clearance, must betray each secret level on each channel: the probes reach the
    secrets, so a filter that let one through would be seen."""
    channels = {"api_retrieve", "api_ask", "chat_handler", "langchain_http", "langchain_qa", "eval_api",
                "gradio_run_chain"}
    reached: dict[str, set[int]] = defaultdict(set)
    for clearance in CLEARANCES:
        for channel, query, body in _overall_probes(warm, closed_server, clearance):
            leak_log.check(channel, clearance, query, body)
            if clearance == 3:
                reached[channel] |= set(markers_above(0).get(m) for m in leaks(body, 0, query))
    with client_for(open_server) as client:
        for query in OVERALL_SAMPLE:
            leak_log.check("anon_ask", 0, query, client.post("/api/ask", json={"question": query}).content)
    assert set(leak_log.tried) == channels | {"anon_ask"}
    assert {channel: levels for channel, levels in reached.items()} == {c: {1, 2, 3} for c in channels}
    assert leak_log.leaks == [], leak_log.leaks[:5]

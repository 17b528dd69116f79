"""Calls into a served Gradio app the way a script could: every route that runs an event handler.

Gradio serves each event handler over HTTP whatever its ``api_visibility``: ``private`` only
hides it from ``/gradio_api/info``. The routes: ``/gradio_api/run/{api_name}`` (direct),
``/gradio_api/call/{api_name}`` (+ GET the event stream), ``/gradio_api/queue/join`` by
``fn_index`` (+ ``/gradio_api/queue/data``), the routes the browser uses.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx


def login(client: httpx.Client, user: str, key: str) -> None:
    response = client.post("/login", data={"username": user, "password": key})
    assert response.status_code == 200, response.text


def backend_events(client: httpx.Client) -> tuple[list[dict], dict[int, dict]]:
    """The app's dependencies (browser-only ones included: ``.then`` chains pass through them)
    and its components by id."""
    config = client.get("/config")
    config.raise_for_status()
    config = config.json()
    return config["dependencies"], {c["id"]: c for c in config["components"]}


def types(dep: dict, components: dict[int, dict], side: str = "inputs") -> list[str]:
    return [components[i]["type"] for i in dep[side]]


def chain(dep: dict, events: list[dict]) -> list[dict]:
    """The event and the ``.then`` events that follow it, in order: those that run server code."""
    steps = [dep]
    while True:
        following = [d for d in events if d.get("trigger_after") == steps[-1]["id"]]
        if not following:
            return [step for step in steps if step.get("backend_fn")]
        steps.append(following[0])


def distinct_events(events: list[dict], components: dict[int, dict]) -> list[dict]:
    """Events that start a chain, without file inputs, one per (inputs, outputs) signature."""
    seen, distinct = set(), []
    for dep in events:
        signature = (tuple(dep["inputs"]), tuple(dep["outputs"]))
        if dep.get("backend_fn") and dep.get("trigger_after") is None and "file" not in types(dep, components) \
                and signature not in seen:
            seen.add(signature)
            distinct.append(dep)
    return distinct


def question_chains(events: list[dict], components: dict[int, dict]) -> list[list[dict]]:
    """Chains started by a text box that end by updating a conversation (chatbot or HTML)."""
    chains = []
    for dep in events:
        # the question box is an input that the event also clears (a hidden bridge box is not)
        asks = any(components[i]["type"] == "textbox" and i in dep["outputs"] for i in dep["inputs"])
        if dep.get("backend_fn") and dep.get("trigger_after") is None and asks \
                and "file" not in types(dep, components):
            steps = chain(dep, events)
            if len(steps) > 1 or "chatbot" in types(dep, components, "outputs"):
                chains.append(steps)
    return chains


def inputs_for(dep: dict, components: dict[int, dict], text: str) -> list[Any]:
    """A value per input component: the text for text boxes, empty chats, defaults elsewhere."""
    values = []
    for cid in dep["inputs"]:
        kind = components[cid]["type"]
        if kind == "textbox":
            values.append(text)
        elif kind == "chatbot":
            values.append([])
        else:
            values.append(components[cid].get("props", {}).get("value"))
    return values


def run(client: httpx.Client, api_name: str, data: list, session: str | None = None) -> tuple[int, Any]:
    """The direct route; with ``session``, the handler sees that session's state."""
    body = {"data": data, **({"session_hash": session} if session else {})}
    response = client.post(f"/gradio_api/run/{api_name}", json=body)
    return response.status_code, response.content


def run_chain(client: httpx.Client, steps: list[dict], components: dict[int, dict], text: str) -> list[tuple[int, Any]]:
    """Each step of a chain, in one new session, the text in every text box."""
    session = uuid.uuid4().hex[:12]
    return [run(client, step["api_name"], inputs_for(step, components, text), session) for step in steps]


def call(client: httpx.Client, api_name: str, data: list) -> tuple[int, Any]:
    response = client.post(f"/gradio_api/call/{api_name}", json={"data": data})
    if response.status_code != 200:
        return response.status_code, response.content
    event_id = response.json()["event_id"]
    stream = client.get(f"/gradio_api/call/{api_name}/{event_id}")
    events = [json.loads(line[5:]) for line in stream.text.splitlines() if line.startswith("data:")]
    return stream.status_code, events


def queue(client: httpx.Client, fn_index: int, data: list) -> tuple[int, Any]:
    """What the browser does: join the queue, then read the session's event stream."""
    session = uuid.uuid4().hex[:12]
    body = {"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None, "trigger_id": None}
    joined = client.post("/gradio_api/queue/join", json=body)
    if joined.status_code != 200:
        return joined.status_code, joined.content
    messages = []
    with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            messages.append(message)
            if message.get("msg") in ("process_completed", "close_stream", "unexpected_error"):
                break
    return 200, messages

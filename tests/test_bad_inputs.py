"""Bad input over every route of the served app (API, Gradio's own routes, login, page): never a
500, never a stack trace. The corpus is drawn from the kinds of input a careless client or an
attacker sends (malformed JSON, wrong types, huge and non-finite numbers, lone surrogates,
binary junk, oversized strings, odd ids and paths), crossed with every route.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import httpx
import pytest

from tests.access_fixtures import access_world  # noqa: F401
from tests.conftest import LiveServer

JSON = {"Content-Type": "application/json"}
SURROGATE = b'"d\\udc00\\ud800lai"'
BODIES = [
    b"", b"{", b"[]", b"null", b"42", b'"text"', b"\xff\xfe\x00junk\x00", b'{"a": 1e400}', b"NaN",
    b'{"question": null}', b'{"question": 12}', b'{"question": ["a"]}', b'{"question": {"x": 1}}',
    b'{"question": ' + SURROGATE + b"}", b'{"query": ' + SURROGATE + b', "k": 3}',
    b'{"query": "cookies", "k": 1e400}', b'{"query": "cookies", "k": -1}', b'{"query": "cookies", "k": "5"}',
    b'{"query": "cookies", "filters": {"organisations": "x"}}', b'{"query": "cookies", "filters": {"organisations": [null]}}',
    b'{"question": "' + b"x" * 150_000 + b'"}', b'{"question": "   "}', b'{"question": "\\u0000\\u0001"}',
    b'{"prompt_id": ' + SURROGATE + b', "value": 1}', b'{"prompt_id": "x", "value": 1e400}',
    b'{"prompt_id": "x", "value": -1e400}', b'{"prompt_id": "x", "value": 0}', b'{"prompt_id": [], "value": 1}',
    b'{"user": ' + SURROGATE + b"}", b'{"user": ""}', b'{"data": "x"}', b'{"data": [1, 2, 3], "fn_index": 999}',
    b'{"data": null, "fn_index": -1, "session_hash": "x"}', b'{"data": [' + SURROGATE + b', []], "fn_index": 1, "session_hash": "s"}',
]
POST_ROUTES = ["/api/retrieve", "/api/ask", "/api/feedback", "/api/admin/prompts/erase", "/gradio_api/queue/join",
               "/gradio_api/run/respond", "/gradio_api/call/respond", "/login"]
GET_ROUTES = [
    "/api/health", "/api/documents", "/api/documents/%ED%A0%80", "/api/documents/..%2F..%2Fetc%2Fpasswd",
    "/api/documents/" + "x" * 5000, "/api/clauses/%00", "/api/clauses/%F0%9F%92%A9", "/api/clauses/a:b:c",
    "/api/admin/prompts/export?user=%ED%A0%80", "/api/admin/prompts/export?user=x&format=xml",
    "/api/admin/prompts/export", "/api/documents?k=1e400", "/config", "/gradio_api/info", "/gradio_api/queue/data",
    "/gradio_api/queue/data?session_hash=%ED%A0%80", "/gradio_api/file=/etc/passwd", "/gradio_api/file=../../x",
    "/gradio_api/upload_progress?upload_id=%ED%A0%80", "/gradio_api/call/respond/nope", "/", "/?__theme=%ED%A0%80",
    "/logout", "/theme.css", "/login_check", "/gradio_api/does-not-exist", "/%ED%A0%80",
]


def _requests(key: str) -> list[tuple[str, str, dict]]:
    auth = {"Authorization": f"Bearer {key}"}
    requests = [("POST", route, {"content": body, "headers": {**JSON, **auth}}) for route in POST_ROUTES for body in BODIES]
    requests += [("GET", route, {"headers": auth}) for route in GET_ROUTES]
    requests += [("GET", route, {"headers": {"Authorization": bad.encode()}}) for route in ("/api/documents", "/api/health")
                 for bad in ("Bearer", "Bearer \u00e9", "Basic x", "Bearer " + "k" * 5000, "bearer clsr_\x7f")]
    requests += [("POST", "/gradio_api/upload", {"content": b"--x\r\n\r\njunk", "headers": {
        "Content-Type": "multipart/form-data; boundary=x", **auth}}),
                 ("POST", "/gradio_api/upload", {"content": b"junk", "headers": {"Content-Type": "text/plain", **auth}}),
                 ("POST", "/login", {"content": b"username=%ED%A0%80&password=%FF", "headers": {
                     "Content-Type": "application/x-www-form-urlencoded"}}),
                 ("POST", "/api/ask", {"content": b'{"question": "a"}', "headers": {"Content-Type": "text/plain", **auth}}),
                 ("PUT", "/api/ask", {"headers": auth}), ("DELETE", "/api/documents", {"headers": auth})]
    return requests


@pytest.mark.parametrize("anonymous", [False, True], ids=["closed", "open"])
def test_no_500_over_the_bad_input_corpus(access_world, anonymous):
    from app import build_app

    world = access_world
    settings = replace(world.settings, anonymous_access=anonymous, login_attempts=10_000)
    statuses: Counter[int] = Counter()
    failures = []
    with LiveServer(build_app(settings, world.assistant, users=world.access.users)) as server, \
            httpx.Client(base_url=server.url, timeout=120) as client:
        requests = _requests(world.keys["boss"])
        for method, route, kwargs in requests:
            try:
                response = client.request(method, route, **kwargs)
            except httpx.TransportError as exc:  # the server dropped the connection: as bad as a 500
                failures.append((method, route, kwargs.get("content", b"")[:80], type(exc).__name__, ""))
                continue
            statuses[response.status_code] += 1
            if response.status_code >= 500 or "Traceback" in response.text:
                failures.append((method, route, kwargs.get("content", b"")[:80], response.status_code, response.text[:200]))
    print(f"\nbad-input corpus ({'open' if anonymous else 'closed'}): {sum(statuses.values())} requests, "
          f"statuses {dict(sorted(statuses.items()))}")
    assert sum(statuses.values()) >= 100
    assert failures == [], json.dumps([list(map(str, f)) for f in failures], ensure_ascii=False, indent=1)

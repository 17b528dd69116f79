"""Credentials on the HTTP API and the chat: a closed server refuses callers without a valid key
(API, Gradio routes, login), a forged key is refused even where anonymous access is open, a
revoked user loses the API and the chat at once, and feedback is accepted on one's own prompts
only; a document or clause above the caller's clearance answers exactly like a missing one.
Clearance filtering of search and answers is tests/test_access.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from clausier.errors import Unauthorized
from tests import gradio_probe
from tests.access_fixtures import (  # noqa: F401
    SECRETS, access_world, client_for, closed_server, leak_log, ledger, open_server,
)
from tests.access_queries import leaks
from web.auth import chat_caller
from web.chat import ChatHandlers


def test_closed_server_refuses_without_credentials(access_world, closed_server):
    with client_for(closed_server) as client:
        for method, path, body in (("POST", "/api/retrieve", {"query": "vexmoria"}), ("POST", "/api/ask", {"question": "vexmoria"}),
                                   ("GET", "/api/documents", None), ("GET", "/api/clauses/x", None)):
            response = client.request(method, path, json=body)
            assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
        assert client.get("/api/health").json() == {"status": "ok"}
        for path in ("/config", "/gradio_api/info"):
            assert client.get(path).status_code == 401
        for path in ("/gradio_api/run/respond", "/gradio_api/call/respond"):
            assert client.post(path, json={"data": ["vexmoria", []]}).status_code == 401
        join = {"data": ["vexmoria", []], "fn_index": 1, "session_hash": "x1"}
        assert client.post("/gradio_api/queue/join", json=join).status_code == 401
        assert client.post("/login", data={"username": "level3", "password": access_world.keys["level2"]}).status_code == 400
    with client_for(closed_server, "clsr_not-a-real-key") as client:
        assert client.post("/api/retrieve", json={"query": "x"}).status_code == 401
    with client_for(closed_server, "Basic abc") as client:
        client.headers["Authorization"] = "Basic abc"
        assert client.get("/api/documents").status_code == 401


def test_invalid_key_is_refused_even_with_anonymous_access(access_world, open_server):
    with client_for(open_server, "clsr_forged") as client:
        assert client.post("/api/retrieve", json={"query": "x"}).status_code == 401


def test_revoked_user_loses_api_and_chat_access(access_world, closed_server):
    users = access_world.access.users
    key = users.add("temp-level3", 3)
    with client_for(closed_server, key) as client:
        assert client.get("/api/documents").status_code == 200
        session = client_for(closed_server)
        gradio_probe.login(session, "temp-level3", key)
        users.revoke("temp-level3")
        assert client.get("/api/documents").status_code == 401
        # the chat session died with the key (web.sessions): every Gradio route answers 401
        assert session.get("/config").status_code == 401
        for path in ("/gradio_api/run/respond", "/gradio_api/call/respond"):
            response = session.post(path, json={"data": ["Quel serveur a subi une intrusion ?", []]})
            assert response.status_code == 401 and not leaks([response.content], 0, "Quel serveur a subi une intrusion ?")
        session.close()
    with pytest.raises(Unauthorized):
        ChatHandlers(access_world.assistant, chat_caller(access_world.access)).caller_for_request(SimpleNamespace(username="temp-level3"))


def test_feedback_only_on_ones_own_prompts(access_world, closed_server):
    with client_for(closed_server, access_world.keys["level3"]) as owner, client_for(closed_server, access_world.keys["level1"]) as other:
        prompt_id = owner.post("/api/ask", json={"question": "Quel serveur a subi une intrusion ?"}).json()["prompt_id"]
        assert other.post("/api/feedback", json={"prompt_id": prompt_id, "value": -1}).status_code == 404
        assert owner.post("/api/feedback", json={"prompt_id": prompt_id, "value": -1}).json() == {"ok": True}


CLEARANCES = (0, 1, 2, 3)


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_documents_and_clauses_hidden_exactly_like_missing(access_world, closed_server, clearance, leak_log):
    with client_for(closed_server, access_world.keys[f"level{clearance}"]) as client:
        listing = client.get("/api/documents")
        leak_log.check("api_documents", clearance, "", listing.content)
        assert {d["level"] for d in listing.json()["documents"]} == set(range(clearance + 1))
        health = client.get("/api/health").json()
        assert health["documents"] == clearance + 1
        missing_doc = client.get("/api/documents/no-such-doc")
        missing_clause = client.get("/api/clauses/no-such-doc:0000")
        for level, (doc_id, _, _, _) in SECRETS.items():
            response = client.get(f"/api/documents/{doc_id}")
            leak_log.check("api_document", clearance, doc_id, response.content if level > clearance else b"")
            if level > clearance:
                assert response.status_code == 404
                assert response.text == missing_doc.text.replace("no-such-doc", doc_id)
            else:
                assert response.status_code == 200
        for level, chunk_ids in access_world.chunks_by_level.items():
            for chunk_id in chunk_ids:
                response = client.get(f"/api/clauses/{chunk_id}")
                if level > clearance:
                    leak_log.check("api_clause", clearance, chunk_id, response.content)
                    assert response.status_code == 404
                    assert response.text == missing_clause.text.replace("no-such-doc:0000", chunk_id)
                else:
                    assert response.status_code == 200

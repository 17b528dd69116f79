"""The real app over real HTTP: health, retrieve, ask, browse, validation errors."""

from __future__ import annotations

import httpx
import pytest

PHONE_QUESTION = "Combien de temps Looper-AI conserve-t-il les informations notées lors des contacts téléphoniques ?"


@pytest.fixture(scope="module")
def client(live_app):
    with httpx.Client(base_url=live_app.url, timeout=60) as http:
        yield http


def test_health(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["documents"] == 5 and body["chunks"] > 50


def test_retrieve_returns_clauses(client):
    response = client.post("/api/retrieve", json={"query": "durée du cookie _ga", "k": 5})
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert len(hits) == 5
    assert {"doc_id", "title", "organisation", "clause", "heading", "page", "text", "score", "rank"} <= set(hits[0])
    assert [h["rank"] for h in hits] == [1, 2, 3, 4, 5]
    assert any("_ga" in h["text"] and "2 ans" in h["text"] for h in hits)


def test_ask_answers_with_a_clause_citation(client):
    body = client.post("/api/ask", json={"question": PHONE_QUESTION}).json()
    assert body["abstained"] is False
    assert "13 mois" in body["answer"]
    assert body["prompt_id"]
    cited = [c for c in body["citations"] if "Concernant les contacts par téléphone" in c["heading"]]
    assert cited and cited[0]["doc_id"] == "looper-ai-rgpd"
    assert cited[0]["quote"] in cited[0]["clause_text"]
    assert f"[{cited[0]['n']}]" in body["answer"]


def test_ask_abstains_when_documents_do_not_answer(client):
    body = client.post("/api/ask", json={"question": "Quel est le salaire annuel du directeur général d'IPSO ?"}).json()
    assert body["abstained"] is True
    assert "Je ne trouve pas la réponse" in body["answer"]
    assert body["citations"] == []


@pytest.mark.parametrize("payload", [{"question": ""}, {"question": "   "}, {"question": "x" * 2001}])
def test_bad_questions_get_422_with_a_message(client, payload):
    response = client.post("/api/ask", json=payload)
    assert response.status_code == 422
    assert "question" in response.json()["detail"]


def test_missing_field_is_422(client):
    assert client.post("/api/retrieve", json={"k": 3}).status_code == 422


def test_documents_and_clauses_browse(client):
    docs = client.get("/api/documents").json()["documents"]
    assert {d["doc_id"] for d in docs} >= {"looper-ai-rgpd", "ipso-convention-rgpd"}
    clauses = client.get("/api/documents/ipso-convention-rgpd").json()["clauses"]
    assert any(c["clause"] == "8.1" for c in clauses)
    one = client.get(f"/api/clauses/{clauses[0]['chunk_id']}").json()
    assert one["chunk_id"] == clauses[0]["chunk_id"]
    assert client.get("/api/clauses/does-not-exist").status_code == 404
    assert client.get("/api/documents/does-not-exist").status_code == 404


def test_openapi_and_chat_page_are_served(client):
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()

"""Hardening findings (issue 15), each replayed against the real component: the served app over
HTTP, the prompt log. Ingest (bad PDFs, ids, size limit, uploads): tests/test_security_ingest.py;
the browser side (no script runs, no markup renders): tests/test_browser_injection.py; the
bad-input corpus over every route: tests/test_bad_inputs.py.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import replace

import httpx
import pytest

from clausier.promptlog import PromptLog
from clausier.promptlog.portability import export_text
from tests import gradio_probe
from tests.access_fixtures import access_world  # noqa: F401
from tests.conftest import LiveServer

GOOD_MD = ("# Politique de test\n\n## 1. Principe\n\nNous traitons les données avec soin et selon le règlement.\n\n"
           "## 2. Durée de conservation\n\nLes données sont conservées trois ans après la fin du contrat.\n")


def _serve(world, **overrides) -> LiveServer:
    from app import build_app

    return LiveServer(build_app(replace(world.settings, **overrides), world.assistant, users=world.access.users))


def _client(server, key: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=server.url, headers=headers, timeout=120)


@pytest.fixture(scope="module")
def closed(access_world):
    with _serve(access_world, anonymous_access=False) as server:
        yield server


# --- 1. headers: CSP with a nonce, no inline handlers, no framing ---------------------------------

def test_page_and_api_carry_security_headers(closed, access_world):
    with _client(closed) as client:
        page = client.get("/")
        api = client.get("/api/health")
    for response in (page, api):
        policy = response.headers["content-security-policy"]
        script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "*" not in script_src and "http" not in script_src
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
    nonce = page.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
    scripts = page.text.count("<script")
    assert scripts >= 3 and page.text.count(f'<script nonce="{nonce}"') == scripts  # Gradio's own inline scripts
    with _client(closed) as client:
        assert client.get("/").headers["content-security-policy"] != page.headers["content-security-policy"]


# --- 2. a chat session dies with its key --------------------------------------------------------

def test_chat_session_dies_on_rotate_and_never_comes_back(closed, access_world):
    users = access_world.access.users
    key = users.add("sec-rotated", 2)
    with _client(closed) as session:
        gradio_probe.login(session, "sec-rotated", key)
        assert session.get("/gradio_api/user").json() == "sec-rotated"
        assert session.get("/config").status_code == 200
        users.rotate("sec-rotated")
        assert session.get("/gradio_api/user").json() is None
        assert session.get("/config").status_code == 401
        join = {"data": ["vexmoria", []], "fn_index": 1, "session_hash": "rot1"}
        assert session.post("/gradio_api/queue/join", json=join).status_code == 401
    key = users.add("sec-revoked", 3)
    with _client(closed) as session:
        gradio_probe.login(session, "sec-revoked", key)
        users.revoke("sec-revoked")
        assert session.get("/config").status_code == 401  # 401, not 500
        new_key = users.rotate("sec-revoked")  # re-activated with a new key: the old cookie stays dead
        assert session.get("/config").status_code == 401 and session.get("/gradio_api/user").json() is None
        gradio_probe.login(session, "sec-revoked", new_key)  # a fresh login with the new key works
        assert session.get("/config").status_code == 200
    with _client(closed, key) as client:  # the revoked key on the API: 401
        assert client.get("/api/documents").status_code == 401


# --- 3. CSV export: formula injection neutralised, JSON exact ------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"clic\")", "=cmd|' /C calc'!A0", "+33 1 23 45", "-2+3",
            "@SUM(A1:A9)", "\tcaché", "\rretour", "Quelle durée ? =1+1"]


def test_csv_export_neutralises_formulas_and_json_stays_exact(tmp_path):
    log = PromptLog(tmp_path / "prompts.sqlite3")
    for prompt in FORMULAS:
        log.record(channel="api", user="dpo-case", prompt=prompt, n_hits=1, top_score=0.5, abstained=False, latency_ms=3)
    rows = list(csv.DictReader(io.StringIO(export_text(log, "dpo-case", "csv"))))
    cells = {row["prompt"] for row in rows}
    assert cells == {"'" + p for p in FORMULAS[:-1]} | {FORMULAS[-1]}
    for row in rows:
        for name, value in row.items():
            assert name == "feedback" or not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    exported = json.loads(export_text(log, "dpo-case", "json"))
    assert sorted(p["prompt"] for p in exported["prompts"]) == sorted(FORMULAS)


# --- 7. rough edges ------------------------------------------------------------------------------

def test_wrong_keys_and_logins_are_throttled_per_address_and_user(access_world):
    with _serve(access_world, anonymous_access=False, login_attempts=3, login_window_seconds=60) as server:
        with _client(server, "clsr_wrong-guess") as client:
            codes = [client.get("/api/documents").status_code for _ in range(5)]
            assert codes == [401, 401, 401, 429, 429]
            assert int(client.get("/api/documents").headers["retry-after"]) > 0
        with _client(server, access_world.keys["level1"]) as client:  # the address is locked, right key or not
            assert client.get("/api/documents").status_code == 429
    with _serve(access_world, anonymous_access=False, login_attempts=3, login_window_seconds=60) as server:
        with _client(server) as client:
            codes = [client.post("/login", data={"username": "level2", "password": f"clsr_x{i}"}).status_code
                     for i in range(4)]
            assert codes == [400, 400, 400, 429]
            locked = client.post("/login", data={"username": "level2", "password": access_world.keys["level2"]})
            assert locked.status_code == 429 and "réessayez" in locked.json()["detail"]


def test_key_in_query_string_is_refused_and_never_logged(closed, access_world, caplog):
    key = access_world.keys["level1"]
    with _client(closed) as client:
        for path in (f"/api/documents?api_key={key}", f"/?api_key={key}", f"/api/health?token={key}"):
            response = client.get(path)
            assert response.status_code == 400 and key not in response.text
            assert "Authorization" in response.json()["detail"]
    from web.security import RedactSecretQueries

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", f"/api/documents?api_key={key}", "1.1", 400), None)
    RedactSecretQueries().filter(record)
    assert key not in record.getMessage() and "/api/documents?" in record.getMessage()


def test_cors_only_for_configured_origins(access_world):
    with _serve(access_world, anonymous_access=True) as server, _client(server) as client:
        for path in ("/api/health", "/config"):
            response = client.get(path, headers={"Origin": "http://localhost:9999"})
            assert "access-control-allow-origin" not in response.headers
        preflight = client.options("/api/ask", headers={"Origin": "http://127.0.0.1:1234",
                                                        "Access-Control-Request-Method": "POST"})
        assert preflight.headers.get("access-control-allow-origin") is None
    allowed = "https://intranet.example"
    with _serve(access_world, anonymous_access=True, allowed_origins=(allowed,)) as server, _client(server) as client:
        response = client.get("/api/health", headers={"Origin": allowed})
        assert response.headers["access-control-allow-origin"] == allowed
        assert "access-control-allow-origin" not in client.get("/api/health", headers={"Origin": "http://evil"}).headers


def test_gradio_upload_only_for_uploaders_within_the_limit(access_world, closed):
    # accounts exist, so an anonymous visitor is not an administrator and may not upload
    with _serve(access_world, anonymous_access=True, max_file_bytes=100_000) as server, _client(server) as client:
        response = client.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)})
        assert response.status_code == 403
    with _client(closed) as client:
        gradio_probe.login(client, "boss", access_world.keys["boss"])
        assert client.post("/gradio_api/upload", files={"files": ("a.txt", b"texte")}).status_code == 200
        gradio_probe.login(client, "level3", access_world.keys["level3"])  # not an administrator
        assert client.post("/gradio_api/upload", files={"files": ("a.txt", b"texte")}).status_code == 403
    with _serve(access_world, anonymous_access=False, max_file_bytes=100_000) as server, _client(server) as client:
        gradio_probe.login(client, "boss", access_world.keys["boss"])
        response = client.post("/gradio_api/upload", files={"files": ("big.txt", b"x" * 300_000)})
        assert response.status_code == 413


def test_no_500_on_surrogates_infinite_or_wrong_feedback_and_huge_bodies(closed, access_world):
    with _client(closed, access_world.keys["level3"]) as client:
        raw = b'{"question": "d\\ud800lai de notification ?"}'
        for path in ("/api/ask", "/api/retrieve"):
            body = raw if path == "/api/ask" else raw.replace(b"question", b"query")
            response = client.post(path, content=body, headers={"Content-Type": "application/json"})
            assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] in ("question", "query")
        prompt_id = client.post("/api/ask", json={"question": "Quel serveur a subi une intrusion ?"}).json()["prompt_id"]
        for value in (b"1e400", b"0", b"2", b"-1.5", b'"1"', b"true", b"NaN"):
            body = b'{"prompt_id": "%s", "value": %s}' % (prompt_id.encode(), value)
            response = client.post("/api/feedback", content=body, headers={"Content-Type": "application/json"})
            assert response.status_code == 422, (value, response.status_code, response.text)
        for value in (1, -1, 1):
            assert client.post("/api/feedback", json={"prompt_id": prompt_id, "value": value}).json() == {"ok": True}
        records = [f for f in access_world.assistant.prompt_log.feedback_records() if f.prompt_id == prompt_id]
        assert [f.value for f in records] == [1]  # the last vote, once
        huge = client.post("/api/ask", json={"question": "é" * 400_000})
        assert huge.status_code == 422 and len(huge.content) < 2_000
        big = client.post("/api/ask", content=b'{"question": "' + b"a" * 20_000_000 + b'"}',
                          headers={"Content-Type": "application/json"})
        assert big.status_code == 413


def test_markdown_headings_start_clauses(tmp_path):
    from ingest.loaders import load_file
    from ingest.manifest import info_for_file
    from ingest.pipeline import chunks_for_doc, prepare

    path = tmp_path / "politique.md"
    path.write_text(GOOD_MD, encoding="utf-8")
    clauses, _ = chunks_for_doc(prepare(load_file(path, info_for_file(path, level=0), max_bytes=10**6)))
    assert [c.heading for c in clauses if c.heading] == ["1. Principe", "2. Durée de conservation"]


def test_html_stripper_does_not_assemble_tags():
    from ingest.clean import clean_line

    for line in ("<scr<script>ipt>alert(1)</scr</script>ipt>", "<<b>script>x<</b>/script>", "<i<i>mg src=x>"):
        cleaned = clean_line(line)
        assert "<script" not in cleaned.lower() and "<img" not in cleaned.lower(), cleaned


def test_user_names_cannot_carry_markup(tmp_path):
    """The last field a user controls: names are restricted when the account is created."""
    from clausier.errors import ClausierError
    from clausier.accounts.users import UserStore

    store = UserStore(tmp_path / "users.sqlite3")
    for name in ("<img src=x onerror=alert(1)>", "a'b", 'a"b', "x><b>"):
        with pytest.raises(ClausierError):
            store.add(name, 1)

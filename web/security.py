"""The HTTP edge in front of everything (API and Gradio): one ASGI middleware.

- security headers on every response: a Content-Security-Policy (the chat page's own inline
  scripts carry a per-response nonce; inline event handlers and foreign scripts never run),
  ``X-Content-Type-Options``, ``Referrer-Policy``, framing refused;
- a secret in the query string (``?api_key=…``) is refused with 400 and never logged;
- request bodies are capped (413) before anyone reads them;
- Gradio's upload route only for callers allowed to upload (403), within the file size limit;
- the chat's login form is throttled per user and per address (429), and a successful login
  binds its session to the key it was opened with (``web.sessions``).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl, unquote_to_bytes

from clausier.errors import TooManyAttempts
from clausier.accounts.throttle import Throttle, address_key, user_key
from clausier.accounts.users import hash_key

from .request_checks import (GRADIO_PREFIX, RedactSecretQueries, gradio_body_problem,  # noqa: F401  (re-exported)
                             has_secret_param, install_log_filter)

log = logging.getLogger(__name__)

UPLOAD_PATHS = ("/gradio_api/upload",)
LOGIN_PATHS = ("/login", "/login/")
PAGE_PATHS = ("/", "")
_LOGIN_BODY_CAP = 8 * 1024
_MULTIPART_OVERHEAD = 64 * 1024
_SCRIPT_TAG = re.compile(rb"<script(?=[\s>])")
_SESSION_COOKIE = re.compile(r"^access-token-(?!unsecure-)[^=]+=([^;]+)")

# Gradio's front end needs 'unsafe-eval' (it builds the js= callbacks with Function) and inline
# styles; scripts come only from this origin or carry the response's nonce.
CSP = ("default-src 'self'; script-src 'self'{nonce} 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; connect-src 'self'; "
       "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"))


@dataclass
class Guard:
    """What the middleware needs from the app: limits, the throttle, sessions, upload rights."""

    max_body_bytes: int
    max_file_bytes: int
    throttle: Throttle
    can_upload: Callable[[str | None], bool]  # the logged-in user name (None: anonymous)
    session_user: Callable[[str], str | None] = lambda token: None
    bind_session: Callable[[str, str], None] = lambda token, key_hash: None


async def _reply(send, status: int, detail: str, extra: tuple = ()) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"content-security-policy", CSP.format(nonce="").encode()), *HEADERS, *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive, cap: int) -> bytes | None:
    """The whole body, or None when it is longer than ``cap``."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > cap:
            return None
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class SecurityMiddleware:
    def __init__(self, app, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path, method = scope.get("path", ""), scope.get("method", "GET")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            unquote_to_bytes(query.replace("+", " ")).decode("utf-8")
        except UnicodeDecodeError:
            return await _reply(send, 400, "paramètres d'URL invalides : UTF-8 attendu")
        if has_secret_param(query):
            log.warning("secret_in_query_refused path=%s", path[:80])  # never the query itself
            return await _reply(send, 400, "n'envoyez jamais de clé ni de mot de passe dans l'URL : utilisez "
                                           "l'en-tête « Authorization: Bearer <clé> » (considérez cette clé comme exposée)")
        is_upload = path in UPLOAD_PATHS
        cap = self.guard.max_file_bytes + _MULTIPART_OVERHEAD if is_upload else self.guard.max_body_bytes
        length = headers.get("content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > cap):
            return await _reply(send, 413, f"requête trop volumineuse (limite : {cap} octets)")
        if is_upload and method == "POST" and not self.guard.can_upload(self._user(headers)):
            return await _reply(send, 403, "envoi de fichiers réservé aux administrateurs")
        if method == "POST" and path in LOGIN_PATHS:
            return await self._login(scope, receive, send, headers)
        if length is None and method in {"POST", "PUT", "PATCH"}:
            if is_upload:
                return await _reply(send, 411, "en-tête Content-Length requis pour un envoi de fichier")
            body = await _read_body(receive, cap)
            if body is None:
                return await _reply(send, 413, f"requête trop volumineuse (limite : {cap} octets)")
            receive = _replay(body, receive)
        if method == "POST" and path.startswith(GRADIO_PREFIX) and not is_upload:
            body = await _read_body(receive, cap)
            problem = "requête trop volumineuse" if body is None else gradio_body_problem(path, body)
            if problem:
                return await _reply(send, 413 if body is None else 422, problem)
            receive = _replay(body, receive)
        if method == "GET" and path in PAGE_PATHS:
            return await self._page(scope, receive, send)
        await self._run(scope, receive, _with_headers(send, CSP.format(nonce="")), path)

    async def _run(self, scope, receive, send, path: str):
        """The app, with a last net: Gradio answers 500 (or drops the connection) on inputs it does
        not check (wrong number of values, unknown event ids…): those become a 400; any
        exception becomes a clean response without a trace (nor the exception's text, which may
        hold a prompt)."""
        gradio = path.startswith(GRADIO_PREFIX)
        state = {"started": False, "done": False, "swallow": False}

        async def tracked(message):
            if message["type"] == "http.response.start":
                state["started"] = True
                if gradio and message["status"] >= 500:
                    state["swallow"] = True
                    log.warning("gradio_error_refused path=%s status=%d", path[:80], message["status"])
                    return await _reply(send, 400, "requête refusée : données invalides pour cet événement")
            elif state["swallow"]:
                return
            elif not message.get("more_body"):
                state["done"] = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            log.error("request_failed path=%s error=%s", path[:80], type(exc).__name__)
            if not state["started"]:
                await _reply(send, 400 if gradio else 500, "requête refusée : données invalides pour cet événement"
                             if gradio else "erreur interne : réessayez plus tard")
            elif not state["done"] and not state["swallow"]:
                await send({"type": "http.response.body", "body": b"", "more_body": False})

    def _user(self, headers: dict[str, str]) -> str | None:
        """The session's user, as Gradio finds it (its secure cookie, or the plain-HTTP one)."""
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            user = self.guard.session_user(value) if name.startswith("access-token-") else None
            if user:
                return user
        return None

    async def _page(self, scope, receive, send):
        """The chat page: uncompressed, its inline scripts given this response's nonce."""
        nonce = secrets.token_urlsafe(18)
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = list(start.get("headers", []))
            html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
            encoded = any(k.lower() == b"content-encoding" for k, v in headers)
            policy = CSP.format(nonce="")
            if html and not encoded:
                body = _SCRIPT_TAG.sub(b'<script nonce="' + nonce.encode() + b'"', body)
                policy = CSP.format(nonce=f" 'nonce-{nonce}'")
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await _with_headers(send, policy)({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)

    async def _login(self, scope, receive, send, headers: dict[str, str]):
        body = await _read_body(receive, _LOGIN_BODY_CAP)
        if body is None:
            return await _reply(send, 413, "formulaire de connexion trop volumineux")
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        user, password = form.get("username", "").strip(), form.get("password", "")
        client = scope.get("client")
        keys = (user_key(user), address_key(client[0] if client else None))
        try:
            self.guard.throttle.check(*keys)
        except TooManyAttempts as exc:
            log.info("login_throttled channel=chat")
            return await _reply(send, 429, str(exc), ((b"retry-after", str(exc.retry_after).encode()),))
        status: list[int] = []

        async def watch(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
                if message["status"] == 200:
                    for name, value in message.get("headers", []):
                        match = _SESSION_COOKIE.match(value.decode("latin-1")) if name.lower() == b"set-cookie" else None
                        if match:
                            self.guard.bind_session(match.group(1), hash_key(password))
            await send(message)

        await self.app(scope, _replay(body, receive), _with_headers(watch, CSP.format(nonce="")))
        if status and status[0] == 200:
            self.guard.throttle.succeeded(keys[0])
        elif status and 400 <= status[0] < 500:
            self.guard.throttle.failed(*keys)


def _with_headers(send, policy: str):
    async def send_with_headers(message):
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in HEADERS if k not in present]
            if b"content-security-policy" not in present:
                extra.append((b"content-security-policy", policy.encode()))
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return send_with_headers

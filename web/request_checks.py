"""Checks on what a request carries, for ``web.security``: secrets in query strings (refused,
and redacted from the access log) and JSON bodies sent to Gradio's event routes."""

from __future__ import annotations

import json
import logging
import math
from urllib.parse import parse_qsl

SECRET_PARAMS = frozenset({"api_key", "apikey", "api-key", "key", "access_token", "token", "password", "secret"})
GRADIO_PREFIX = "/gradio_api/"
_GRADIO_EVENT_ROUTES = ("queue/join", "run/", "call/")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("nombre non fini")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} n'est pas du JSON valide")


def gradio_body_problem(path: str, body: bytes) -> str | None:
    """Why a JSON body sent to one of Gradio's routes cannot be processed, or None.

    Gradio checks little before running an event and answers 500 (or drops the connection)
    on non-finite numbers, lone surrogates and bodies of the wrong shape: refused here with 422."""
    event = any(path.startswith(GRADIO_PREFIX + route) for route in _GRADIO_EVENT_ROUTES)
    if not event and not body.strip():
        return None
    try:
        data = json.loads(body, parse_float=_finite, parse_constant=_no_constant)
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # a lone surrogate cannot be encoded
    except (ValueError, UnicodeError, RecursionError):
        return "corps JSON invalide (JSON malformé, nombre non fini ou caractère Unicode isolé)"
    if not event:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        return "corps invalide : un objet avec une liste « data » est attendu"
    if "fn_index" in data and (isinstance(data["fn_index"], bool) or not isinstance(data["fn_index"], int)):
        return "corps invalide : « fn_index » doit être un entier"
    if not isinstance(data.get("session_hash", ""), (str, type(None))) or len(str(data.get("session_hash") or "")) > 100:
        return "corps invalide : « session_hash » doit être un texte court"
    return None


def has_secret_param(query: str) -> bool:
    return any(name.strip().lower() in SECRET_PARAMS for name, _ in parse_qsl(query, keep_blank_values=True))


class RedactSecretQueries(logging.Filter):
    """Access-log lines never carry a query string that holds a secret (uvicorn logs full paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def _redact(text: str) -> str:
    path, sep, query = text.partition("?")
    return f"{path}?[masqué]" if sep and has_secret_param(query) else text


def install_log_filter() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSecretQueries) for f in access.filters):
        access.addFilter(RedactSecretQueries())

"""Input checks shared by the API and the chat: text a client sends must be clean Unicode, and
what a 422 echoes back is short and encodable."""

from __future__ import annotations

import math
import re
from typing import Any, Iterable

from clausier.errors import InvalidQuestion

_SURROGATE = re.compile("[\ud800-\udfff]")
ECHO_CHARS = 80  # what a validation error shows of the offending value


def check_text(value: str) -> str:
    """The text, unless it holds a lone UTF-16 surrogate (``InvalidQuestion``, a ValueError for pydantic)."""
    if _SURROGATE.search(value):
        raise InvalidQuestionValue("texte invalide : caractère Unicode isolé (substitut UTF-16) ; "
                                   "corrigez l'encodage de la requête")
    return value


def printable(value: str) -> str:
    """The text with any lone surrogate replaced by U+FFFD, for display in an error message."""
    return _SURROGATE.sub("\ufffd", value)


class InvalidQuestionValue(InvalidQuestion, ValueError):
    """Raised inside pydantic validators (they need a ValueError) and by the chat alike."""


def _clean(value: Any, limit: int = ECHO_CHARS) -> Any:
    if isinstance(value, str):
        short = value[:limit] + ("…" if len(value) > limit else "")
        return _SURROGATE.sub("\ufffd", short)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return _clean(repr(value))


def validation_errors(errors: Iterable[dict]) -> list[dict]:
    """FastAPI's validation errors with at most a short, encodable prefix of each input."""
    out = []
    for error in list(errors)[:20]:
        item = {"loc": [_clean(part) for part in error.get("loc", ())][:10], "msg": _clean(str(error.get("msg", "")), 300),
                "type": _clean(str(error.get("type", "")))}
        if "input" in error:
            item["input"] = _clean(error["input"])
        out.append(item)
    return out

"""Who is calling: resolved once per request, the same way for every channel."""

from __future__ import annotations

from fastapi import Request

from clausier.errors import Unauthorized
from clausier.schema import Caller
from clausier.settings import Settings


def resolve_caller(settings: Settings, request: Request | None) -> Caller:
    """The caller of an HTTP request; anonymous (clearance per settings) when allowed."""
    if settings.anonymous_access:
        return Caller.anonymous(settings.anonymous_clearance)
    raise Unauthorized("authentification requise")

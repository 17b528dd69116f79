"""Who is calling, resolved once per request the same way for every channel.

API: ``Authorization: Bearer <key>`` (or anonymous when allowed). Chat: Gradio's login form
(user name + API key as password) when anonymous access is off; the logged-in name is looked up
again on every event, so a revoked user loses access at once.
"""

from __future__ import annotations

from typing import Any, Callable

from fastapi import Request

from clausier.accounts.access import AccessControl, bearer_key
from clausier.errors import ClausierError
from clausier.schema import Caller


def api_caller(access: AccessControl) -> Callable[[Request], Caller]:
    """FastAPI dependency: the caller of an API request (401 without valid credentials)."""

    def caller_dependency(request: Request) -> Caller:
        address = request.client.host if request.client else None
        return access.caller_for_key(bearer_key(request.headers.get("authorization")), address)

    return caller_dependency


def chat_caller(access: AccessControl) -> Callable[[Any], Caller]:
    """``ChatHandlers``' caller_for_request: from a ``gr.Request`` (None in direct calls)."""

    def caller_for_request(request: Any | None) -> Caller:
        return access.caller_for_login(getattr(request, "username", None) if request is not None else None)

    return caller_for_request


def chat_login(access: AccessControl) -> Callable[[str, str], bool] | None:
    """Gradio's ``auth=``: a login form only when anonymous access is off."""
    return None if access.settings.anonymous_access else access.check_login


def upload_permission(access: AccessControl, is_admin: Callable[[Caller], bool]) -> Callable[[str | None], bool]:
    """Who may use Gradio's upload route: the admin tab's users (by session user name)."""

    def can_upload(username: str | None) -> bool:
        try:
            return is_admin(access.caller_for_login(username))
        except ClausierError:
            return False

    return can_upload

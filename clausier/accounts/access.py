"""Who is calling, for every channel: API key, chat login, or anonymous (when allowed).

The clearance travels in a ``Caller``; the search applies it (``SearchFilter``). Anything
malformed falls back to the least: no credentials and no anonymous access → ``Unauthorized``;
an out-of-range clearance → 0.
"""

from __future__ import annotations

import hmac
import logging

from clausier.errors import Forbidden, Unauthorized
from clausier.schema import MAX_LEVEL, Caller, clearance_of  # noqa: F401  (clearance_of re-exported)
from clausier.settings import Settings
from clausier.accounts.throttle import Throttle, address_key
from clausier.accounts.users import UserStore

log = logging.getLogger(__name__)

ADMIN_TOKEN_USER = "admin-token"


def bearer_key(authorization: str | None) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header, None when absent."""
    if not authorization:
        return None
    scheme, _, key = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("en-tête Authorization invalide (attendu : Bearer <clé>)")
    return key.strip()


class AccessControl:
    def __init__(self, settings: Settings, users: UserStore, throttle: Throttle | None = None):
        self.settings = settings
        self.users = users
        self.throttle = throttle or Throttle(settings.login_attempts, settings.login_window_seconds)

    def anonymous(self) -> Caller:
        if not self.settings.anonymous_access:
            raise Unauthorized("authentification requise")
        return Caller.anonymous(clearance_of(Caller("anonymous", self.settings.anonymous_clearance)))

    def caller_for_key(self, key: str | None, address: str | None = None) -> Caller:
        """The caller of an API request: its key's user, or anonymous when no key is given.

        Wrong keys count against the caller's address (``TooManyAttempts`` past the limit);
        a locked address is refused even with a right key, so guessing gains nothing."""
        if key is None:
            return self.anonymous()
        self.throttle.check(address_key(address))
        token = self.settings.admin_token
        if token and hmac.compare_digest(key.encode(), token.encode()):
            return Caller(user=ADMIN_TOKEN_USER, clearance=MAX_LEVEL, is_admin=True)
        user = self.users.authenticate(key)
        if user is None:
            log.info("auth_failed channel=api")  # never the key itself
            self.throttle.failed(address_key(address))
            raise Unauthorized("clé d'API invalide ou révoquée")
        return user.caller()

    def key_version(self, username: str | None) -> str | None:
        """What a chat session is bound to: the user's current key (its hash), None once revoked."""
        return self.users.key_hash(username)

    def caller_for_login(self, username: str | None) -> Caller:
        """The caller of a chat request: the logged-in user (still active), else anonymous."""
        if not username:
            return self.anonymous()
        user = self.users.get(username)
        if user is None:  # revoked since the login, or unknown
            raise Unauthorized("session expirée : reconnectez-vous")
        return user.caller()

    def check_login(self, username: str, password: str) -> bool:
        """Gradio's ``auth=`` callable: user name + API key as the password."""
        ok = self.users.login(username, password) is not None
        if not ok:
            log.info("login_failed channel=chat")
        return ok


def require_admin(caller: Caller) -> Caller:
    if not caller.is_admin:
        raise Forbidden("réservé aux administrateurs")
    return caller

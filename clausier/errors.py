"""Domain errors, raised deep inside and translated only at the edges (HTTP, CLI, chat)."""

from __future__ import annotations


class ClausierError(Exception):
    """Base class; ``str(error)`` is a message fit for the user (French)."""


class IngestError(ClausierError):
    """A file could not be ingested; the other files go on."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


class UnsupportedFile(IngestError):
    pass


class CorruptFile(IngestError):
    pass


class EncryptedFile(IngestError):
    pass


class EmptyDocument(IngestError):
    pass


class FileTooLarge(IngestError):
    pass


class InvalidQuestion(ClausierError):
    """Empty, over-long or otherwise unusable question."""


class InvalidFeedback(ClausierError):
    """A feedback value other than +1 / -1."""


class TooManyAttempts(ClausierError):
    """Too many failed logins or wrong keys from one user or address: wait and retry."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class NotFound(ClausierError):
    """The thing does not exist — or exists above the caller's clearance (never say which)."""


class Unauthorized(ClausierError):
    """Missing or invalid credentials."""


class Forbidden(ClausierError):
    """Authenticated but not allowed (admin-only operations)."""


class ReaderUnavailable(ClausierError):
    """The requested reader (e.g. the LLM reader) is not configured on this deployment."""


class ModelMissing(ClausierError):
    """The embedding model folder has not been prepared (run ``make model``)."""

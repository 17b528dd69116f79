"""The prompt log (Looper-AI's practice: prompts are collected, answers are never stored).

    PromptLog(path)                 SQLite file (default)
    PostgresPromptLog(url)          shared by several app instances
    open_prompt_log(settings)       the one the settings name

Both keep one row per question and the 👍/👎 feedback keyed by prompt id; both support export,
erasure (droit à l'oubli), retention purge and pseudonymised user names.
"""

from __future__ import annotations

from clausier.settings import Settings

from .base import FeedbackRecord, PromptLogBase, PromptRecord, utc_now
from .sqlite import PromptLog

__all__ = ["FeedbackRecord", "PromptLog", "PromptLogBase", "PromptRecord", "open_prompt_log", "utc_now"]


def open_prompt_log(settings: Settings) -> PromptLogBase:
    """PostgreSQL when ``CLAUSIER_PROMPTLOG_URL`` is set, else the SQLite file in the data dir."""
    url = settings.promptlog_url
    if url and url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresPromptLog

        return PostgresPromptLog(url, pseudonym_key=settings.pseudonym_key)
    if url and url.startswith("sqlite:///"):
        return PromptLog(url.removeprefix("sqlite:///"), pseudonym_key=settings.pseudonym_key)
    if url:
        raise ValueError("CLAUSIER_PROMPTLOG_URL: postgresql://… or sqlite:///path")
    return PromptLog(settings.promptlog_path, pseudonym_key=settings.pseudonym_key)

"""The chat's administration tab: upload documents into the index, see documentation gaps.

Only for administrators (``Caller.is_admin``) or a pure local demo (anonymous access on, no accounts);
checked on every call from the server-side caller.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from clausier.assistant import Assistant
from clausier.errors import ClausierError, Forbidden
from clausier.promptlog.gaps import gaps_report
from clausier.schema import Caller
from ingest.uploads import UploadRow

from .ui.i18n import lang_of, t
from .ui.render import action, esc, level_name
from .upload_child import MODULE as UPLOAD_CHILD

log = logging.getLogger(__name__)

GAP_DAYS = 90


def _accounts_exist(settings) -> bool:
    from clausier.accounts.users import UserStore

    return settings.users_path.exists() and bool(UserStore(settings.users_path).users())


class AdminHandlers:
    def __init__(self, assistant: Assistant, caller: Callable[[Any], Caller], *, embedder=None):
        self.assistant = assistant
        self.caller = caller
        self._embedder = embedder

    @property
    def embedder(self):
        # the retriever's own model: the same one the index was built with
        return self._embedder or self.assistant.retriever.embedder

    def is_admin(self, caller: Caller) -> bool:
        """Administrators; anonymous callers only in a pure local demo (no accounts exist).

        Once anyone has an account, the prompt log holds their questions and uploads may be
        meant for them: an anonymous visitor must then see none of it.
        """
        if caller.is_admin:
            return True
        settings = self.assistant.settings
        return settings.anonymous_access and caller.user == "anonymous" and not _accounts_exist(settings)

    def allowed(self, request) -> bool:
        try:
            return self.is_admin(self.caller(request))
        except ClausierError:
            return False

    def _require_admin(self, request) -> Caller:
        caller = self.caller(request)
        if not self.is_admin(caller):
            raise Forbidden(t("fr", "admin_forbidden"))
        return caller

    def ingest(self, paths: Sequence[str] | None, level: int | str | None, lang: str, request,
               progress: Callable[..., Any] | None = None) -> str:
        """Ingest the uploads (``ingest/uploads.py``, in a child process), then show a line per file."""
        from ingest.manifest import check_level
        from ingest.uploads import ingest_uploads

        lang = lang_of(lang)
        try:
            self._require_admin(request)
            level = check_level(int(level if level is not None else self.assistant.settings.default_level))
        except (ClausierError, ValueError) as exc:
            return f"<p class='cl-error'>⚠️ {esc(str(exc))}</p>"
        files = [Path(p) for p in (paths or []) if p]
        if not files:
            return f"<p class='cl-muted'>{esc(t(lang, 'admin_nofile'))}</p>"

        def on_file(i: int, name: str) -> None:
            if progress:
                progress(i / len(files), desc=t(lang, "admin_progress", name=name))

        # in a child process, which also saves the written partitions' tables (web/upload_child.py)
        rows = ingest_uploads(files, level, self.assistant.settings, on_file=on_file, child_module=UPLOAD_CHILD)
        if progress:
            progress(1.0, desc="ok")
        self.assistant.retriever.refresh()
        return self._table(rows, level, lang)

    def _table(self, rows: Sequence[UploadRow], level: int, lang: str) -> str:
        head = "".join(f"<th>{esc(t(lang, k))}</th>" for k in ("admin_file", "admin_status", "admin_clauses", "admin_repaired", "admin_error"))
        body = "".join(
            f"<tr class='cl-status-{esc(r.status)}'><td>{esc(r.name)}</td><td>{esc(t(lang, 'status_' + r.status))}</td>"
            f"<td>{r.clauses}</td><td>{r.chars_repaired}</td><td>{esc(t(lang, 'error') if r.internal else r.error)}</td></tr>"
            for r in rows
        )
        note = f"<p class='cl-muted'>{esc(t(lang, 'level'))} {esc(level_name(level, lang))}</p>"
        return f"{note}<table class='cl-admin-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def gaps(self, lang: str, request) -> str:
        """The documentation gaps report (clausier/promptlog/gaps.py)."""
        lang = lang_of(lang)
        try:
            caller = self._require_admin(request)
        except ClausierError as exc:
            return f"<p class='cl-error'>⚠️ {esc(str(exc))}</p>"
        try:
            since = datetime.now(timezone.utc) - timedelta(days=GAP_DAYS)
            clusters = gaps_report(self.assistant.prompt_log, self.assistant.retriever, self.embedder, caller,
                                   since=since, limit=20)
        except Exception:
            log.exception("admin_gaps_failed")
            return f"<p class='cl-error'>⚠️ {esc(t(lang, 'error'))}</p>"
        if not clusters:
            return f"<p class='cl-muted'>{esc(t(lang, 'admin_gaps_none'))}</p>"
        items = []
        for cluster in clusters:
            questions = "".join(f"<li>{q.count} × {esc(q.text)}</li>" for q in cluster.questions[:5])
            closest = "".join(
                f"<li><a class='cl-open' href='{action('peek', c.chunk_id)}'>↳ {esc(c.title)} — "
                f"{esc(c.clause)} {esc(c.heading)}</a></li>" for c in cluster.closest
            )
            items.append(f"<li><b>{esc(cluster.label)}</b> ({cluster.count})<ul>{questions}{closest}</ul></li>")
        return f"<ol class='cl-gaps'>{''.join(items)}</ol>"

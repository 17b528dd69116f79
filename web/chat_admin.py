"""The chat's administration tab: upload documents into the index, see documentation gaps.

Only for administrators (``Caller.is_admin``) or a pure local demo (anonymous access on, no accounts);
checked on every call from the server-side caller.
"""

from __future__ import annotations

import logging
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from clausier.assistant import Assistant
from clausier.errors import ClausierError, Forbidden
from clausier.promptlog.gaps import gaps_report
from clausier.schema import Caller

from .ui.i18n import lang_of, t
from .ui.render import action, esc, level_name

log = logging.getLogger(__name__)

SUFFIXES = (".pdf", ".txt", ".md")
GAP_DAYS = 90


def _safe_name(name: str) -> str:
    from ingest.manifest import slugify

    path = Path(name)
    return f"{slugify(path.stem)}{path.suffix.lower()}"


def _accounts_exist(settings) -> bool:
    from clausier.users import UserStore

    return settings.users_path.exists() and bool(UserStore(settings.users_path).users())


def _settle(target: Path, previous: Path, failed: bool) -> None:
    """A rejected upload is deleted (the earlier file of that name comes back); an accepted one
    replaces it."""
    if failed:
        target.unlink(missing_ok=True)
        if previous.exists():
            previous.replace(target)
    else:
        previous.unlink(missing_ok=True)


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
        """Copy the uploads under ``settings.uploads_dir``, ingest them one by one, report per file."""
        from clausier.index.vectors import VectorStore
        from ingest.manifest import SourceFile, check_level, info_for_file
        from ingest.service import ingest_files

        lang = lang_of(lang)
        try:
            self._require_admin(request)
            level = check_level(int(level if level is not None else self.assistant.settings.default_level))
        except (ClausierError, ValueError) as exc:
            return f"<p class='cl-error'>⚠️ {esc(str(exc))}</p>"
        paths = [Path(p) for p in (paths or []) if p]
        if not paths:
            return f"<p class='cl-muted'>{esc(t(lang, 'admin_nofile'))}</p>"
        settings = self.assistant.settings
        uploads = settings.uploads_dir
        uploads.mkdir(parents=True, exist_ok=True)
        store = VectorStore(settings)
        rows = []
        for i, path in enumerate(paths):
            name = _safe_name(path.name)
            if progress:
                progress(i / len(paths), desc=t(lang, "admin_progress", name=name))
            if path.suffix.lower() not in SUFFIXES:
                rows.append((name, "error", 0, 0, f"format non pris en charge ({path.suffix or '?'})"))
                continue
            target = uploads / name
            previous = target.with_name(target.name + ".previous")
            if target.exists():  # the file an earlier upload of that name indexed: kept until this one is in
                target.replace(previous)
            shutil.copyfile(path, target)
            try:
                report = ingest_files([SourceFile(target, info_for_file(target, level=level), "added")], store,
                                      self.embedder, max_bytes=settings.max_file_bytes,
                                      max_chars=settings.max_doc_chars)
                failed = bool(report.errors)
            except Exception:
                log.exception("admin_ingest_failed file=%s", name)
                report, failed = None, True
            _settle(target, previous, failed)
            if report is None:
                rows.append((name, "error", 0, 0, t(lang, "error")))
                continue
            for r in report.results:
                rows.append((name, r.status, r.clauses, r.chars_repaired, r.error or ""))
            log.info("admin_ingested file=%s level=%d statuses=%s", name, level, [r.status for r in report.results])
        if progress:
            progress(1.0, desc="ok")
        self.assistant.retriever.refresh()
        return self._table(rows, level, lang)

    def _table(self, rows, level: int, lang: str) -> str:
        head = "".join(f"<th>{esc(t(lang, k))}</th>" for k in ("admin_file", "admin_status", "admin_clauses", "admin_repaired", "admin_error"))
        body = "".join(
            f"<tr class='cl-status-{esc(status)}'><td>{esc(name)}</td><td>{esc(t(lang, 'status_' + status))}</td>"
            f"<td>{clauses}</td><td>{repaired}</td><td>{esc(error)}</td></tr>"
            for name, status, clauses, repaired, error in rows
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

"""Files uploaded through the chat's administration tab: copied under the uploads folder and
ingested one by one, each with its own status line. A rejected file is deleted and the earlier
file of that name comes back; one bad file never stops the others."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from clausier.index.vectors import VectorStore
from clausier.settings import Settings
from ingest.manifest import SUPPORTED_SUFFIXES, SourceFile, info_for_file, slugify
from ingest.service import PassageEmbedder, ingest_files

log = logging.getLogger(__name__)

SUFFIXES = SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class UploadRow:
    """One line of the upload report (a file may give several: one per document)."""

    name: str
    status: str  # an ingest status (added, updated, unchanged, error, …)
    clauses: int = 0
    chars_repaired: int = 0
    error: str = ""  # what went wrong, for the administrator; empty when nothing did
    internal: bool = False  # the error is ours (logged), not the file's: shown as a generic message


def safe_name(name: str) -> str:
    """The stored name of an upload: a slug of its stem, its suffix in lower case."""
    path = Path(name)
    return f"{slugify(path.stem)}{path.suffix.lower()}"


def ingest_uploads(paths: Sequence[Path], level: int, settings: Settings, embedder: PassageEmbedder, *,
                   on_file: Callable[[int, str], None] | None = None) -> list[UploadRow]:
    """Copy each upload under ``settings.uploads_dir`` and ingest it at ``level``."""
    uploads = settings.uploads_dir
    uploads.mkdir(parents=True, exist_ok=True)
    store = VectorStore(settings)
    rows: list[UploadRow] = []
    for i, path in enumerate(paths):
        name = safe_name(path.name)
        if on_file:
            on_file(i, name)
        if path.suffix.lower() not in SUFFIXES:
            rows.append(UploadRow(name, "error", error=f"format non pris en charge ({path.suffix or '?'})"))
            continue
        target = uploads / name
        previous = target.with_name(target.name + ".previous")
        if target.exists():  # the file an earlier upload of that name indexed: kept until this one is in
            target.replace(previous)
        shutil.copyfile(path, target)
        try:
            report = ingest_files([SourceFile(target, info_for_file(target, level=level), "added")], store,
                                  embedder, max_bytes=settings.max_file_bytes, max_chars=settings.max_doc_chars)
        except Exception:
            log.exception("admin_ingest_failed file=%s", name)
            _settle(target, previous, failed=True)
            rows.append(UploadRow(name, "error", internal=True))
            continue
        _settle(target, previous, failed=bool(report.errors))
        rows.extend(UploadRow(name, r.status, r.clauses, r.chars_repaired, r.error or "") for r in report.results)
        log.info("admin_ingested file=%s level=%d statuses=%s", name, level, [r.status for r in report.results])
    return rows


def _settle(target: Path, previous: Path, failed: bool) -> None:
    """A rejected upload is deleted (the earlier file of that name comes back); an accepted one
    replaces it."""
    if failed:
        target.unlink(missing_ok=True)
        if previous.exists():
            previous.replace(target)
    else:
        previous.unlink(missing_ok=True)

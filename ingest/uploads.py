"""Files uploaded through the chat's administration tab: copied under the uploads folder and
ingested one by one, each with its own status line. A rejected file is deleted and the earlier
file of that name comes back; one bad file never stops the others.

The app never writes to the index itself: ``ingest_uploads`` runs the ingest in a child process
(``python -m ingest.uploads``, the CLI's code path) and waits for its report. Writing through
Chroma loads the written partition's own HNSW index into the writer (≈ 220 MB at 100 k chunks),
and parsing a hostile file can exhaust memory or crash the parser: both stay in the child. The
app then sees the write through the index's generation, as every other instance does.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Sequence

from clausier.settings import Settings  # first: sets the offline switches

from clausier.index.child_build import PROJECT_ROOT, child_env
from clausier.index.vectors import VectorStore
from ingest.manifest import SUPPORTED_SUFFIXES, SourceFile, info_for_file, slugify
from ingest.repair import saved_counts
from ingest.service import PassageEmbedder, ingest_files

log = logging.getLogger(__name__)

SUFFIXES = SUPPORTED_SUFFIXES
CHILD_TIMEOUT = 3600.0  # seconds for one batch of uploads; the child is killed past it
# not needed to ingest: never handed to the child
SECRET_SETTINGS = ("pseudonym_key", "admin_token", "llm_api_key", "promptlog_url")

_one_writer = threading.Lock()  # one upload child at a time per app process


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


def ingest_uploads(paths: Sequence[Path], level: int, settings: Settings, *,
                   on_file: Callable[[int, str], None] | None = None,
                   timeout: float = CHILD_TIMEOUT, child_module: str = "ingest.uploads") -> list[UploadRow]:
    """Ingest the uploads at ``level`` in a child process (``python -m child_module``: this module, or
    one that runs ``run_child`` with more to do, e.g. ``web.upload_child``); its rows, or an
    internal error row for each file it did not report (the child failed, crashed or timed out)."""
    names = [safe_name(p.name) for p in paths]
    reported: dict[int, list[UploadRow]] = {}
    with _one_writer:
        child = subprocess.Popen([sys.executable, "-m", child_module, str(level), *map(str, paths)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=child_env(),
                                 cwd=PROJECT_ROOT)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        try:
            child.stdin.write(_settings_json(settings))
            child.stdin.close()
            for line in child.stdout:
                _take(line, names, reported, on_file)
            rc = child.wait()
        except (OSError, ValueError) as exc:
            child.kill()
            rc = child.wait()
            log.warning("upload_child_io_failed error=%s", type(exc).__name__)
        finally:
            timer.cancel()
    if rc != 0:
        log.error("upload_child_failed rc=%d files=%d reported=%d", rc, len(paths), len(reported))
    rows: list[UploadRow] = []
    for i, name in enumerate(names):
        rows.extend(reported.get(i) or [UploadRow(name, "error", internal=True)])
    return rows


def _take(line: str, names: list[str], reported: dict[int, list[UploadRow]],
          on_file: Callable[[int, str], None] | None) -> None:
    """One line of the child's report: a file started, or a file's rows."""
    try:
        message = json.loads(line)
        i = int(message["file"])
        if not 0 <= i < len(names):
            return
        if "rows" in message:
            reported[i] = [UploadRow(**row) for row in message["rows"]]
        elif on_file:
            on_file(i, names[i])
    except (ValueError, KeyError, TypeError):
        log.warning("upload_child_line_ignored")


def _settings_json(settings: Settings) -> str:
    fields = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in SECRET_SETTINGS}
    return json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in fields.items()})


def _settings_from(text: str) -> Settings:
    paths = {f.name for f in dataclasses.fields(Settings) if "Path" in str(f.type)}
    fields = json.loads(text)
    fields = {k: Path(v) if k in paths and v is not None else tuple(v) if isinstance(v, list) else v
              for k, v in fields.items()}
    return Settings(**fields)


def ingest_here(paths: Sequence[Path], level: int, settings: Settings, embedder: PassageEmbedder, *,
                on_file: Callable[[int, str], None] | None = None,
                on_rows: Callable[[int, list[UploadRow]], None] | None = None) -> list[UploadRow]:
    """Copy each upload under ``settings.uploads_dir`` and ingest it at ``level``, in this process."""
    uploads = settings.uploads_dir
    uploads.mkdir(parents=True, exist_ok=True)
    saved_counts.use_directory(settings.cache_dir)  # the repair's word-list counts: built once, not per upload
    store = VectorStore(settings)
    rows: list[UploadRow] = []
    for i, path in enumerate(paths):
        name = safe_name(path.name)
        if on_file:
            on_file(i, name)
        file_rows = _ingest_one(path, name, level, settings, store, embedder)
        if on_rows:
            on_rows(i, file_rows)
        rows.extend(file_rows)
    return rows


def _ingest_one(path: Path, name: str, level: int, settings: Settings, store: VectorStore,
                embedder: PassageEmbedder) -> list[UploadRow]:
    if path.suffix.lower() not in SUFFIXES:
        return [UploadRow(name, "error", error=f"format non pris en charge ({path.suffix or '?'})")]
    target = settings.uploads_dir / name
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
        return [UploadRow(name, "error", internal=True)]
    _settle(target, previous, failed=bool(report.errors))
    log.info("admin_ingested file=%s level=%d statuses=%s", name, level, [r.status for r in report.results])
    return [UploadRow(name, r.status, r.clauses, r.chars_repaired, r.error or "") for r in report.results]


def _settle(target: Path, previous: Path, failed: bool) -> None:
    """A rejected upload is deleted (the earlier file of that name comes back); an accepted one
    replaces it."""
    if failed:
        target.unlink(missing_ok=True)
        if previous.exists():
            previous.replace(target)
    else:
        previous.unlink(missing_ok=True)


def _child(argv: list[str], report: IO[str], around: Callable[[Settings], Callable[[], None]] | None = None) -> int:
    """The child of ``ingest_uploads``: LEVEL PATH…, the settings as JSON on stdin; one JSON line
    on ``report`` when a file starts and one with its rows when it is done."""
    from ingest.__main__ import LazyEmbedder

    settings = _settings_from(sys.stdin.read())

    def say(message: dict) -> None:
        report.write(json.dumps(message, ensure_ascii=False) + "\n")
        report.flush()

    after = around(settings) if around else None  # set up before the write, finished after it
    ingest_here([Path(p) for p in argv[1:]], int(argv[0]), settings, LazyEmbedder(settings.model_dir),
                on_file=lambda i, name: say({"file": i}),
                on_rows=lambda i, rows: say({"file": i, "rows": [dataclasses.asdict(r) for r in rows]}))
    if after:
        after()
    return 0


def _first_to_go() -> None:
    """Make this process the kernel's first choice when memory runs out (a hostile file)."""
    try:
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError:
        pass


def run_child(around: Callable[[Settings], Callable[[], None]] | None = None) -> int:
    """The child's entry (``python -m ingest.uploads``, or a module that adds ``around``: called
    with the settings before the write, it returns what to do after it)."""
    _first_to_go()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything a library prints goes to stderr, not the report
    return _child(sys.argv[1:], channel, around)


if __name__ == "__main__":  # LEVEL PATH…, settings on stdin (see ingest_uploads)
    raise SystemExit(run_child())

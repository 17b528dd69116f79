"""``python -m ingest [PATH …]``: bring the index in line with the corpus or add files.

Without PATH the corpus folder is synchronised (documents removed from it leave the index).
With PATHs, those files (or folders) are added or updated; ``--level`` sets their
classification (default: the configured default level, 3 — secret — out of the box).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path

from clausier.settings import Settings  # first: sets the offline switches

from clausier.errors import ClausierError
from clausier.index.vectors import VectorStore

from .manifest import SUPPORTED_SUFFIXES, SourceFile, check_level, info_for_file, load_manifest
from .repair import saved_counts
from .service import IngestReport, ingest_files, remove_document


class LazyEmbedder:
    """Loads the model only when something actually needs embedding."""

    def __init__(self, model_dir: Path):
        self._model_dir = model_dir
        self._embedder = None

    def embed_passages(self, texts, *, batch_size: int = 32, show_progress: bool = False):
        if self._embedder is None:
            from clausier.embedding.model import load_embedder

            self._embedder = load_embedder(self._model_dir)
        return self._embedder.embed_passages(texts, batch_size=batch_size, show_progress=show_progress)


def _sources(args, settings: Settings) -> tuple[list[SourceFile], str | None]:
    if not args.paths:
        return load_manifest(settings.corpus_dir, settings.default_level), "corpus"
    level = check_level(args.level if args.level is not None else settings.default_level)
    sources: list[SourceFile] = []
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir():
            for entry in load_manifest(path, level):
                sources.append(SourceFile(entry.path, entry.info, "added", replace=entry.replace or args.replace))
            continue
        info = info_for_file(
            path, level=level, title=args.title, organisation=args.organisation,
            doc_type=args.doc_type, doc_id=args.doc_id,
        )
        sources.append(SourceFile(path, info, "added", replace=bool(args.doc_id) or args.replace))
    return sources, None


def _print_report(report: IngestReport, out) -> None:
    header = f"{'statut':<10} {'document':<28} {'pages':>5} {'clauses':>7} {'chunks':>6} {'réparés':>8} {'s':>6}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for r in report.results:
        print(f"{r.status:<10} {r.doc_id[:28]:<28} {r.pages:>5} {r.clauses:>7} {r.chunks:>6} {r.chars_repaired:>8} {r.seconds:>6.2f}", file=out)
        if r.error:
            print(f"  erreur : {r.path}: {r.error}", file=out)
        if r.low_confidence_lines:
            print(f"  attention : {r.low_confidence_lines} ligne(s) non réparées avec certitude", file=out)
    docs = [r for r in report.results if r.status != "removed"]
    print("-" * len(header), file=out)
    print(
        f"{'total':<10} {len(docs):<28} {sum(r.pages for r in docs):>5} {sum(r.clauses for r in docs):>7} "
        f"{sum(r.chunks for r in docs):>6} {sum(r.chars_repaired for r in docs):>8} {report.seconds:>6.2f}",
        file=out,
    )
    if report.chunks_per_second:
        print(f"débit : {report.chunks_per_second:.1f} chunks/s (documents ajoutés ou mis à jour)", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help=f"files or folders ({', '.join(SUPPORTED_SUFFIXES)}); default: the corpus folder")
    parser.add_argument("--level", type=int, help="classification 0–3 of the added files")
    parser.add_argument("--title")
    parser.add_argument("--organisation")
    parser.add_argument("--doc-type")
    parser.add_argument("--doc-id")
    parser.add_argument("--replace", action="store_true",
                        help="let these files replace documents of the same id that came from other files")
    parser.add_argument("--remove", metavar="DOC_ID", help="remove a document from the index")
    parser.add_argument("--force", action="store_true", help="re-ingest even unchanged files")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    settings = Settings.from_env()
    saved_counts.use_directory(settings.cache_dir)  # the repair's word-list counts: built once, then loaded
    try:
        store = VectorStore(settings)
        if args.remove:
            removed = remove_document(store, args.remove)
            print(f"{args.remove}: {removed} chunk(s) supprimé(s)")
            return 0 if removed else 1
        sources, sync = _sources(args, settings)
        report = ingest_files(
            sources, store, LazyEmbedder(settings.model_dir), max_bytes=settings.max_file_bytes,
            max_chars=settings.max_doc_chars,
            sync_origin=sync, force=args.force, show_progress=sys.stderr.isatty() and not args.json,
        )
    except ClausierError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([asdict(r) for r in report.results], ensure_ascii=False, indent=1))
    else:
        _print_report(report, sys.stdout)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""The corpus manifest (corpus/corpus.yaml) and the metadata of files added without one."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from clausier.errors import ClausierError, IngestError
from clausier.schema import MAX_LEVEL, MIN_LEVEL, DocumentInfo

MANIFEST_NAME = "corpus.yaml"
SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")
# Extracted text above this is refused: about 2.5 min of ingest at the measured ~12.5 k chars/s
# (repair + embedding on 2 cores), so one document never holds the index for long.
DEFAULT_MAX_DOC_CHARS = 2_000_000
# A document id goes into URLs and HTML attributes: a slug, nothing else.
_DOC_ID = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$")


@dataclass(frozen=True)
class SourceFile:
    """A file to ingest and the manifest entry that describes it."""

    path: Path
    info: DocumentInfo
    origin: str  # "corpus" (synchronised with corpus/) | "added" (ingested by name or uploaded)
    replace: bool = False  # the id was chosen explicitly: it may replace another file's document


def slugify(name: str) -> str:
    """ASCII, lower case, dashes: a stable document id from a file name or title."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "document"


def check_doc_id(doc_id: str, where: str = "") -> str:
    """The id if it is a safe slug (a-z, 0-9, « . _ - », 100 at most); else an ``IngestError``."""
    if isinstance(doc_id, str) and _DOC_ID.match(doc_id):
        return doc_id
    shown = repr(doc_id)[:60]
    raise IngestError(where or "document", f"identifiant de document invalide : {shown} (attendu : lettres minuscules "
                                           f"sans accent, chiffres, « - », « _ », « . », 100 caractères au plus)")


def check_level(level: int) -> int:
    if not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ClausierError(f"niveau de classification invalide : {level!r} (attendu : 0 à 3)")
    return level


def info_for_file(
    path: Path,
    *,
    level: int,
    title: str | None = None,
    organisation: str | None = None,
    doc_type: str | None = None,
    doc_id: str | None = None,
) -> DocumentInfo:
    """Metadata for a file given without a manifest entry."""
    stem = path.stem
    return DocumentInfo(
        doc_id=doc_id or slugify(stem),
        title=title or stem.replace("_", " ").replace("-", " ").strip().capitalize(),
        organisation=organisation or "",
        doc_type=doc_type or "document",
        language="fr",
        level=check_level(level),
        source=f"ajouté depuis {path.name}",
        page_breaks="none",
    )


def load_manifest(corpus_dir: Path, default_level: int) -> list[SourceFile]:
    """Manifest entries, plus any supported file of the folder the manifest does not name.

    Unlisted files get ``default_level`` (3, secret, out of the box): nothing becomes public
    by omission.
    """
    manifest_path = corpus_dir / MANIFEST_NAME
    entries = []
    if manifest_path.exists():
        data = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
        entries = data.get("documents") or []
    files: list[SourceFile] = []
    named: set[str] = set()
    for entry in entries:
        path = corpus_dir / entry["file"]
        named.add(entry["file"])
        info = DocumentInfo(
            doc_id=str(entry["id"]),
            title=str(entry.get("title") or path.stem),
            organisation=str(entry.get("organisation") or ""),
            doc_type=str(entry.get("doc_type") or "document"),
            language=str(entry.get("language") or "fr"),
            level=check_level(int(entry.get("level", default_level))),
            source=str(entry.get("source") or ""),
            page_breaks=str(entry.get("page_breaks") or "none"),
        )
        files.append(SourceFile(path=path, info=info, origin="corpus", replace=True))  # the id is the manifest's
    for path in sorted(corpus_dir.iterdir()) if corpus_dir.exists() else []:
        if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES and path.name not in named:
            files.append(
                SourceFile(path=path, info=info_for_file(path, level=default_level), origin="corpus")
            )
    return files

"""Helpers for the clause and table tests: documents made from inline page texts or loaded from the
corpus by the real loader, and look-ups of a clause by number or heading."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from clausier.schema import DocumentInfo, Page, SourceDoc
from ingest.clean import clean_pages

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clauses"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.txt"))


def make_doc(*pages: str, numbers: tuple[int | None, ...] | None = None, repairs=()) -> SourceDoc:
    """A cleaned SourceDoc from inline page texts."""
    numbers = numbers or tuple(range(1, len(pages) + 1)) if len(pages) > 1 else (None,)
    info = DocumentInfo(doc_id="t", title="t", organisation="o", doc_type="d", level=0)
    cleaned = clean_pages([Page(n, text) for n, text in zip(numbers, pages)])
    return SourceDoc(info=info, path="t.txt", pages=cleaned, content_hash="h", repairs=tuple(repairs))


def corpus_doc(name: str) -> SourceDoc:
    """A corpus file loaded by the real loader (pages per the manifest), then cleaned."""
    from ingest.loaders import load_file
    from ingest.manifest import load_manifest

    source = next(s for s in load_manifest(CORPUS, 3) if s.path.name == name)
    doc = load_file(source.path, source.info, max_bytes=10_000_000)
    return dataclasses.replace(doc, pages=clean_pages(doc.pages))


def by_number(clauses, number, kind="clause"):
    found = [c for c in clauses if c.number == number and c.kind == kind]
    assert found, f"no clause numbered {number!r}: {[c.number for c in clauses]}"
    return found[0]


def by_heading(clauses, heading):
    found = [c for c in clauses if c.heading == heading and c.kind == "clause"]
    assert found, f"no clause headed {heading!r}: {[c.heading for c in clauses]}"
    return found[0]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)

"""The text stages between loading and indexing: repair → clean → clauses → chunks."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from clausier.schema import Chunk, Clause, Page, SourceDoc

from .chunks import chunks_for
from .clauses import split_clauses
from .clean import clean_pages
from .loaders import load_file
from .manifest import load_manifest
from .repair import repair_document

# Bump when a stage changes what it produces without its code changing (e.g. a data file).
PIPELINE_VERSION = "2"
# (the segmenter of clausier/reading/sentences.py runs at ingest too, with the month names of
# cues.py: its segments are stored)
_STAGE_SOURCES = ("loaders.py", "clean.py", "headings.py", "clauses.py", "tables.py", "chunks.py", "pipeline.py", "repair")


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """Version plus a hash of the stages' source: changing a stage re-ingests every document."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(PIPELINE_VERSION.encode())
    core = root.parent / "clausier" / "reading"
    for path in [*(root / name for name in _STAGE_SOURCES), core / "sentences.py", core / "cues.py"]:
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(source.name.encode() + b"\x1f" + source.read_bytes())
    return digest.hexdigest()[:16]


def prepare(doc: SourceDoc) -> SourceDoc:
    """Repair (font decoder, then ftfy) before anything else touches the text, then clean."""
    repair = repair_document([page.text for page in doc.pages])
    pages = tuple(Page(number=p.number, text=t) for p, t in zip(doc.pages, repair.pages))
    return dataclasses.replace(
        doc,
        pages=clean_pages(pages),
        repairs=tuple(repair.lines),
        low_confidence=tuple(repair.low_confidence),
    )


def clauses_for(doc: SourceDoc) -> list[Clause]:
    return split_clauses(doc)


def chunks_for_doc(doc: SourceDoc) -> tuple[list[Clause], list[Chunk]]:
    clauses = clauses_for(doc)
    return clauses, chunks_for(doc.info, clauses)


def doc_hash(doc_bytes_hash: str, info) -> str:
    """What must change for a document to be re-indexed: its bytes, its metadata, the pipeline."""
    meta = json.dumps(dataclasses.asdict(info), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{pipeline_fingerprint()}\x1f{doc_bytes_hash}\x1f{meta}".encode()).hexdigest()


def prepared_texts(corpus_dir: Path, *, default_level: int = 3, max_bytes: int = 50 * 1024 * 1024) -> dict[str, str]:
    """doc_id → the text as indexed (repaired, cleaned), for every document of a corpus folder."""
    texts = {}
    for source in load_manifest(Path(corpus_dir), default_level):
        doc = prepare(load_file(source.path, source.info, max_bytes=max_bytes))
        texts[source.info.doc_id] = doc.text
    return texts

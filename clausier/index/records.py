"""Chunks as Chroma records: metadata in, ``Chunk`` out (Chroma metadata holds scalars only)."""

from __future__ import annotations

import json
from dataclasses import astuple
from typing import Any, Sequence

from clausier.schema import Chunk, PageBreaks, Segment

_OPTIONAL = ("page", "repair_confidence", "original_text")


def chunk_metadata(chunk: Chunk, doc_meta: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "organisation": chunk.organisation,
        "doc_type": chunk.doc_type,
        "level": int(chunk.level),
        "clause": chunk.clause,
        "heading": chunk.heading,
        "header": chunk.header,
        "ordinal": chunk.ordinal,
        "part": chunk.part,
        "kind": chunk.kind,
        "repaired": bool(chunk.repaired),
        **doc_meta,
    }
    for name in _OPTIONAL:
        value = getattr(chunk, name)
        if value is not None:
            meta[name] = value
    if chunk.page_breaks:
        meta["page_breaks"] = _breaks_to_meta(chunk.page_breaks)
    if chunk.part_start:
        meta["part_start"] = chunk.part_start
    if chunk.segments:
        meta["segments"] = segments_to_json(chunk.segments)
    return meta


def segments_to_json(segments: Sequence[Segment]) -> str:
    """A clause's segments as compact JSON (Chroma metadata holds scalars only)."""
    return json.dumps([astuple(s) for s in segments], separators=(",", ":"))


def segments_from_json(value: Any) -> tuple[Segment, ...]:
    return tuple(Segment(*row) for row in json.loads(value)) if value else ()


def _breaks_to_meta(breaks: PageBreaks) -> str:
    """Chroma metadata holds scalars only: « 412:7;980:8 »."""
    return ";".join(f"{offset}:{page}" for offset, page in breaks)


def _breaks_from_meta(value: Any) -> PageBreaks:
    if not value:
        return ()
    pairs = (item.split(":") for item in str(value).split(";"))
    return tuple((int(offset), int(page)) for offset, page in pairs)


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        doc_id=meta["doc_id"],
        title=meta.get("title", ""),
        organisation=meta.get("organisation", ""),
        doc_type=meta.get("doc_type", ""),
        level=int(meta["level"]),
        clause=meta.get("clause", ""),
        heading=meta.get("heading", ""),
        page=meta.get("page"),
        text=text,
        header=meta.get("header", ""),
        ordinal=int(meta.get("ordinal", 0)),
        part=int(meta.get("part", 0)),
        kind=meta.get("kind", "clause"),
        repaired=bool(meta.get("repaired", False)),
        repair_confidence=meta.get("repair_confidence"),
        original_text=meta.get("original_text"),
        page_breaks=_breaks_from_meta(meta.get("page_breaks")),
        part_start=int(meta.get("part_start", 0)),
        segments=segments_from_json(meta.get("segments")),
    )

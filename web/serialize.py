"""JSON shapes of our values for the HTTP API (and the chat's own rendering)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from clausier.assistant import AskResult, DocumentSummary
from clausier.schema import LEVEL_NAMES, Chunk, Citation, Hit


def hit_json(hit: Hit) -> dict[str, Any]:
    return hit.public()


def citation_json(citation: Citation) -> dict[str, Any]:
    return asdict(citation)


def ask_json(result: AskResult) -> dict[str, Any]:
    answer = result.answer
    return {
        "answer": answer.text,
        "citations": [citation_json(c) for c in answer.citations],
        "abstained": answer.abstained,
        "see_also": [hit_json(h) for h in answer.see_also],
        "language": answer.language,
        "prompt_id": result.prompt_id,
        "searched": result.searched,
        "latency_ms": result.latency_ms,
    }


def document_json(doc: DocumentSummary) -> dict[str, Any]:
    return {**asdict(doc), "level_name": LEVEL_NAMES.get(doc.level, str(doc.level))}


def chunk_json(chunk: Chunk) -> dict[str, Any]:
    data = asdict(chunk)
    data["level_name"] = LEVEL_NAMES.get(chunk.level, str(chunk.level))
    return data

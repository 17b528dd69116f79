"""The HTTP API (FastAPI router): thin routes over ``clausier.assistant.Assistant``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from clausier.assistant import Assistant
from clausier.errors import ClausierError, Forbidden, InvalidQuestion, NotFound, Unauthorized
from clausier.index.filters import SearchFilter
from clausier.schema import Caller

from .serialize import ask_json, chunk_json, document_json, hit_json

# Hard cap on request strings before our own (configurable) limit gives its clear message.
_BODY_CAP = 100_000


class Filters(BaseModel):
    organisations: list[str] = Field(default_factory=list)
    doc_types: list[str] = Field(default_factory=list)


class RetrieveRequest(BaseModel):
    query: str = Field(max_length=_BODY_CAP, description="question or keywords")
    k: int = Field(default=5, ge=1, le=50)
    filters: Filters | None = None


class AskRequest(BaseModel):
    question: str = Field(max_length=_BODY_CAP)
    filters: Filters | None = None


class FeedbackRequest(BaseModel):
    prompt_id: str = Field(max_length=64)
    value: int = Field(description="+1 (👍) or -1 (👎)")


def _search_filter(caller: Caller, filters: Filters | None) -> SearchFilter | None:
    if not filters or not (filters.organisations or filters.doc_types):
        return None
    return SearchFilter(max_level=caller.clearance, organisations=frozenset(filters.organisations),
                        doc_types=frozenset(filters.doc_types))


def error_status(exc: ClausierError) -> int:
    return {InvalidQuestion: 422, NotFound: 404, Unauthorized: 401, Forbidden: 403}.get(type(exc), 400)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ClausierError)
    async def _domain_error(request: Request, exc: ClausierError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        return JSONResponse({"detail": str(exc)}, status_code=error_status(exc), headers=headers)


def build_router(assistant: Assistant, caller_dependency) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/health")
    def health() -> dict[str, Any]:
        chunks = assistant.retriever.chunks
        return {"status": "ok", "documents": len({c.doc_id for c in chunks.values()}), "chunks": len(chunks)}

    @router.post("/retrieve")
    def retrieve(body: RetrieveRequest, caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        hits = assistant.retrieve(body.query, caller, k=body.k, search_filter=_search_filter(caller, body.filters))
        return {"hits": [hit_json(h) for h in hits]}

    @router.post("/ask")
    def ask(body: AskRequest, caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        result = assistant.ask(body.question, caller, channel="api", search_filter=_search_filter(caller, body.filters))
        return ask_json(result)

    @router.post("/feedback")
    def feedback(body: FeedbackRequest, caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        if not assistant.prompt_log.feedback(body.prompt_id, body.value):
            raise NotFound("question inconnue")
        return {"ok": True}

    @router.get("/documents")
    def documents(caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        return {"documents": [document_json(d) for d in assistant.documents(caller)]}

    @router.get("/documents/{doc_id}")
    def document(doc_id: str, caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        chunks = assistant.document_chunks(doc_id, caller)
        return {"doc_id": doc_id, "title": chunks[0].title, "clauses": [chunk_json(c) for c in chunks]}

    @router.get("/clauses/{chunk_id}")
    def clause(chunk_id: str, caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        return chunk_json(assistant.chunk(chunk_id, caller))

    return router

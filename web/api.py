"""The HTTP API (FastAPI router): thin routes over ``clausier.assistant.Assistant``."""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any, Iterator, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import AfterValidator, BaseModel, Field, StrictInt

from clausier.accounts.access import clearance_of, require_admin
from clausier.assistant import Assistant
from clausier.errors import (ClausierError, Forbidden, InvalidFeedback, InvalidQuestion, NotFound, TooManyAttempts,
                             Unauthorized)
from clausier.index.filters import SearchFilter
from clausier.promptlog.portability import export_text
from clausier.schema import Caller

from .inputs import check_text, validation_errors
from .serialize import ask_json, chunk_json, document_json, hit_json

log = logging.getLogger(__name__)

# Hard cap on request strings before our own (configurable) limit gives its clear message.
_BODY_CAP = 100_000
# Text that is valid Unicode (no lone surrogate: it cannot be logged, stored or returned).
Text = Annotated[str, AfterValidator(check_text)]


class Filters(BaseModel):
    organisations: list[Annotated[Text, Field(max_length=200)]] = Field(default_factory=list, max_length=100)
    doc_types: list[Annotated[Text, Field(max_length=200)]] = Field(default_factory=list, max_length=100)


class RetrieveRequest(BaseModel):
    query: Text = Field(max_length=_BODY_CAP, description="question or keywords")
    k: int = Field(default=5, ge=1, le=50)
    filters: Filters | None = None


class AskRequest(BaseModel):
    question: Text = Field(max_length=_BODY_CAP)
    filters: Filters | None = None
    reader: Literal["extractive", "llm"] = Field(
        default="extractive", description="extractive (quotes) or llm (when CLAUSIER_LLM_URL is set)")


def _vote(value: int) -> int:
    if value not in (1, -1):
        raise ValueError("attendu 1 (👍) ou -1 (👎)")
    return value


class FeedbackRequest(BaseModel):
    prompt_id: Text = Field(max_length=64)
    value: Annotated[StrictInt, AfterValidator(_vote)] = Field(description="+1 (👍) or -1 (👎)")


class EraseRequest(BaseModel):
    user: Text = Field(min_length=1, max_length=200)


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _search_filter(caller: Caller, filters: Filters | None) -> SearchFilter | None:
    if not filters or not (filters.organisations or filters.doc_types):
        return None
    return SearchFilter(max_level=clearance_of(caller), organisations=frozenset(filters.organisations),
                        doc_types=frozenset(filters.doc_types))


def error_status(exc: ClausierError) -> int:
    return {InvalidQuestion: 422, InvalidFeedback: 422, NotFound: 404, Unauthorized: 401, Forbidden: 403,
            TooManyAttempts: 429}.get(type(exc), 400)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ClausierError)
    async def _domain_error(request: Request, exc: ClausierError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        if isinstance(exc, TooManyAttempts):
            headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"detail": str(exc)}, status_code=error_status(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own handler echoes the whole input (a 1 MB question, a lone surrogate or an
        # infinite float it then cannot encode): each error keeps only a short, clean prefix.
        return JSONResponse({"detail": validation_errors(exc.errors())}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("api_failed path=%s error=%s", request.url.path[:80], type(exc).__name__)  # no trace, no prompt
        return JSONResponse({"detail": "erreur interne : réessayez plus tard"}, status_code=500)


def build_router(assistant: Assistant, caller_dependency) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/health")
    def health(request: Request) -> dict[str, Any]:
        """Counts of what the caller may see (none without credentials when anonymous is off)."""
        try:
            caller = caller_dependency(request)
        except Unauthorized:
            return {"status": "ok"}
        documents, chunks = assistant.retriever.visible_counts(SearchFilter(max_level=clearance_of(caller)))
        return {"status": "ok", "documents": documents, "chunks": chunks}

    @router.post("/retrieve")
    def retrieve(body: RetrieveRequest, caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        hits = assistant.retrieve(body.query, caller, k=body.k, search_filter=_search_filter(caller, body.filters))
        return {"hits": [hit_json(h) for h in hits]}

    @router.post("/ask")
    def ask(body: AskRequest, caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        result = assistant.ask(body.question, caller, channel="api", search_filter=_search_filter(caller, body.filters),
                               reader=body.reader)
        return ask_json(result)

    @router.post("/ask/stream")
    def ask_stream(body: AskRequest, caller: Caller = Depends(caller_dependency)) -> StreamingResponse:
        """Server-Sent Events: ``answer`` at once (quotes), ``translation`` as each quote's English
        arrives (the whole answer again), then ``done``. Errors come before the stream starts."""
        result = assistant.ask(body.question, caller, channel="api", search_filter=_search_filter(caller, body.filters),
                               reader=body.reader, translate=False)

        def events() -> Iterator[str]:
            yield _sse("answer", ask_json(result))
            last = result
            try:
                for last in assistant.translations(result):
                    yield _sse("translation", ask_json(last))
            except Exception:  # the answer was sent; say the stream ends, never a trace
                log.exception("ask_stream_translation_failed")
            yield _sse("done", {"prompt_id": last.prompt_id})

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @router.post("/feedback")
    def feedback(body: FeedbackRequest, caller: Caller = Depends(caller_dependency)) -> dict[str, Any]:
        if not assistant.prompt_log.feedback(body.prompt_id, body.value, user=caller.user):
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

    _admin_routes(router, assistant, caller_dependency)
    return router


def _admin_routes(router: APIRouter, assistant: Assistant, caller_dependency) -> None:
    """The person's rights over the prompt log (droit d'accès, portabilité, oubli): admins only."""

    def admin(caller: Caller = Depends(caller_dependency)) -> Caller:
        return require_admin(caller)

    @router.get("/admin/prompts/export")
    def export_prompts(user: str = Query(min_length=1, max_length=200),
                       format: str = Query(default="json", pattern="^(json|csv)$"),
                       caller: Caller = Depends(admin)) -> Response:
        text = export_text(assistant.prompt_log, user, format)
        media = "application/json" if format == "json" else "text/csv; charset=utf-8"
        filename = f"prompts-{''.join(ch if ch.isalnum() else '_' for ch in user)}.{format}"
        return Response(text, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @router.post("/admin/prompts/erase")
    def erase_prompts(body: EraseRequest, caller: Caller = Depends(admin)) -> dict[str, Any]:
        return {"user": body.user, "erased": assistant.prompt_log.erase(body.user)}

"""The chat's citation panel and document browser callbacks.

Ids in links come from the page, but every lookup goes through ``Assistant`` with the caller
resolved from the request: a clause above the caller's clearance is « not available », exactly
like one that does not exist.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from clausier.assistant import Assistant
from clausier.errors import ClausierError, NotFound
from clausier.schema import Caller

from .ui.browse import documents_html, document_html, panel_html, panel_message, search_results_html, toc_html
from .ui.clauses import clause_units, quote_pieces, unit_for
from .ui.i18n import lang_of, t
from .inputs import check_text
from .ui.render import esc
from .ui.turns import Turn

log = logging.getLogger(__name__)

MIN_SEARCH_CHARS = 3
SEARCH_RESULTS = 8


class BrowseHandlers:
    def __init__(self, assistant: Assistant, caller: Callable[[Any], Caller]):
        self.assistant = assistant
        self.caller = caller

    def message(self, text: str) -> dict[str, Any]:
        return {"panel": panel_message(text), "sidebar_open": True}

    def _unit(self, chunk_id: str, caller: Caller):
        chunk = self.assistant.chunk(chunk_id, caller)  # NotFound if hidden or absent
        units = clause_units(self.assistant.document_chunks(chunk.doc_id, caller))
        return unit_for(units, chunk_id), units

    def citation(self, turn: Turn | None, n: int, lang: str, request) -> dict[str, Any]:
        """The side panel for citation [n] of a turn: whole clause, quoted sentences marked."""
        lang = lang_of(lang)
        citation = turn.citation(n) if turn else None
        if citation is None:
            return self.message(t(lang, "not_found"))
        try:
            unit, _ = self._unit(citation.chunk_id, self.caller(request))
        except NotFound:
            return self.message(t(lang, "not_found"))
        if unit is None:
            return self.message(t(lang, "not_found"))
        pieces = quote_pieces(turn.answer.text, n, citation.quote)
        return {"panel": panel_html(unit, pieces, lang, n), "sidebar_open": True}

    def peek(self, chunk_id: str, lang: str, request) -> dict[str, Any]:
        """The side panel for a clause without quotes (« voir aussi »)."""
        lang = lang_of(lang)
        try:
            unit, _ = self._unit(chunk_id, self.caller(request))
        except NotFound:
            unit = None
        if unit is None:
            return self.message(t(lang, "not_found"))
        return {"panel": panel_html(unit, [], lang), "sidebar_open": True}

    def open_clause(self, chunk_id: str, lang: str, request) -> dict[str, Any]:
        """The document viewer at one clause (from the panel, the contents or a search result)."""
        lang = lang_of(lang)
        try:
            chunk = self.assistant.chunk(chunk_id, self.caller(request))
        except NotFound:
            return self.message(t(lang, "not_found"))
        return self.open_document(chunk.doc_id, chunk_id, lang, request)

    def open_document(self, doc_id: str, chunk_id: str | None, lang: str, request) -> dict[str, Any]:
        lang = lang_of(lang)
        caller = self.caller(request)
        try:
            units = clause_units(self.assistant.document_chunks(doc_id, caller))
        except NotFound:
            return self.message(t(lang, "not_found"))
        return {
            "tab": "docs",
            "doc_list": documents_html(self.assistant.documents(caller), doc_id, lang),
            "toc": toc_html(units, chunk_id, lang),
            "docview": document_html(units, chunk_id, lang),
            "doc_state": {"doc": doc_id, "chunk": chunk_id},
        }

    def documents(self, lang: str, request, selected: str | None = None) -> str:
        try:
            return documents_html(self.assistant.documents(self.caller(request)), selected, lang_of(lang))
        except ClausierError as exc:
            return f"<p class='cl-muted'>{esc(exc)}</p>"

    def rerender(self, doc_state: dict | None, lang: str, request) -> dict[str, Any]:
        """The browser's panes in another language, keeping the open document."""
        lang = lang_of(lang)
        doc_state = doc_state or {}
        if doc_state.get("doc"):
            out = self.open_document(doc_state["doc"], doc_state.get("chunk"), lang, request)
            out.pop("tab", None)
            if "doc_list" in out:
                return out
        return {"doc_list": self.documents(lang, request), "toc": "",
                "docview": document_html([], None, lang), "doc_state": {}}

    def search(self, query: str, lang: str, request) -> str:
        """Search-as-you-type within the documents the caller may see."""
        lang = lang_of(lang)
        query = " ".join((query or "").split())
        if len(query) < MIN_SEARCH_CHARS:
            return ""
        try:
            hits = self.assistant.retrieve(check_text(query), self.caller(request), k=SEARCH_RESULTS)
        except ClausierError as exc:
            return f"<p class='cl-muted'>{esc(exc)}</p>"
        except Exception:
            log.exception("browse_search_failed")
            return f"<p class='cl-muted'>{esc(t(lang, 'error'))}</p>"
        return search_results_html(hits, lang)

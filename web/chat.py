"""The employees' chat, a thin edge over ``Assistant``: question callbacks and the action router.

Callbacks validate and call the assistant; domain errors become friendly messages. Every
callback resolves the caller from the request itself: nothing the browser sends widens what
it may see. The conversation lives in the session (server memory) only: no answer is written
anywhere. The layout is in ``web.ui.layout``; document browsing in ``web.chat_browse``;
administration in ``web.chat_admin``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Iterator, Sequence
from urllib.parse import unquote

import gradio as gr

from clausier.assistant import Assistant, AskResult
from clausier.errors import ClausierError
from clausier.reading.followup import rewrite_followup
from clausier.index.filters import SearchFilter
from clausier.schema import Caller

from .chat_admin import AdminHandlers
from .chat_browse import BrowseHandlers
from .inputs import check_text, printable
from .ui.i18n import EXAMPLES, lang_of, t
from .ui.render import citations_html, conversation_html
from .ui.turns import Turn, searched_questions, turn_at

log = logging.getLogger(__name__)

EXAMPLES_FR = EXAMPLES["fr"]
GENERIC_ERROR = t("fr", "error")


def render_citations(result: AskResult, lang: str = "fr") -> str:
    """The cited clauses under an answer, quotes included (``respond``, the plain chat-history
    API): the conversation view's renderer without its links."""
    return citations_html(result.answer, lang)


class ChatHandlers:
    """The chat's callbacks, separate from the layout so tests can call them directly."""

    def __init__(self, assistant: Assistant, caller_for_request, *, embedder=None):
        self.assistant = assistant
        self.caller_for_request = caller_for_request
        self.browse = BrowseHandlers(assistant, self.caller)
        self.admin = AdminHandlers(assistant, self.caller, embedder=embedder)

    def caller(self, request: gr.Request | None) -> Caller:
        return self.caller_for_request(request)

    # --- the plain chat-history API (kept for scripts and tests) ---------------------------

    def respond(self, message: str, history: list, request: gr.Request | None = None):
        """Ask ``message``; returns (messages history, cleared input, cited clauses HTML)."""
        history = list(history or [])
        if not (message or "").strip():
            return history, "", gr.update()
        history.append({"role": "user", "content": printable(message)})
        try:
            check_text(message)
            previous = [m["content"] for m in history[:-1] if m.get("role") == "user"]
            rewrite = rewrite_followup(message, previous[-1:], self._organisations(self.caller(request)))
            result = self.assistant.ask(message, self.caller(request), channel="chat",
                                        searched=rewrite.text if rewrite.rewritten else None)
        except ClausierError as exc:
            history.append({"role": "assistant", "content": f"⚠️ {exc}"})
            return history, "", ""
        except Exception:  # never a stack trace in the chat
            log.exception("chat_failed")
            history.append({"role": "assistant", "content": f"⚠️ {GENERIC_ERROR}"})
            return history, "", ""
        history.append({"role": "assistant", "content": result.answer.text})
        return history, "", render_citations(result)

    # --- the page: ask in two steps (show the question at once, then the answer) -----------

    def _organisations(self, caller: Caller) -> list[str]:
        return sorted({d.organisation for d in self.assistant.documents(caller) if d.organisation})

    def begin(self, message: str, turns: Sequence[Turn] | None, lang: str, request: gr.Request | None) -> dict[str, Any]:
        """Add the question (rewritten if it is a follow-up) as a pending turn."""
        lang, turns = lang_of(lang), list(turns or [])
        message = " ".join((message or "").split())
        if not message or any(turn.pending for turn in turns):
            return {}
        try:
            message = check_text(message)
            caller = self.caller(request)
            rewrite = rewrite_followup(message, searched_questions(turns), self._organisations(caller))
            turn = Turn(question=message, searched=rewrite.text, rewritten=rewrite.rewritten, pending=True)
        except ClausierError as exc:
            turn = Turn(question=printable(message), error=str(exc))
        except Exception:
            log.exception("chat_begin_failed")
            turn = Turn(question=message, error=t(lang, "error"))
        turns.append(turn)
        return {"turns": turns, "conversation": conversation_html(turns, lang), "question": ""}

    def finish(self, turns: Sequence[Turn] | None, organisations: Sequence[str] | None,
               doc_types: Sequence[str] | None, lang: str, request: gr.Request | None) -> dict[str, Any]:
        """Answer the pending turn, if any."""
        lang, turns = lang_of(lang), list(turns or [])
        if not turns or not turns[-1].pending:
            return {}
        turns[-1] = self.answer(turns[-1], organisations, doc_types, lang, request)
        return {"turns": turns, "conversation": conversation_html(turns, lang)}

    def finish_stream(self, turns: Sequence[Turn] | None, organisations: Sequence[str] | None,
                      doc_types: Sequence[str] | None, lang: str, request: gr.Request | None) -> Iterator[dict[str, Any]]:
        """Like ``finish``, but the answer comes at once and its quotes' translations follow."""
        lang, turns = lang_of(lang), list(turns or [])
        if not turns or not turns[-1].pending:
            yield {}
            return
        turn = turns[-1] = self.answer(turns[-1], organisations, doc_types, lang, request, translate=False)
        yield {"turns": list(turns), "conversation": conversation_html(turns, lang)}
        if turn.answer is None:
            return
        result = AskResult(answer=turn.answer, prompt_id=turn.prompt_id or "", latency_ms=turn.latency_ms or 0,
                           searched=turn.searched)
        try:
            for update in self.assistant.translations(result):
                turns[-1] = replace(turn, answer=update.answer)
                yield {"turns": list(turns), "conversation": conversation_html(turns, lang)}
        except Exception:  # the quotes are shown; they stay without translation
            log.exception("chat_translation_failed")

    def answer(self, turn: Turn, organisations, doc_types, lang: str, request, *, translate: bool = True) -> Turn:
        try:
            caller = self.caller(request)
            result = self.assistant.ask(
                turn.question, caller, channel="chat", searched=turn.searched if turn.rewritten else None,
                search_filter=self.search_filter(caller, organisations, doc_types), translate=translate,
            )
        except ClausierError as exc:
            return replace(turn, pending=False, error=str(exc))
        except Exception:  # never a stack trace in the chat
            log.exception("chat_failed")
            return replace(turn, pending=False, error=t(lang, "error"))
        return replace(turn, pending=False, answer=result.answer, prompt_id=result.prompt_id,
                       latency_ms=result.latency_ms, searched=result.searched)

    def search_filter(self, caller: Caller, organisations, doc_types) -> SearchFilter | None:
        """The filter the user picked, within what the caller may see (unknown values dropped)."""
        docs = self.assistant.documents(caller)
        orgs = frozenset(organisations or ()) & {d.organisation for d in docs}
        types = frozenset(doc_types or ()) & {d.doc_type for d in docs}
        if not orgs and not types:
            return None
        return SearchFilter(max_level=caller.clearance, organisations=orgs, doc_types=types)

    def feedback(self, turns: Sequence[Turn], index: int, value: int, request) -> list[Turn]:
        """👍/👎 for one answer, stored with its prompt id only (taken from the session, not the page)."""
        turns = list(turns or [])
        turn = turn_at(turns, index)
        if turn is None or not turn.prompt_id or turn.feedback:
            return turns
        self.caller(request)  # still authenticated
        if self.assistant.prompt_log.feedback(turn.prompt_id, value):
            turns[index] = replace(turn, feedback=1 if value > 0 else -1)
        return turns

    # --- the action router: links in the page (#clausier/<action>/…) ----------------------

    def act(self, action: str, turns: Sequence[Turn] | None, doc_state: dict | None, lang: str,
            request: gr.Request | None) -> dict[str, Any]:
        lang, turns = lang_of(lang), list(turns or [])
        name, _, rest = (action or "").partition("/")
        rest = unquote(rest)  # ``render.action`` percent-encodes each part
        try:
            if name == "cite":
                index, _, n = rest.partition("/")
                return self.browse.citation(turn_at(turns, int(index)), int(n), lang, request)
            if name == "peek":
                return self.browse.peek(rest, lang, request)
            if name in {"goto", "clause"}:
                return {**self.browse.open_clause(rest, lang, request), "sidebar_open": False}
            if name == "doc":
                return self.browse.open_document(rest, None, lang, request)
            if name == "feedback":
                index, _, value = rest.partition("/")
                turns = self.feedback(turns, int(index), 1 if value == "up" else -1, request)
                return {"turns": turns, "conversation": conversation_html(turns, lang)}
            if name == "example":
                examples = EXAMPLES[lang]
                return self.begin(examples[int(rest) % len(examples)], turns, lang, request)
        except (ValueError, IndexError):
            pass
        except ClausierError as exc:
            return self.browse.message(str(exc))
        except Exception:
            log.exception("chat_action_failed action=%s", name)
            return self.browse.message(t(lang, "error"))
        log.info("chat_action_ignored action=%s", name[:20])
        return {}


from .ui.layout import build_chat  # noqa: E402  (the page over these handlers)

__all__ = ["ChatHandlers", "build_chat", "render_citations"]

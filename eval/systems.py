"""What the runner evaluates: a system retrieves hits and answers a question.

In process: our retriever in one of its modes (bm25, dense, hybrid, full), or the naive
LangChain quickstart, each behind the app's ``Assistant`` with the same answerer. Over
HTTP: a running server's ``/api/retrieve`` and ``/api/ask``. Only what scoring needs leaves
a system; the answer text is read by the runner for keywords and then dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from clausier.assistant import Assistant
from clausier.schema import Answer, Caller, Hit

log = logging.getLogger(__name__)

CONFIGS = ("bm25", "dense", "hybrid", "full", "naive", "reader")  # reader: the LLM reader (--llm-url)
ANSWER_DEPTH = 8  # hits given to the answerer (the assistant's answer_depth)


@dataclass(frozen=True)
class CitedClause:
    doc_id: str
    clause: str
    heading: str
    clause_text: str


@dataclass(frozen=True)
class AnswerView:
    """An answer as the runner scores it (``text`` lives only in memory, never in a report)."""

    text: str
    abstained: bool
    citations: tuple[CitedClause, ...]


class System(Protocol):
    name: str

    def retrieve(self, question: str, k: int) -> list[Hit]: ...

    def answer(self, question: str, hits: Sequence[Hit]) -> AnswerView: ...


def view_of(answer: Answer) -> AnswerView:
    return AnswerView(
        text=answer.text,
        abstained=answer.abstained,
        citations=tuple(CitedClause(c.doc_id, c.clause, c.heading, c.clause_text or c.quote) for c in answer.citations),
    )


class NullPromptLog:
    """The benchmark's prompt sink: eval questions are not employees' prompts, nothing is kept."""

    def record(self, **_fields) -> str:
        return "eval"


class AssistantSystem:
    """A retriever behind the app's own ``Assistant``: retrieval metrics from ``retrieve``, the
    answer from ``Assistant.ask`` (the one search → widen → answer path the app runs)."""

    def __init__(self, name: str, assistant: Assistant, caller: Caller, reader: str = "extractive"):
        self.name = name
        self.assistant = assistant
        self._caller = caller
        self._reader = reader

    def retrieve(self, question: str, k: int) -> list[Hit]:
        return self.assistant.retriever.search(question, self._caller, k=k)

    def answer(self, question: str, hits: Sequence[Hit]) -> AnswerView:
        return view_of(self.assistant.ask(question, self._caller, channel="eval", reader=self._reader).answer)

    def close(self) -> None:
        getattr(self.assistant.retriever, "close", lambda: None)()


class ApiSystem:
    """A running server: ``/api/retrieve`` for retrieval, ``/api/ask`` for the answer."""

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 120.0, name: str = "api"):
        import httpx

        self.name = name
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=timeout)

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self._client.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def retrieve(self, question: str, k: int) -> list[Hit]:
        data = self._post("/api/retrieve", {"query": question, "k": k})
        return [_hit(h) for h in data.get("hits", [])]

    def answer(self, question: str, hits: Sequence[Hit]) -> AnswerView:
        data = self._post("/api/ask", {"question": question})
        citations = tuple(
            CitedClause(
                str(c.get("doc_id", "")), str(c.get("clause", "")), str(c.get("heading", "")),
                str(c.get("clause_text") or c.get("quote") or ""),
            )
            for c in data.get("citations", [])
        )
        return AnswerView(text=str(data.get("answer", "")), abstained=bool(data.get("abstained")), citations=citations)

    def close(self) -> None:
        self._client.close()


def _hit(data: dict[str, Any]) -> Hit:
    return Hit(
        chunk_id=str(data.get("chunk_id", "")), doc_id=str(data.get("doc_id", "")), title=str(data.get("title", "")),
        organisation=str(data.get("organisation", "")), clause=str(data.get("clause", "")),
        heading=str(data.get("heading", "")), page=data.get("page"), text=str(data.get("text", "")),
        score=float(data.get("score") or 0.0), level=int(data.get("level") or 0),
        page_breaks=tuple((int(o), int(p)) for o, p in data.get("page_breaks") or ()),
    )

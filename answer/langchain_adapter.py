"""Our answers as a LangChain runnable, in-process or against a running server's HTTP API.

    qa = ClausierQA.over_http("http://127.0.0.1:7860", api_key="…")
    qa = ClausierQA.in_process(assistant, caller)        # same process
    result = qa.invoke("Combien de temps Looper-AI garde-t-il les informations … ?")
    result.text, result.abstained, result.citations      # citations: LangChain Documents

A citation is a ``Document`` whose ``page_content`` is the verbatim quote and whose metadata
holds the citation's fields (n, doc_id, title, clause, heading, page, end_page, translation, …).
Both channels ask through the app's one path (``Assistant.ask``): the question is logged, the
answer is not, and the caller sees only what their clearance allows. A refusal of the server
(bad question, wrong key, too many attempts) is raised as the matching ``ClausierError`` with
the server's message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import httpx
from langchain_core.documents import Document
from langchain_core.runnables import Runnable, RunnableConfig

from clausier.assistant import Assistant
from clausier.errors import ClausierError, Forbidden, InvalidQuestion, NotFound, TooManyAttempts, Unauthorized
from clausier.schema import Caller, Citation

CHANNEL = "langchain"


@dataclass(frozen=True)
class QAResult:
    """What a ``ClausierQA`` returns: the answer text and its citations as Documents."""

    text: str
    abstained: bool
    language: str
    citations: tuple[Document, ...]
    prompt_id: str | None = None


def document_from_citation(citation: Citation | dict[str, Any]) -> Document:
    fields = asdict(citation) if isinstance(citation, Citation) else dict(citation)
    quote = fields.pop("quote")
    fields.pop("clause_text", None)  # the whole clause: /api/clauses/{chunk_id}
    return Document(page_content=quote, metadata={k: v for k, v in fields.items() if v is not None})


class ClausierQA(Runnable[str, QAResult]):
    def __init__(self, *, assistant: Assistant | None = None, caller: Caller | None = None,
                 api_url: str | None = None, api_key: str | None = None, reader: str = "extractive",
                 timeout: float = 120.0):
        if assistant is None and not api_url:
            raise ValueError("ClausierQA needs an Assistant or an api_url")
        self.assistant = assistant
        self.caller = caller or Caller.anonymous()
        self.api_url = api_url.rstrip("/") if api_url else None
        self.reader = reader
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        # one client: its connections are kept alive (a client per call builds a TLS context)
        self._http = httpx.Client(timeout=timeout) if self.api_url else None

    @classmethod
    def in_process(cls, assistant: Assistant, caller: Caller, reader: str = "extractive") -> "ClausierQA":
        return cls(assistant=assistant, caller=caller, reader=reader)

    @classmethod
    def over_http(cls, api_url: str, api_key: str | None = None, reader: str = "extractive",
                  timeout: float = 120.0) -> "ClausierQA":
        return cls(api_url=api_url, api_key=api_key, reader=reader, timeout=timeout)

    def invoke(self, input: str | dict[str, Any], config: RunnableConfig | None = None, **kwargs: Any) -> QAResult:
        question = input.get("question", "") if isinstance(input, dict) else input
        if self.assistant is not None:
            asked = self.assistant.ask(question, self.caller, channel=CHANNEL, reader=self.reader)
            answer = asked.answer
            return QAResult(answer.text, answer.abstained, answer.language,
                            tuple(document_from_citation(c) for c in answer.citations), asked.prompt_id)
        response = self._http.post(f"{self.api_url}/api/ask", json={"question": question, "reader": self.reader},
                                   headers=self._headers)
        if response.status_code >= 400:
            raise _refusal(response)
        data = response.json()
        return QAResult(data["answer"], data["abstained"], data["language"],
                        tuple(document_from_citation(c) for c in data["citations"]), data.get("prompt_id"))

    def close(self) -> None:
        if self._http is not None:
            self._http.close()


def _refusal(response: httpx.Response) -> ClausierError:
    """The server's refusal as our error, with its message (never its body beyond that)."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):  # a validation error
        detail = str(detail[0].get("msg") or "")
    if not isinstance(detail, str) or not detail:
        detail = f"le serveur a refusé la question (HTTP {response.status_code})"
    status = response.status_code
    if status == 429:
        return TooManyAttempts(detail, int(response.headers.get("Retry-After", "1") or 1))
    kind = {401: Unauthorized, 403: Forbidden, 404: NotFound, 422: InvalidQuestion}.get(status, ClausierError)
    return kind(detail)

"""Our retrieval as a LangChain retriever, in-process or against a running server's HTTP API.

    ClausierRetriever.in_process(retriever, caller)      # same process
    ClausierRetriever.over_http("http://127.0.0.1:7860", api_key="…")

Documents carry the hit fields in their metadata (doc_id, title, clause, heading, page, score…).
"""

from __future__ import annotations

from typing import Any

import httpx
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from clausier.schema import Caller, Hit

from .search import Retriever


def document_from_hit(hit: Hit | dict[str, Any]) -> Document:
    fields = hit.public() if isinstance(hit, Hit) else dict(hit)
    text = fields.pop("text")
    return Document(page_content=text, metadata={k: v for k, v in fields.items() if v is not None}, id=fields.get("chunk_id"))


class ClausierRetriever(BaseRetriever):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    k: int = 5
    retriever: Retriever | None = None
    caller: Caller | None = None
    api_url: str | None = None
    api_key: str | None = None
    timeout: float = 30.0
    # one client per retriever: its connections are kept alive, and building a client (its TLS
    # context) costs more CPU than the retrieval it sends
    _http: httpx.Client | None = PrivateAttr(default=None)

    def model_post_init(self, context: Any) -> None:
        if self.api_url:
            self._http = httpx.Client(timeout=self.timeout)

    @classmethod
    def in_process(cls, retriever: Retriever, caller: Caller, k: int = 5) -> "ClausierRetriever":
        return cls(retriever=retriever, caller=caller, k=k)

    @classmethod
    def over_http(cls, api_url: str, api_key: str | None = None, k: int = 5) -> "ClausierRetriever":
        return cls(api_url=api_url.rstrip("/"), api_key=api_key, k=k)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        if self.retriever is not None:
            caller = self.caller or Caller.anonymous()
            return [document_from_hit(hit) for hit in self.retriever.search(query, caller, k=self.k)]
        if not self.api_url:
            raise ValueError("ClausierRetriever needs a Retriever or an api_url")
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        if self._http is None or self._http.is_closed:
            self._http = httpx.Client(timeout=self.timeout)
        response = self._http.post(f"{self.api_url}/api/retrieve", json={"query": query, "k": self.k}, headers=headers)
        response.raise_for_status()
        return [document_from_hit(hit) for hit in response.json()["hits"]]

    def close(self) -> None:
        """Close the HTTP connections (they are opened again if the retriever is used after)."""
        if self._http is not None:
            self._http.close()

"""The services both edges (Gradio chat, HTTP API) call: retrieve, ask, browse.

Validation, access filtering and prompt logging live here so that every channel behaves the
same. The answer is returned to the caller and never written anywhere.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Iterator, Mapping, Protocol, Sequence

from clausier.errors import InvalidQuestion, NotFound, ReaderUnavailable
from clausier.index.filters import SearchFilter
from clausier.schema import Answer, Answerer, Caller, Chunk, Hit, clearance_of
from clausier.settings import Settings

log = logging.getLogger(__name__)

MAX_K = 50


class Retriever(Protocol):
    """What the assistant searches with (``retriever.search.Retriever``, or eval's naive one)."""

    def search(self, question: str, caller: Caller, k: int = 5, *,
               search_filter: SearchFilter | None = None) -> list[Hit]: ...

    def answer_context(self, hits: Sequence[Hit], caller: Caller, *,
                       search_filter: SearchFilter | None = None) -> list[Hit]: ...


class Translating(Protocol):
    def progress(self, answer: Answer) -> Iterator[Answer]: ...


class PromptSink(Protocol):
    def record(self, *, channel: str, user: str, prompt: str, n_hits: int, top_score: float | None,
               abstained: bool, latency_ms: int) -> str: ...


@dataclass(frozen=True)
class AskResult:
    answer: Answer
    prompt_id: str
    latency_ms: int
    searched: str  # the question as searched (after any follow-up rewriting)


@dataclass(frozen=True)
class DocumentSummary:
    doc_id: str
    title: str
    organisation: str
    doc_type: str
    level: int
    clauses: int
    repaired_clauses: int


class Assistant:
    def __init__(self, settings: Settings, retriever: Retriever, answerer: Answerer, prompt_log: PromptSink,
                 *, answer_depth: int = 8, translator: Translating | None = None,
                 readers: Mapping[str, Answerer] | None = None):
        self.settings = settings
        self.retriever = retriever
        self.answerer = answerer
        self.prompt_log = prompt_log
        self.answer_depth = answer_depth
        self.translator = translator  # None: quotes are not translated (CLAUSIER_TRANSLATE=off)
        self.readers = dict(readers or {})  # other answerers by name, e.g. "llm"

    def check_question(self, text: str | None, *, what: str = "la question") -> str:
        text = (text or "").strip()
        if not text:
            raise InvalidQuestion(f"{what} est vide")
        if len(text) > self.settings.max_question_chars:
            raise InvalidQuestion(
                f"{what} est trop longue ({len(text)} caractères ; maximum {self.settings.max_question_chars})"
            )
        return text

    def retrieve(self, query: str, caller: Caller, k: int = 5, search_filter: SearchFilter | None = None) -> list[Hit]:
        query = self.check_question(query, what="la requête")
        k = max(1, min(int(k), MAX_K))
        return self.retriever.search(query, caller, k=k, search_filter=search_filter)

    def ask(self, question: str, caller: Caller, *, channel: str,
            search_filter: SearchFilter | None = None, searched: str | None = None,
            reader: str = "extractive", translate: bool = True) -> AskResult:
        """Answer a question; log the prompt (never the answer). With ``translate``, an English
        answer comes back with its quotes' translations (see ``translations`` to stream them)."""
        question = self.check_question(question)
        searched = self.check_question(searched) if searched else question
        answerer = self.reader(reader)
        started = time.perf_counter()
        hits = self.evidence(searched, caller, search_filter=search_filter)
        answer = answerer.answer(searched, hits)
        latency_ms = int((time.perf_counter() - started) * 1000)
        prompt_id = self.prompt_log.record(
            channel=channel, user=caller.user, prompt=question, n_hits=len(hits),
            top_score=hits[0].score if hits else None, abstained=answer.abstained, latency_ms=latency_ms,
        )
        log.info("asked prompt_id=%s channel=%s hits=%d abstained=%s latency_ms=%d",
                 prompt_id, channel, len(hits), answer.abstained, latency_ms)
        result = AskResult(answer=answer, prompt_id=prompt_id, latency_ms=latency_ms, searched=searched)
        if translate:
            for result in self.translations(result):
                pass
        return result

    def reader(self, name: str) -> Answerer:
        """The answerer called ``name``; ``ReaderUnavailable`` when it is not configured."""
        if name == "extractive":
            return self.answerer
        if name not in self.readers:
            raise ReaderUnavailable(f"lecteur « {name} » non configuré (lecteurs disponibles : "
                                    f"{', '.join(['extractive', *self.readers])}) ; voir CLAUSIER_LLM_URL")
        return self.readers[name]

    def translations(self, result: AskResult) -> Iterator[AskResult]:
        """``result`` again each time one more quote is translated, the last complete; nothing
        when there is nothing to translate or translation is off. Never logged nor stored."""
        if self.translator is None:
            return
        for answer in self.translator.progress(result.answer):
            yield replace(result, answer=answer)

    def evidence(self, question: str, caller: Caller, *, search_filter: SearchFilter | None = None) -> list[Hit]:
        """What the answerer reads for ``question``: the first ``answer_depth`` hits, long
        clauses widened. ``ask`` answers over exactly this; calibration reads it too."""
        hits = self.retriever.search(question, caller, k=self.answer_depth, search_filter=search_filter)
        return self.retriever.answer_context(hits, caller, search_filter=search_filter)

    def documents(self, caller: Caller) -> list[DocumentSummary]:
        """The documents the caller may see, with their clause counts."""
        flt = SearchFilter(max_level=clearance_of(caller))
        return [DocumentSummary(*row) for row in self.retriever.visible_documents(flt)]

    def document_chunks(self, doc_id: str, caller: Caller) -> list[Chunk]:
        """A document's chunks in reading order; NotFound if absent or above the clearance."""
        flt = SearchFilter(max_level=clearance_of(caller), doc_ids=frozenset({doc_id}))
        chunks = sorted(self.retriever.visible_chunks(flt), key=lambda c: (c.ordinal, c.part))
        if not chunks:
            raise NotFound(f"document introuvable : {doc_id}")
        return chunks

    def chunk(self, chunk_id: str, caller: Caller) -> Chunk:
        chunk = self.retriever.chunks.get(chunk_id)
        if chunk is None or chunk.level > clearance_of(caller):
            raise NotFound(f"clause introuvable : {chunk_id}")  # same answer whether absent or hidden
        return chunk

"""The LLM reader: an answerer that asks any OpenAI-compatible chat endpoint (through LangChain's
``ChatOpenAI``) to answer from the retrieved passages, then keeps only what it can ground.

question + hits ──extractive answer (fallback, language)──▶ prompt with numbered passages
  ──model──▶ sentences with [n] ──grounding check (answer.grounding)──▶ kept sentences, each
  followed by its verbatim supporting quote ──nothing kept──▶ the extractive answer stands

Off by default (``CLAUSIER_LLM_URL``). The reply is an answer: it is never logged or stored;
only counts are logged.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Callable, Sequence

from clausier.schema import Answer, Answerer, Citation, Hit

from answer.compose import source_label
from answer.grounding import Grounded, Similarity, claims, ground

log = logging.getLogger(__name__)

# LangSmith tracing would send prompts and answers to a remote service: never.
for _key in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING"):
    os.environ[_key] = "false"

MAX_PASSAGES = 5
PASSAGE_CHARS = 1500  # a long clause is cut: the prompt stays within a small model's context
MAX_TOKENS = 300
NONE = "NONE"
SYSTEM = {
    "fr": ("Tu réponds à une question à partir des seuls passages numérotés fournis. Écris au plus trois "
           "phrases courtes en français. Termine chaque phrase par le numéro du ou des passages qui la "
           "justifient, par exemple [2]. Recopie les nombres, durées, dates, montants, noms, adresses "
           f"e-mail et URL tels qu'ils sont écrits. Si les passages ne répondent pas, réponds seulement {NONE}."),
    "en": ("Answer the question using only the numbered passages given. Write at most three short sentences "
           "in English. End each sentence with the number of the passage(s) supporting it, e.g. [2]. Copy "
           "numbers, durations, dates, amounts, names, e-mail addresses and URLs exactly as written. If the "
           f"passages do not answer the question, reply only {NONE}."),
}
FRAME = {
    "fr": "Réponse rédigée par un modèle de langage ; chaque phrase est vérifiée contre la clause citée :",
    "en": "Answer written by a language model; each sentence is checked against the clause it cites:",
}


def _passages(hits: Sequence[Hit], chars: int) -> str:
    return "\n\n".join(f"[{n}] {source_label(hit)}\n{hit.text[:chars]}" for n, hit in enumerate(hits, start=1))


class LLMReader:
    """Answers through ``chat`` (a LangChain chat model); falls back to ``fallback``."""

    def __init__(self, chat: Any, fallback: Answerer, *, similarity: Similarity | None = None,
                 max_passages: int = MAX_PASSAGES, passage_chars: int = PASSAGE_CHARS) -> None:
        self.chat = chat
        self.passage_chars = passage_chars
        self.fallback = fallback
        self.similarity = similarity
        self.max_passages = max_passages

    def answer(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> Answer:
        started = time.perf_counter()
        extractive = self.fallback.answer(question, hits, language=language)
        lang = extractive.language if extractive.language in SYSTEM else "fr"
        passages = list(hits[: self.max_passages])
        if not passages:
            return extractive
        try:
            reply = self.chat.invoke([
                ("system", SYSTEM[lang]),
                ("human", f"Passages :\n\n{_passages(passages, self.passage_chars)}\n\nQuestion : {question}"),
            ])
            output = reply.content if isinstance(reply.content, str) else str(reply.content)
        except Exception as exc:  # the endpoint is down or refuses: the extractive answer stands
            log.warning("llm_reader_failed error=%s", type(exc).__name__)
            return extractive
        said = [] if output.strip().upper().startswith(NONE) else claims(output)
        kept = [g for g in (ground(c, passages, self.similarity) for c in said) if g is not None]
        log.info("llm_reader sentences=%d kept=%d ms=%d", len(said), len(kept),
                 1000 * (time.perf_counter() - started))
        if not kept:
            return extractive
        return compose_grounded(kept, lang, hits)


def compose_grounded(kept: Sequence[Grounded], language: str, hits: Sequence[Hit]) -> Answer:
    """The kept sentences, each followed by its verbatim quotes, numbered in order of use."""
    lines = [FRAME[language]]
    citations: list[Citation] = []
    numbers: dict[tuple[str, int, int], int] = {}
    for item in kept:
        refs = []
        quote_lines = []
        for hit, start, end in item.support:
            key = (hit.chunk_id, start, end)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(_citation(numbers[key], hit, start, end))
                quote_lines.append(f"« {' '.join(hit.text[start:end].split())} » [{numbers[key]}]")
            refs.append(f"[{numbers[key]}]")
        lines.append(f"{item.text} {''.join(refs)}")
        lines.extend(quote_lines)
    return Answer(text="\n".join(lines), citations=tuple(citations), abstained=False, language=language,
                  hits=tuple(hits))


def _citation(n: int, hit: Hit, start: int, end: int) -> Citation:
    first, last = hit.page_at(start), hit.page_at(end - 1)
    return Citation(n=n, doc_id=hit.doc_id, title=hit.title, organisation=hit.organisation, clause=hit.clause,
                    heading=hit.heading, page=first, quote=hit.text[start:end], chunk_id=hit.chunk_id,
                    level=hit.level, clause_text=hit.text, repaired=hit.repaired,
                    end_page=last if last != first else None)


def build_llm_reader(url: str, model: str | None, api_key: str | None, *, fallback: Answerer | None = None,
                     similarity: Similarity | None = None, timeout: float = 120.0,
                     max_passages: int = MAX_PASSAGES) -> LLMReader:
    """An ``LLMReader`` over the OpenAI-compatible endpoint at ``url`` (``…/v1``); ``fallback``
    (default: a lexical ``ExtractiveAnswerer``) answers when nothing generated is grounded."""
    from langchain_openai import ChatOpenAI

    if fallback is None:
        from answer.extractive import ExtractiveAnswerer

        fallback = ExtractiveAnswerer()

    chat = ChatOpenAI(base_url=url, model=model or "default", api_key=api_key or "unused", temperature=0,
                      max_tokens=MAX_TOKENS, timeout=timeout, max_retries=1)
    return LLMReader(chat, fallback, similarity=similarity, max_passages=max_passages)


def e5_similarity(embed_queries: Callable, embed_passages: Callable) -> Similarity:
    """Cosine of a claim (as a query) with candidate spans (as passages), e5 embeddings."""

    def similarity(claim: str, spans: Sequence[str]) -> list[float]:
        query = embed_queries([claim])[0]
        return [float(v) for v in embed_passages(list(spans)) @ query]

    return similarity

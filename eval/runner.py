"""Run a dataset through one or more systems and score every item.

Each system retrieves (timed), then answers over its own hits (timed); the runner scores the
answer at once and keeps only the metrics. A progress bar runs on stderr.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from clausier.schema import Caller
from clausier.settings import Settings

from eval.dataset import EvalItem
from eval.scoring import RETRIEVE_DEPTH, ItemResult, new_result, score_answer, score_retrieval
from eval.summary import summarize
from eval.systems import ANSWER_DEPTH, CONFIGS, AssistantSystem, NullPromptLog, System

log = logging.getLogger(__name__)

EVAL_CALLER = Caller(user="eval", clearance=3)  # in process: the whole corpus, as the gold set expects


@dataclass(frozen=True)
class ConfigRun:
    name: str
    results: list[ItemResult]
    summary: dict


def run_system(
    system: System, items: Sequence[EvalItem], *, progress: bool = True, on_item: Callable[[], None] | None = None
) -> ConfigRun:
    from tqdm import tqdm

    results = []
    bar = tqdm(items, desc=f"{system.name:>7}", unit="q", file=sys.stderr, disable=not progress, leave=True)
    for item in bar:
        result = new_result(item)
        try:
            started = time.perf_counter()
            hits = system.retrieve(item.question, max(RETRIEVE_DEPTH, ANSWER_DEPTH))
            result.retrieve_ms = 1000 * (time.perf_counter() - started)
            score_retrieval(result, item, hits)
            started = time.perf_counter()
            answer = system.answer(item.question, hits)
            result.answer_ms = 1000 * (time.perf_counter() - started)
            score_answer(result, item, answer)
            del answer  # the text is not kept past scoring
        except Exception as error:  # one failing item must not end a long run
            log.warning("item failed id=%s system=%s error=%s", item.id, system.name, type(error).__name__)
            result.error = f"{type(error).__name__}: {error}"[:200]
        results.append(result)
        if on_item:
            on_item()
    return ConfigRun(system.name, results, summarize(results))


@dataclass
class LocalServices:
    """The in-process components every configuration shares (model loaded once)."""

    settings: Settings
    retriever: object
    answerer: object
    embedder: object
    translator: object = None  # the app's translator: English answers are scored with their translations
    readers: dict = field(default_factory=dict)  # "llm" when --llm-url is given

    @classmethod
    def from_settings(cls, settings: Settings, *, embedder=None, retriever=None,
                      llm_url: str | None = None, llm_model: str | None = None) -> "LocalServices":
        from answer.extractive import ExtractiveAnswerer
        from answer.readers import build_readers, build_translator
        from clausier.embedding.cache import CachingEmbedder
        from retriever.factory import build_retriever

        if embedder is None:
            from clausier.embedding.model import load_embedder

            embedder = load_embedder(settings.model_dir)
        retriever = retriever or build_retriever(settings, embedder=embedder)
        # the answerer's sentence embeddings are cached across configurations (as in the app,
        # one cache per process); retrieval always embeds the question afresh, for fair latency
        cached = CachingEmbedder(embedder)
        answerer = ExtractiveAnswerer(embed_queries=cached.embed_queries, embed_passages=cached.embed_passages)
        if llm_url:
            settings = replace(settings, llm_url=llm_url, llm_model=llm_model or settings.llm_model)
        readers = build_readers(settings, answerer, cached)
        return cls(settings, retriever, answerer, embedder, build_translator(settings), readers)

    def assistant(self, retriever) -> "Assistant":
        """The app's assistant over ``retriever``, answering at the app's depth; nothing logged."""
        from clausier.assistant import Assistant

        return Assistant(self.settings, retriever, self.answerer, NullPromptLog(), answer_depth=ANSWER_DEPTH,
                         translator=self.translator, readers=self.readers)


def build_systems(names: Sequence[str], services: LocalServices) -> list[System]:
    from retriever.search import RetrievalConfig

    systems: list[System] = []
    for name in names:
        if name not in CONFIGS:
            raise ValueError(f"unknown configuration {name!r}; one of {', '.join(CONFIGS)}")
        if name == "reader" and "llm" not in services.readers:
            raise ValueError("the reader configuration needs --llm-url (an OpenAI-compatible endpoint)")
        if name == "naive":
            from eval.naive import NaiveRetriever, corpus_sources

            settings = services.settings
            retriever = NaiveRetriever(corpus_sources(settings.corpus_dir, settings.default_level), services.embedder)
        else:  # « reader »: full retrieval, answered by the LLM reader
            retriever = services.retriever.with_config(RetrievalConfig(mode="full" if name == "reader" else name))
        reader = "llm" if name == "reader" else "extractive"
        systems.append(AssistantSystem(name, services.assistant(retriever), EVAL_CALLER, reader=reader))
    return systems


def run_all(systems: Sequence[System], items: Sequence[EvalItem], *, progress: bool = True) -> list[ConfigRun]:
    runs = []
    for system in systems:
        run = run_system(system, items, progress=progress)
        m = run.summary["metrics"]
        log.info("config done name=%s recall5=%s mrr=%s", run.name, m["recall@5"], m["mrr@10"])
        runs.append(run)
    return runs


def by_part(runs: Sequence[ConfigRun], split: dict[str, frozenset[str]]) -> list[ConfigRun]:
    """Each run summarised per part of the dev split (« full · heldout »), parts in split order."""
    out = []
    for run in runs:
        for part, ids in split.items():
            results = [r for r in run.results if r.id in ids]
            if results:
                out.append(ConfigRun(f"{run.name} · {part}", results, summarize(results)))
    return out

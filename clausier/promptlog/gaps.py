"""Documentation gaps: the questions the documents fail to answer, grouped by topic.

The reason the prompt log exists (Looper-AI: « permettre aux entreprises clientes d'améliorer
leurs réponses aux prompts »). Questions that abstained, got a 👎, or (optionally) scored below
a threshold are embedded, clustered by cosine distance (agglomerative, average linkage), and
each cluster is shown with its questions, counts and the closest clauses the caller may see.
The admin tab shows it; ``python -m eval gaps`` prints it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, Sequence

import numpy as np

from clausier.promptlog.base import PromptLogBase
from clausier.schema import Caller, Hit

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.12  # cosine distance; e5 puts paraphrases of one question below ~0.1


@dataclass(frozen=True)
class GapQuestion:
    text: str
    count: int
    abstained: int
    negative_feedback: int


@dataclass(frozen=True)
class GapClause:
    chunk_id: str
    doc_id: str
    title: str
    clause: str
    heading: str
    score: float


@dataclass(frozen=True)
class GapCluster:
    label: str  # the question closest to the cluster's centre
    count: int  # prompts in the cluster (repeats included)
    questions: tuple[GapQuestion, ...]  # most asked first
    closest: tuple[GapClause, ...]  # what the documents offer nearest to the topic
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class _Gap:
    text: str
    ts: str
    abstained: bool
    negative: bool


def _normalise(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(" ?!.")


def gap_prompts(prompt_log: PromptLogBase, *, since: datetime | None = None, low_score: float | None = None) -> list[_Gap]:
    """Logged prompts that abstained, got a 👎, or scored below ``low_score``."""
    negative = {f.prompt_id for f in prompt_log.feedback_records() if f.value < 0}
    gaps = []
    for record in prompt_log.records(since=since):
        low = low_score is not None and (record.top_score is None or record.top_score < low_score)
        if record.abstained or record.id in negative or low:
            gaps.append(_Gap(record.prompt, record.ts, record.abstained, record.id in negative))
    return gaps


def cluster_labels(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Agglomerative clustering, cosine distance, average linkage; one label per row."""
    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=int)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average")
    return model.fit_predict(vectors)


def _questions(items: Sequence[_Gap]) -> tuple[GapQuestion, ...]:
    by_text: dict[str, list[_Gap]] = {}
    for item in items:
        by_text.setdefault(_normalise(item.text), []).append(item)
    questions = [
        GapQuestion(group[0].text, len(group), sum(g.abstained for g in group), sum(g.negative for g in group))
        for group in by_text.values()
    ]
    return tuple(sorted(questions, key=lambda q: (-q.count, q.text)))


class Searcher(Protocol):
    def search(self, question: str, caller: Caller, *, k: int) -> list[Hit]: ...


class QueryEmbedder(Protocol):
    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def _closest(retriever: Searcher, caller: Caller, question: str, k: int) -> tuple[GapClause, ...]:
    hits = retriever.search(question, caller, k=k)
    return tuple(GapClause(h.chunk_id, h.doc_id, h.title, h.clause, h.heading, h.score) for h in hits)


def gaps_report(prompt_log: PromptLogBase, retriever: Searcher, embedder: QueryEmbedder, caller: Caller, *, since: datetime | None = None,
                threshold: float = DEFAULT_THRESHOLD, low_score: float | None = None,
                closest_k: int = 3, limit: int | None = None) -> list[GapCluster]:
    """Unanswered topics, biggest first. Closest clauses are searched with ``caller``'s clearance."""
    items = gap_prompts(prompt_log, since=since, low_score=low_score)
    if not items:
        return []
    vectors = np.asarray(embedder.embed_queries([item.text for item in items]), dtype=np.float32)
    labels = cluster_labels(vectors, threshold)
    clusters = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        centre = vectors[members].mean(axis=0)
        medoid = items[members[int(np.argmax(vectors[members] @ centre))]]
        group = [items[i] for i in members]
        clusters.append(GapCluster(
            label=medoid.text, count=len(group), questions=_questions(group),
            closest=_closest(retriever, caller, medoid.text, closest_k) if closest_k else (),
            first_seen=min(g.ts for g in group), last_seen=max(g.ts for g in group),
        ))
    clusters.sort(key=lambda c: (-c.count, c.label))
    log.info("gaps_report prompts=%d clusters=%d", len(items), len(clusters))
    return clusters[:limit] if limit else clusters

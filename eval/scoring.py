"""Score one item's retrieval and answer: ranks of the evidence, keywords, citations.

What is kept is what a report may hold: metrics, the keywords matched, the returned clause
ids and headings, the question. Never the answer text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Sequence

from answer.compose import TEMPLATES
from clausier.schema import Hit

from eval.dataset import EvalItem
from eval.metrics import (
    all_at,
    coverage,
    COVER_THRESHOLD,
    keywords_matched,
    recall_at,
    reciprocal_rank,
)
from eval.systems import AnswerView

RETRIEVE_DEPTH = 10
SHOWN_RETURNED = 5


@dataclass(frozen=True)
class Returned:
    doc_id: str
    clause: str
    heading: str


@dataclass
class ItemResult:
    id: str
    type: str
    lang: str
    question: str
    answerable: bool
    n_evidence: int = 0
    ranks: list[int | None] = field(default_factory=list)
    recall: dict[int, float] = field(default_factory=dict)
    mrr: float = 0.0
    ndcg: float = 0.0
    all_in_top5: float | None = None
    abstained: bool = False
    keywords: list[str] = field(default_factory=list)
    keywords_matched: list[str] = field(default_factory=list)
    citations: int = 0
    answer_chars: int = 0  # the answer's length, not its text
    citations_correct: int = 0
    # yes/no items: the polarity the gold answer starts with, and the one the answer leads with
    gold_verdict: str | None = None
    verdict: str | None = None
    returned: list[Returned] = field(default_factory=list)
    cited: list[Returned] = field(default_factory=list)
    retrieve_ms: float = 0.0
    answer_ms: float = 0.0
    error: str | None = None

    @property
    def keyword_ok(self) -> bool:
        return not self.abstained and set(self.keywords_matched) == set(self.keywords)


def _quotes(item: EvalItem) -> list[tuple[str, str]]:
    """Distinct (doc, quote) pairs of the item's evidence."""
    return list(dict.fromkeys((e.doc, e.quote) for e in item.evidence))


def _relevant(doc: str, text: str, evidence_doc: str, quote: str) -> bool:
    # hits without a document id (none of ours) are judged by the quote alone
    return (not doc or doc == evidence_doc) and coverage(text, quote) > COVER_THRESHOLD


def evidence_ranks(hits: Sequence[Hit], item: EvalItem) -> list[int | None]:
    """1-based rank of the first hit covering each evidence quote (None: not in ``hits``)."""
    return [
        next((i for i, h in enumerate(hits, 1) if _relevant(h.doc_id, h.text, doc, quote)), None)
        for doc, quote in _quotes(item)
    ]


def evidence_ndcg(hits: Sequence[Hit], item: EvalItem, k: int = RETRIEVE_DEPTH) -> float:
    """nDCG@k where a hit's gain is the share of the evidence it newly covers; the ideal
    ranking puts the evidence's distinct clauses first."""
    quotes = _quotes(item)
    if not quotes:
        return 0.0
    covered: set[int] = set()
    dcg = 0.0
    for rank, hit in enumerate(hits[:k], 1):
        new = {i for i, (doc, q) in enumerate(quotes) if i not in covered and _relevant(hit.doc_id, hit.text, doc, q)}
        covered |= new
        dcg += (len(new) / len(quotes)) / math.log2(rank + 1)
    clauses = len({(e.doc, e.clause) for e in item.evidence}) or 1
    ideal = sum((1.0 / clauses) / math.log2(i + 1) for i in range(1, min(clauses, k) + 1))
    return min(1.0, dcg / ideal)


def _returned(hits: Sequence[Hit]) -> list[Returned]:
    return [Returned(h.doc_id, h.clause, h.heading) for h in hits[:SHOWN_RETURNED]]


def score_retrieval(result: ItemResult, item: EvalItem, hits: Sequence[Hit]) -> None:
    result.returned = _returned(hits)
    if not item.answerable:
        return
    ranks = evidence_ranks(hits[:RETRIEVE_DEPTH], item)
    result.n_evidence = len(ranks)
    result.ranks = ranks
    result.recall = {k: recall_at(ranks, k) for k in (1, 3, 5, 10)}
    result.mrr = reciprocal_rank(ranks, RETRIEVE_DEPTH)
    result.ndcg = evidence_ndcg(hits, item)
    result.all_in_top5 = all_at(ranks, 5) if len(ranks) > 1 else None


_LEAD = re.compile(r"^\W*(oui|non|yes|no)\b", re.IGNORECASE)
_POLARITY = {"oui": "yes", "yes": "yes", "non": "no", "no": "no"}


def polarity(text: str) -> str | None:
    """« yes » / « no » when ``text`` starts with Oui / Non / Yes / No, else None."""
    match = _LEAD.match(text or "")
    return _POLARITY[match.group(1).lower()] if match else None


def score_answer(result: ItemResult, item: EvalItem, answer: AnswerView) -> None:
    """Keywords matched, citations pointing at a gold clause, abstention, the yes/no lead. The
    text is not kept."""
    result.abstained = answer.abstained
    if item.type == "yes_no":
        result.gold_verdict = polarity(item.answer)
    result.keywords = list(item.scored_keywords)
    result.cited = [Returned(c.doc_id, c.clause, c.heading) for c in answer.citations]
    if answer.abstained:
        return
    result.keywords_matched = keywords_matched(answered_text(answer.text), item.scored_keywords)
    if item.type == "yes_no" or not item.answerable:  # a verdict on an unanswerable item is wrong
        result.verdict = polarity(answer.text)
    result.answer_chars = len(answer.text)
    result.citations = len(answer.citations)
    quotes = _quotes(item)
    result.citations_correct = sum(
        1 for c in answer.citations if any(_relevant(c.doc_id, c.clause_text, doc, q) for doc, q in quotes)
    )


_NOT_FOUND = [
    re.compile(re.escape(t.missing_org).replace(re.escape("{org}"), ".+")) for t in TEMPLATES.values()
]


def answered_text(text: str) -> str:
    """The answer without its « Pour X, je ne trouve pas la réponse … » lines: naming an
    organisation there is not answering for it (a keyword « Assistool » must not match)."""
    return "\n".join(line for line in text.split("\n") if not any(p.fullmatch(line.strip()) for p in _NOT_FOUND))


def new_result(item: EvalItem) -> ItemResult:
    return ItemResult(id=item.id, type=item.type, lang=item.lang, question=item.question, answerable=item.answerable)

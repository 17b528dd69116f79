"""Aggregate item results into a configuration's metrics, overall and per type / language."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Iterable, Sequence

from eval.metrics import mean, percentile
from eval.scoring import ItemResult
from eval.systems import ANSWER_DEPTH

HEADLINE = (
    ("recall@1", "R@1"), ("recall@3", "R@3"), ("recall@5", "R@5"), ("recall@10", "R@10"),
    ("mrr@10", "MRR@10"), ("ndcg@10", "nDCG@10"), ("all_evidence@5", "All@5"),
    ("keyword_accuracy", "KwAcc"), ("citation_accuracy", "CitAcc"),
    ("verdict_coverage", "Verdict cov"), ("verdict_accuracy", "Verdict acc"),
    ("verdict_unanswerable", "Verdict unans"),
    ("abstention", "Abst"), ("false_abstention", "FalseAbst"), ("answer_chars_p50", "ans chars"),
    ("retrieve_p50_ms", "ret p50"), ("retrieve_p95_ms", "ret p95"),
    ("answer_p50_ms", "ans p50"), ("answer_p95_ms", "ans p95"),
)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def metrics(results: Sequence[ItemResult]) -> dict[str, Any]:
    """The metrics of a set of item results (``None`` where the set has no such items)."""
    ok = [r for r in results if r.error is None]
    answerable = [r for r in ok if r.answerable]
    unanswerable = [r for r in ok if not r.answerable]
    multi = [r.all_in_top5 for r in answerable if r.all_in_top5 is not None]
    answered = [r for r in answerable if not r.abstained]
    n_citations = sum(r.citations for r in answered)
    out: dict[str, Any] = {
        "items": len(results),
        "errors": len(results) - len(ok),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
    }
    for k in (1, 3, 5, 10):
        out[f"recall@{k}"] = _r(mean(r.recall.get(k, 0.0) for r in answerable))
    out["mrr@10"] = _r(mean(r.mrr for r in answerable))
    out["ndcg@10"] = _r(mean(r.ndcg for r in answerable))
    out["all_evidence@5"] = _r(mean(multi))
    out["multi_evidence_items"] = len(multi)
    out["keyword_accuracy"] = _r(mean(1.0 if r.keyword_ok else 0.0 for r in answerable))
    out["keyword_recall"] = _r(
        mean(len(r.keywords_matched) / len(r.keywords) for r in answerable if r.keywords)
    )
    out["citation_accuracy"] = _r(sum(r.citations_correct for r in answered) / n_citations) if n_citations else None
    # yes/no items whose gold answer starts with Oui / Non: how often the answer leads with a
    # verdict, and how often that verdict is right (a wrong « Oui » misleads more than a quote)
    judged = [r for r in answerable if r.gold_verdict and not r.abstained]
    led = [r for r in judged if r.verdict]
    out["verdict_led"] = _r(len(led) / len(judged)) if judged else None
    # the same leads over every yes/no item with a gold verdict (abstaining gives none)
    asked = [r for r in answerable if r.gold_verdict]
    out["verdict_coverage"] = _r(sum(1 for r in asked if r.verdict and not r.abstained) / len(asked)) if asked else None
    out["verdict_accuracy"] = _r(mean(1.0 if r.verdict == r.gold_verdict else 0.0 for r in led))
    # an unanswerable item answered « Oui » / « Non »: always wrong, and the worst failure
    out["verdict_unanswerable"] = _r(mean(1.0 if r.verdict else 0.0 for r in unanswerable))
    out["abstention"] = _r(mean(1.0 if r.abstained else 0.0 for r in unanswerable))
    out["false_abstention"] = _r(mean(1.0 if r.abstained else 0.0 for r in answerable))
    # how much an answer makes the reader read: longer quotes contain more keywords
    out["answer_chars_p50"] = round(percentile([r.answer_chars for r in answered], 50)) if answered else None
    for stage in ("retrieve", "answer"):
        values = [getattr(r, f"{stage}_ms") for r in ok]
        out[f"{stage}_p50_ms"] = round(percentile(values, 50), 1)
        out[f"{stage}_p95_ms"] = round(percentile(values, 95), 1)
    return out


def breakdown(results: Sequence[ItemResult], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[ItemResult]] = {}
    for r in results:
        groups.setdefault(getattr(r, key), []).append(r)
    return {name: metrics(group) for name, group in sorted(groups.items())}


CAUSES = (
    ("error", "the system failed on the item"),
    ("answered unanswerable", "answered a question no document answers"),
    ("abstained", "abstained although the documents answer"),
    ("not retrieved", "no evidence among the hits the answer could read"),
    ("ranking", "evidence retrieved, but the answer cites other clauses"),
    ("quote", "an evidence clause is cited, a keyword lies outside the quoted sentences"),
)


def cause(r: ItemResult, depth: int = ANSWER_DEPTH) -> str | None:
    """Why an item failed, by the first stage that went wrong (None when it did not fail).

    For answers: ``ranking`` when an evidence quote was among the first ``depth`` hits (what
    the answerer reads) but no citation covers a gold quote; ``quote`` when a citation does
    cover one and a keyword is still missing.
    """
    if r.error:
        return "error"
    if not r.answerable:
        return None if r.abstained else "answered unanswerable"
    if r.abstained:
        return "abstained"
    if r.keyword_ok:
        return None
    if r.citations_correct:
        return "quote"
    return "ranking" if any(rank is not None and rank <= depth for rank in r.ranks) else "not retrieved"


def misses(results: Iterable[ItemResult]) -> list[dict[str, Any]]:
    """Items that failed something, with what was returned (ids and headings, no answer text)."""
    out = []
    for r in results:
        problems = []
        if r.error:
            problems.append(f"error: {r.error}")
        elif r.answerable:
            if r.recall.get(5, 0.0) < 1.0:
                problems.append(f"evidence not in top 5 (ranks {r.ranks})")
            if r.abstained:
                problems.append("abstained on an answerable question")
            elif not r.keyword_ok:
                missing = [k for k in r.keywords if k not in r.keywords_matched]
                problems.append(f"keywords missing: {missing}")
            if r.citations and r.citations_correct < r.citations:
                problems.append(f"citations off gold: {r.citations - r.citations_correct}/{r.citations}")
        elif not r.abstained:
            problems.append("answered an unanswerable question")
        if problems:
            out.append({
                "id": r.id, "type": r.type, "lang": r.lang, "question": r.question, "problems": problems,
                "cause": cause(r),
                "returned": [asdict(x) for x in r.returned], "cited": [asdict(x) for x in r.cited],
                "keywords_matched": r.keywords_matched,
            })
    return out


def summarize(results: Sequence[ItemResult]) -> dict[str, Any]:
    return {
        "metrics": metrics(results),
        "by_type": breakdown(results, "type"),
        "by_lang": breakdown(results, "lang"),
        "misses": misses(results),
        "causes": causes(results),
    }


def causes(results: Iterable[ItemResult]) -> dict[str, int]:
    """How many items failed at each stage (see ``cause``), in pipeline order."""
    counts = {name: 0 for name, _ in CAUSES}
    for r in results:
        found = cause(r)
        if found:
            counts[found] += 1
    return counts


def item_record(r: ItemResult) -> dict[str, Any]:
    """One item's scored result as stored in the JSON report (no answer text)."""
    data = asdict(r)
    data["recall"] = {str(k): v for k, v in r.recall.items()}
    data["keyword_ok"] = r.keyword_ok
    return data

"""Calibrate the answerer's abstention threshold (``min_support``) on a gold set.

    python -m eval.calibrate [--dataset FILE] [--max-false 0.05] [--out DIR]
    python -m eval --calibrate …

Each question is retrieved once (``full``) and the answerer's best support computed once; the
sweep then decides « abstain when support < t » for every t. Abstention precision = share of
abstentions that were on unanswerable items; recall = share of unanswerable items abstained
on; false abstention = share of answerable items abstained on. The recommended threshold is
the one with the best recall whose false abstention stays within ``--max-false`` (ties: the
highest threshold among equals). Thresholds are chosen per question language too (supports
of English questions over French clauses run lower). Writes ``calibration-<stamp>.{json,md,png}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from clausier.settings import Settings  # first: sets the offline switches

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent
STEP = 0.01
MAX_FALSE_ABSTENTION = 0.05


@dataclass(frozen=True)
class Point:
    threshold: float
    precision: float | None
    recall: float
    false_abstention: float
    accuracy: float  # share of items whose abstain/answer decision is right


def sweep(supports: Sequence[tuple[float, bool] | tuple[float, bool, bool]], step: float = STEP) -> list[Point]:
    """Points of the curve for ``supports`` = (best support, answerable[, abstains anyway]) per
    item; the third field marks items the answer-type check abstains on whatever the threshold."""
    rows = [(s[0], s[1], bool(s[2]) if len(s) > 2 else False) for s in supports]  # language ignored
    unanswerable = sum(1 for _, a, _ in rows if not a) or 1
    answerable = sum(1 for _, a, _ in rows if a) or 1
    points = []
    for i in range(int(round(1 / step)) + 1):
        t = round(i * step, 4)
        abstain = [(s < t or gated, a) for s, a, gated in rows]
        true_abst = sum(1 for ab, a in abstain if ab and not a)
        false_abst = sum(1 for ab, a in abstain if ab and a)
        n_abst = true_abst + false_abst
        right = sum(1 for ab, a in abstain if ab != a)
        points.append(Point(
            threshold=t,
            precision=round(true_abst / n_abst, 4) if n_abst else None,
            recall=round(true_abst / unanswerable, 4),
            false_abstention=round(false_abst / answerable, 4),
            accuracy=round(right / len(supports), 4) if supports else 0.0,
        ))
    return points


def recommend(points: Sequence[Point], max_false: float = MAX_FALSE_ABSTENTION) -> Point:
    allowed = [p for p in points if p.false_abstention <= max_false] or [points[0]]
    # ties: fewer false abstentions, then the higher threshold (safer on off-topic questions)
    return max(allowed, key=lambda p: (p.recall, -p.false_abstention, p.threshold))


def supports_for(items, assistant, answerer, caller) -> list[tuple[float, bool, bool, str]]:
    """(best support, answerable, abstained by the answer-type check, language) per item, over
    exactly what ``Assistant.ask`` gives the answerer."""
    out = []
    for item in items:
        hits = assistant.evidence(item.question, caller)
        assessment = answerer.assess(item.question, hits)
        gated = bool(hits) and (assessment.weak_evidence or assessment.lacks_answer_type())
        out.append((assessment.support, item.answerable, gated, assessment.question.language))
    return out


def chart(points: Sequence[Point], chosen: Point, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    ts = [p.threshold for p in points]
    right.plot(ts, [p.recall for p in points], label="abstention recall (unanswerable)")
    right.plot(ts, [p.precision if p.precision is not None else float("nan") for p in points], label="abstention precision")
    right.plot(ts, [p.false_abstention for p in points], label="false abstention (answerable)")
    right.axvline(chosen.threshold, color="grey", linestyle="--", label=f"chosen {chosen.threshold:.2f}")
    right.set_xlabel("min_support")
    right.set_ylim(0, 1.02)
    right.legend(fontsize=8)
    with_precision = [p for p in points if p.precision is not None]
    left.plot([p.recall for p in with_precision], [p.precision for p in with_precision], marker=".")
    left.scatter([chosen.recall], [chosen.precision or 0.0], color="red", zorder=3)
    left.set_xlabel("abstention recall")
    left.set_ylabel("abstention precision")
    left.set_title("precision / recall of abstention")
    for ax in (left, right):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(points: Sequence[Point], chosen: Point, meta: dict) -> str:
    lines = [
        f"# Calibration of min_support — {meta['stamp']}",
        f"Dataset `{meta['dataset']}`: {meta['answerable']} answerable, {meta['unanswerable']} unanswerable. "
        f"Chosen: **{chosen.threshold:.2f}** (best abstention recall with false abstention ≤ {meta['max_false']}); "
        "per language: " + ", ".join(f"{lang} **{p['threshold']:.2f}** (recall {p['recall']:.2f}, false "
                                     f"abstention {p['false_abstention']:.3f})" for lang, p in meta["by_language"].items()) + ".",
        "",
        "| min_support | precision | recall | false abstention | decision accuracy |",
        "|---|---|---|---|---|",
    ]
    for p in points:
        mark = " ←" if p == chosen else ""
        prec = "–" if p.precision is None else f"{p.precision:.3f}"
        lines.append(f"| {p.threshold:.2f}{mark} | {prec} | {p.recall:.3f} | {p.false_abstention:.3f} | {p.accuracy:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None, *, services=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "datasets" / "dev.jsonl")
    parser.add_argument("--max-false", type=float, default=MAX_FALSE_ABSTENTION)
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--json", action="store_true")
    args, _ = parser.parse_known_args(argv)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    from eval.dataset import load_dataset
    from eval.runner import EVAL_CALLER, LocalServices
    from retriever.search import RetrievalConfig

    services = services or LocalServices.from_settings(Settings.from_env())
    items = load_dataset(args.dataset)
    assistant = services.assistant(services.retriever.with_config(RetrievalConfig(mode="full")))
    supports = supports_for(items, assistant, services.answerer, EVAL_CALLER)
    points = sweep(supports)
    chosen = recommend(points, args.max_false)
    by_language = {
        lang: asdict(recommend(sweep([s for s in supports if s[3] == lang]), args.max_false))
        for lang in sorted({s[3] for s in supports})
    }
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    meta = {"stamp": stamp, "dataset": str(args.dataset), "max_false": args.max_false,
            "answerable": sum(s[1] for s in supports), "unanswerable": sum(not s[1] for s in supports),
            "by_language": by_language}
    args.out.mkdir(parents=True, exist_ok=True)
    base = args.out / f"calibration-{stamp}"
    Path(f"{base}.json").write_text(json.dumps(
        {"meta": meta, "chosen": asdict(chosen), "points": [asdict(p) for p in points]}, indent=1), encoding="utf-8")
    Path(f"{base}.md").write_text(markdown(points, chosen, meta), encoding="utf-8")
    chart(points, chosen, Path(f"{base}.png"))
    if args.json:
        print(json.dumps({"chosen": asdict(chosen), "reports": str(base)}, indent=1))
    else:
        print(markdown([p for p in points if p.threshold <= 0.7], chosen, meta))
        print(f"{base}.{{json,md,png}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

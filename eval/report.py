"""Write a run's reports: a console table, ``<stamp>.json``, ``<stamp>.md``, ``<stamp>.png``.

Reports hold metrics, keywords matched, returned clause ids and headings and the questions;
never an answer's text.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from clausier.schema import HEADING_SEPARATOR
from eval.runner import ConfigRun
from eval.summary import CAUSES, HEADLINE, item_record

log = logging.getLogger(__name__)

CHART_METRICS = ("recall@5", "mrr@10", "ndcg@10", "keyword_accuracy", "citation_accuracy", "abstention")


def _cell(value: Any, key: str = "") -> str:
    if value is None:
        return "–"
    if key.endswith("_ms"):
        return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def table(runs: Sequence[ConfigRun], keys: Sequence[tuple[str, str]] = HEADLINE) -> str:
    """A Markdown table: one row per configuration, one column per headline metric."""
    header = "| config | " + " | ".join(label for _, label in keys) + " |"
    rule = "|---|" + "---|" * len(keys)
    rows = [
        f"| {run.name} | " + " | ".join(_cell(run.summary["metrics"].get(key), key) for key, _ in keys) + " |"
        for run in runs
    ]
    return "\n".join([header, rule, *rows])


def _breakdown_table(run: ConfigRun, section: str) -> str:
    keys = (("recall@5", "R@5"), ("mrr@10", "MRR@10"), ("keyword_accuracy", "KwAcc"),
            ("citation_accuracy", "CitAcc"), ("abstention", "Abst"), ("false_abstention", "FalseAbst"))
    lines = [f"| {section} | n | " + " | ".join(label for _, label in keys) + " |", "|---|---|" + "---|" * len(keys)]
    for name, m in run.summary[section].items():
        lines.append(f"| {name} | {m['items']} | " + " | ".join(_cell(m.get(k), k) for k, _ in keys) + " |")
    return "\n".join(lines)


def _returned(entries: list[dict[str, Any]]) -> str:
    """« doc clause », or the last heading when the clause has no number."""
    return "; ".join(f"{e['doc_id']} {e['clause'] or _last_heading(e.get('heading', '')) or '§'}".strip()
                     for e in entries) or "–"


def _last_heading(heading: str) -> str:
    return heading.split(HEADING_SEPARATOR)[-1].strip() if heading else ""


def _causes_table(run: ConfigRun) -> str:
    """Failed items per cause (the first stage that went wrong), with what each cause means."""
    counts = run.summary.get("causes", {})
    rows = [f"| {name} | {counts.get(name, 0)} | {meaning} |" for name, meaning in CAUSES]
    return "\n".join(["### Failures by cause", "", "| cause | items | meaning |", "|---|---|---|", *rows])


def markdown(runs: Sequence[ConfigRun], meta: dict[str, Any]) -> str:
    parts = [
        f"# Évaluation Clausier — {meta['stamp']}",
        f"Dataset `{meta['dataset']}` ({meta['items']} questions); configurations: {', '.join(r.name for r in runs)}.",
        "R@k: share of an item's evidence quotes found in the top k; All@5: every quote in the top 5 "
        "(multi-evidence items); KwAcc: every keyword in the answer; CitAcc: citations whose clause covers "
        "a gold quote; Verdict cov: yes/no items (gold Oui/Non) answered with a verdict; Verdict acc: those verdicts that match "
        "the gold answer; Verdict unans: unanswerable items answered with a verdict (each one wrong); Abst: "
        "abstention on unanswerable items; latencies in ms.",
        table(runs),
    ]
    for run in runs:
        parts.append(f"## {run.name}")
        parts.append(_breakdown_table(run, "by_type"))
        parts.append(_breakdown_table(run, "by_lang"))
        missed = run.summary["misses"]
        parts.append(_causes_table(run))
        parts.append(f"### Misses ({len(missed)})")
        for miss in missed:
            parts.append(
                f"- **{miss['id']}** ({miss['type']}, {miss['lang']}) {miss['question']}\n"
                f"  - {'; '.join(miss['problems'])}" + (f" — cause: **{miss['cause']}**" if miss.get("cause") else "") + "\n"
                f"  - returned: {_returned(miss['returned'])}\n"
                f"  - cited: {_returned(miss['cited'])}; keywords matched: {miss['keywords_matched']}"
            )
    return "\n\n".join(parts) + "\n"


def chart(runs: Sequence[ConfigRun], path: Path) -> None:
    """Grouped bars: one group per metric, one bar per configuration."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    x = np.arange(len(CHART_METRICS))
    width = 0.8 / max(1, len(runs))
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for i, run in enumerate(runs):
        values = [run.summary["metrics"].get(m) or 0.0 for m in CHART_METRICS]
        ax.bar(x + i * width - 0.4 + width / 2, values, width, label=run.name)
    ax.set_xticks(x, CHART_METRICS)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("Clausier — configurations compared")
    ax.legend(ncols=min(5, len(runs)), fontsize=8, loc="lower right")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_reports(runs: Sequence[ConfigRun], out_dir: Path, meta: dict[str, Any]) -> dict[str, Path]:
    """The three report files, named after the run's timestamp; their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = meta.setdefault("stamp", datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"))
    paths = {ext: out_dir / f"{stamp}.{ext}" for ext in ("json", "md", "png")}
    payload = {
        "meta": meta,
        "configs": {
            run.name: {**run.summary, "items": [item_record(r) for r in run.results]} for run in runs
        },
    }
    paths["json"].write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["md"].write_text(markdown(runs, meta), encoding="utf-8")
    chart(runs, paths["png"])
    log.info("reports written dir=%s stamp=%s", out_dir, stamp)
    return paths

"""``python -m eval gaps``: the documentation gaps report (``clausier/promptlog/gaps.py``) in the terminal.

    python -m eval gaps [--days 90] [--clearance 0] [--threshold 0.12] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from typing import Sequence

from clausier.promptlog.gaps import DEFAULT_THRESHOLD, GapCluster, cluster_labels, gap_prompts, gaps_report
from clausier.schema import Caller

__all__ = ["cluster_labels", "gap_prompts", "gaps_report", "main", "render"]


def render(clusters: Sequence[GapCluster]) -> str:
    if not clusters:
        return "Aucune question sans réponse dans la période."
    lines = []
    for n, cluster in enumerate(clusters, 1):
        lines.append(f"{n}. {cluster.label}  — {cluster.count} question(s), du {cluster.first_seen[:10]} au {cluster.last_seen[:10]}")
        for q in cluster.questions:
            flags = f"sans réponse ×{q.abstained}" + (f", 👎 ×{q.negative_feedback}" if q.negative_feedback else "")
            lines.append(f"     {q.count:>3} × {q.text}  ({flags})")
        for c in cluster.closest:
            lines.append(f"     ↳ clause la plus proche : {c.title} — {c.clause} {c.heading} ({c.score:.2f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval gaps", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90, help="questions of the last N days (0: all)")
    parser.add_argument("--clearance", type=int, default=0, choices=range(4),
                        help="clearance used to look up the closest clauses (default 0)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="cosine distance merging two topics")
    parser.add_argument("--low-score", type=float, help="also count answered questions whose top score is below this")
    parser.add_argument("--limit", type=int, help="show only the N biggest topics")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from clausier.settings import Settings
    from clausier.embedding.model import load_embedder
    from clausier.promptlog import open_prompt_log
    from retriever.factory import build_retriever

    settings = Settings.from_env()
    embedder = load_embedder(settings.model_dir)
    since = datetime.now(timezone.utc) - timedelta(days=args.days) if args.days else None
    prompt_log = open_prompt_log(settings)
    try:
        clusters = gaps_report(
            prompt_log, build_retriever(settings, embedder=embedder), embedder,
            Caller(user="gaps-report", clearance=args.clearance), since=since,
            threshold=args.threshold, low_score=args.low_score, limit=args.limit,
        )
    finally:
        prompt_log.close()
    print(json.dumps([asdict(c) for c in clusters], ensure_ascii=False, indent=1) if args.json else render(clusters))
    return 0


if __name__ == "__main__":
    sys.exit(main())

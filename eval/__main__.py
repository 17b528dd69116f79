"""``python -m eval [--dataset FILE] [--config NAME …] [--api URL] [--json]``.

Runs the dataset through each configuration (bm25, dense, hybrid, full, naive by default) or
through a running server (``--api URL``; ``CLAUSIER_API_KEY`` is sent as a bearer token when
set), prints a comparison table and writes ``eval/reports/<timestamp>.{json,md,png}``. On the
dev set each configuration is reported per part of its committed split (``tune``, the part
everything is tuned on, and ``heldout``, the headline); ``--part`` runs one part only.

``python -m eval gaps …`` shows the documentation gaps (``eval/gaps.py``).
``python -m eval --calibrate`` sweeps the answerer's ``min_support`` (``eval/calibrate.py``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from clausier.settings import Settings  # first: sets the offline switches

from clausier.errors import ClausierError

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent
DEFAULT_DATASET = ROOT / "datasets" / "dev.jsonl"
DEFAULT_REPORTS = ROOT / "reports"


def _parser() -> argparse.ArgumentParser:
    from eval.systems import CONFIGS

    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET, help="JSON-lines gold set")
    parser.add_argument("--config", nargs="+", choices=CONFIGS, default=None, metavar="NAME",
                        help=f"configurations to compare (default: all of {', '.join(CONFIGS)})")
    parser.add_argument("--api", metavar="URL", help="evaluate a running server instead of in-process configurations")
    parser.add_argument("--llm-url", metavar="URL", help="an OpenAI-compatible endpoint (…/v1): adds the 'reader' row")
    parser.add_argument("--llm-model", metavar="NAME", help="the model name to ask the endpoint for")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--out", type=Path, default=DEFAULT_REPORTS, help="report folder (default: eval/reports)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N items")
    parser.add_argument("--part", choices=("tune", "heldout", "both"), default="both",
                        help="dev set only: run one part of its split, or both (reported apart)")
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument("--calibrate", action="store_true", help="sweep the abstention threshold instead")
    return parser


def main(argv: list[str] | None = None, *, services=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "gaps":
        from eval import gaps  # lazily: another module, possibly absent

        return gaps.main(argv[1:])
    args = _parser().parse_args(argv)
    if args.calibrate:
        from eval import calibrate

        return calibrate.main([a for a in argv if a != "--calibrate"], services=services)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    from eval.dataset import load_dataset
    from eval.report import table, write_reports
    from eval.runner import LocalServices, build_systems, by_part, run_all
    from eval.split import split_for

    systems = []
    try:
        items = load_dataset(args.dataset)
        split = split_for(args.dataset, items)
        if split and args.part != "both":
            items = [item for item in items if item.id in split[args.part]]
        items = items[: args.limit]
        if args.api:
            from eval.systems import ApiSystem

            systems = [ApiSystem(args.api, os.environ.get("CLAUSIER_API_KEY") or None)]
        else:
            services = services or LocalServices.from_settings(Settings.from_env(), llm_url=args.llm_url,
                                                               llm_model=args.llm_model)
            configs = args.config or _default_configs()
            if args.llm_url and "reader" not in configs:
                configs = [*configs, "reader"]
            systems = build_systems(configs, services)
        runs = run_all(systems, items, progress=not args.no_progress)
        if split:
            runs = by_part(runs, split)
    except (ClausierError, ValueError) as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    finally:
        for system in systems:
            getattr(system, "close", lambda: None)()
    meta = {"dataset": str(args.dataset), "items": len(items), "api": args.api, "part": args.part if split else None,
            "configs": [run.name for run in runs]}
    paths = write_reports(runs, args.out, meta)
    if args.json:
        print(json.dumps({"meta": meta, "metrics": {r.name: r.summary["metrics"] for r in runs},
                          "reports": {k: str(v) for k, v in paths.items()}}, ensure_ascii=False, indent=1))
    else:
        print(table(runs))
        for run in runs:
            counts = ", ".join(f"{name} {n}" for name, n in run.summary["causes"].items() if n)
            print(f"{run.name} failures by cause: {counts or 'none'}")
        print("\n" + "  ".join(str(p) for p in paths.values()))
    return 0


def _default_configs() -> list[str]:
    from eval.systems import CONFIGS

    return [name for name in CONFIGS if name != "reader"]


if __name__ == "__main__":
    sys.exit(main())

"""``python -m retriever "question" [--k 5] [--json]`` or ``--batch FILE.jsonl``.

Batch input: JSON lines with ``id`` and ``question``; output: one JSON line per input,
``{"id", "hits": [...]}``. The model is loaded once.
"""

from __future__ import annotations

import argparse
import json
import sys

from clausier.settings import Settings  # first: sets the offline switches

from clausier.errors import ClausierError
from clausier.schema import Caller

from .factory import build_retriever
from .search import MODES, RetrievalConfig


def _print_hits(hits, out) -> None:
    for rank, hit in enumerate(hits, 1):
        page = f", p. {hit.page}" if hit.page else ""
        print(f"{rank}. [{hit.score:.3f}] {hit.title} — {hit.clause or '§'} {hit.heading}{page}", file=out)
        text = hit.text.replace("\n", " ")
        print(f"   {text[:240]}{'…' if len(text) > 240 else ''}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m retriever", description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="?")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--batch", metavar="FILE.jsonl")
    parser.add_argument("--clearance", type=int, default=None, help="caller clearance 0–3 (default: the anonymous clearance)")
    parser.add_argument("--mode", choices=MODES, default="full")
    args = parser.parse_args(argv)
    if not args.question and not args.batch:
        parser.error("a question or --batch FILE is required")
    settings = Settings.from_env()
    caller = Caller(user="cli", clearance=settings.anonymous_clearance if args.clearance is None else args.clearance)
    try:
        retriever = build_retriever(settings, RetrievalConfig(mode=args.mode))
        if args.batch:
            with open(args.batch, encoding="utf-8") as lines:
                for line in lines:
                    if not line.strip():
                        continue
                    item = json.loads(line)
                    hits = retriever.search(item["question"], caller, k=args.k)
                    print(json.dumps({"id": item.get("id"), "hits": [h.public() for h in hits]}, ensure_ascii=False))
            return 0
        hits = retriever.search(args.question, caller, k=args.k)
    except ClausierError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"query": args.question, "hits": [h.public() for h in hits]}, ensure_ascii=False, indent=1))
    else:
        _print_hits(hits, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

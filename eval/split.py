"""The dev set's fixed split into a tuning part and a held-out part.

    python -m eval.split [--dataset FILE] [--seed N] [--out FILE]

Made once and kept in the repository (``eval/datasets/dev-split.json``): thresholds, rules and
vocabularies are tuned on ``tune`` only; ``heldout`` is reported, never tuned on. Items are
stratified by document, question type and language, so each part has its share of every
stratum; within a stratum a seeded shuffle decides, and odd leftovers alternate between the
parts across strata so that neither part collects them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Sequence

from eval.dataset import EvalItem, load_dataset

ROOT = Path(__file__).resolve().parent
DEV = ROOT / "datasets" / "dev.jsonl"
SPLIT_FILE = ROOT / "datasets" / "dev-split.json"
PARTS = ("tune", "heldout")
SEED = 20261202


def stratum(item: EvalItem) -> tuple[str, str, str]:
    """(document, type, language); an unanswerable item's document is the one its id names."""
    docs = sorted({e.doc for e in item.evidence})
    doc = "+".join(docs) if docs else item.id.rsplit("-", 1)[0]
    return doc, item.type, item.lang


def split_ids(items: Sequence[EvalItem], seed: int = SEED) -> dict[str, list[str]]:
    """Ids per part, half of each stratum in each (seeded)."""
    rng = random.Random(seed)
    strata: dict[tuple[str, str, str], list[str]] = {}
    for item in items:
        strata.setdefault(stratum(item), []).append(item.id)
    parts: dict[str, list[str]] = {p: [] for p in PARTS}
    leftover_to = 0
    for key in sorted(strata):
        ids = sorted(strata[key])
        rng.shuffle(ids)
        half = len(ids) // 2
        parts["tune"].extend(ids[:half])
        parts["heldout"].extend(ids[half : 2 * half])
        if len(ids) % 2:
            parts[PARTS[leftover_to]].append(ids[-1])
            leftover_to = 1 - leftover_to
    return {p: sorted(ids) for p, ids in parts.items()}


def load_split(path: Path = SPLIT_FILE) -> dict[str, frozenset[str]]:
    """The committed split: part name → item ids."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {part: frozenset(data[part]) for part in PARTS}


def split_for(dataset: Path, items: Sequence[EvalItem], path: Path = SPLIT_FILE) -> dict[str, frozenset[str]] | None:
    """The committed split when ``dataset`` is the one it was made from (every id in a part)."""
    if not path.exists():
        return None
    split = load_split(path)
    named = json.loads(path.read_text(encoding="utf-8")).get("dataset")
    ids = {item.id for item in items}
    if Path(dataset).name != named or not ids <= set().union(*split.values()):
        return None
    return split


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.split", description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEV)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=SPLIT_FILE)
    args = parser.parse_args(argv)
    items = load_dataset(args.dataset)
    parts = split_ids(items, args.seed)
    body = {"dataset": args.dataset.name, "seed": args.seed, **parts}
    args.out.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: " + ", ".join(f"{p} {len(parts[p])}" for p in PARTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the repair stage: IPSO accuracy, clean text kept, random-font scrambles, time.

    .venv/bin/python bench/repair_bench.py [--seeds 3] [--first-seed 0] [--runs 5] [--misses 4]

Token = whitespace-delimited word. A garbled token is one whose input differs from the truth;
it counts as right only if the output equals the truth exactly. A clean token is one whose
input already equals the truth; it is damaged if the output differs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.repair import repair_document  # noqa: E402
from ingest.repair.scramble import scramble  # noqa: E402

CORPUS = ROOT / "corpus"
IPSO = CORPUS / "ipso_convention-rgpd-sous-traitance.txt"
EXPECTED = ROOT / "tests" / "fixtures" / "repair" / "ipso_expected.txt"
CLEAN_DOCS = sorted(p for p in CORPUS.glob("*.txt") if p != IPSO)


@dataclass
class Score:
    garbled: int = 0
    right: int = 0
    clean: int = 0
    damaged: int = 0

    def add(self, source: str, output: str, truth: str, misses: list | None = None) -> None:
        for s_line, o_line, t_line in zip(source.split("\n"), output.split("\n"), truth.split("\n")):
            for s, o, t in zip(s_line.split(), o_line.split(), t_line.split()):
                if s == t:
                    self.clean += 1
                    self.damaged += o != t
                else:
                    self.garbled += 1
                    self.right += o == t
                    if o != t and misses is not None:
                        misses.append((s, o, t))

    @property
    def accuracy(self) -> float:
        return self.right / self.garbled if self.garbled else 1.0


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def bench_ipso(runs: int) -> None:
    source, truth = read(IPSO), read(EXPECTED)
    times, output = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        output = repair_document([source]).pages[0]
        times.append(time.perf_counter() - started)
    score, misses = Score(), []
    score.add(source, output, truth, misses)
    print(f"IPSO garbled-token accuracy: {score.right}/{score.garbled} = {score.accuracy:.2%}")
    print(f"IPSO clean tokens changed: {score.damaged}/{score.clean}")
    for s, o, t in misses[:20]:
        print(f"   miss: {s!r} -> {o!r} (expected {t!r})")
    print(f"IPSO time: median {statistics.median(times):.2f} s over {runs} runs (first {times[0]:.2f} s)")


def _char_diffs(output: str, truth: str) -> list[tuple[str, str]]:
    """(got, expected) characters where a missed token differs from the truth (same length only)."""
    if len(output) != len(truth):
        return [(output, truth)]
    return [(o, t) for o, t in zip(output, truth) if o != t]


def bench_scrambles(seeds: int, first_seed: int, shown: int) -> None:
    total, all_misses = Score(), []
    for doc in CLEAN_DOCS:
        clean = read(doc)
        references = [read(p) for p in CLEAN_DOCS if p != doc]
        for seed in range(first_seed, first_seed + seeds):
            garbled = "\n".join(scramble(clean.split("\n"), seed).lines)
            started = time.perf_counter()
            output = repair_document([garbled], reference_texts=references).pages[0]
            elapsed = time.perf_counter() - started
            score, misses = Score(), []
            score.add(garbled, output, clean, misses)
            total.garbled += score.garbled
            total.right += score.right
            total.clean += score.clean
            total.damaged += score.damaged
            print(f"  {doc.name[:24]:24} seed={seed} garbled={score.garbled} acc={score.accuracy:.2%} "
                  f"damaged={score.damaged} time={elapsed:.2f}s")
            for s, o, t in misses[:shown]:
                print(f"     miss: {s!r} -> {o!r} (expected {t!r})")
            all_misses += misses
    groups = Counter(d for _, o, t in all_misses for d in _char_diffs(o, t))
    print("Most frequent wrong characters in missed tokens (got -> expected: times):")
    for (got, expected), times in groups.most_common(shown * 3):
        print(f"   {got!r} -> {expected!r}: {times}")
    print(f"Scrambled garbled-token accuracy: {total.right}/{total.garbled} = {total.accuracy:.2%}")
    print(f"Scrambled clean tokens damaged: {total.damaged}/{total.clean}")


def bench_clean() -> None:
    unchanged = sum(repair_document([read(p)]).pages[0] == read(p) for p in CLEAN_DOCS)
    print(f"Clean documents byte-identical: {unchanged}/{len(CLEAN_DOCS)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="random tables per clean document")
    parser.add_argument("--first-seed", type=int, default=0, help="first scramble seed")
    parser.add_argument("--misses", type=int, default=4, help="missed tokens shown per table")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the IPSO document")
    args = parser.parse_args()
    bench_ipso(args.runs)
    bench_clean()
    bench_scrambles(args.seeds, args.first_seed, args.misses)


if __name__ == "__main__":
    main()

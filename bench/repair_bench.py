"""Benchmark of the repair stage: IPSO, clean documents kept, font-layout tables, confidence, time.

    .venv/bin/python bench/repair_bench.py [--set dev|held-out|both] [--tables N] [--runs 5] [--misses 2]
                                           [--skip-ipso] [--old-seeds N] [--fresh FIRST-LAST]

Tables: ``ingest.repair.fontlayout.font_scramble`` over the four clean seed documents, seeds
``DEV_SEEDS`` (developed on) and ``HELD_OUT_SEEDS`` (never looked at while developing): 48 each.
Token = whitespace-delimited word. A garbled token is one whose input differs from the truth;
it is right only if the output equals the truth. A clean token is damaged if the output differs.
A token is flagged when the repair reports it low-confidence (its text is then left as found).
Confident-wrong share: tokens not flagged whose output is wrong, over all tokens not flagged
(clean and garbled). Flagged share: wrong tokens that are flagged, over all wrong tokens.
Times: wall clock and this process's CPU time (the machine is shared; CPU time is the fair one).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.repair import DocumentRepair, repair_document  # noqa: E402
from ingest.repair.fontlayout import font_scramble  # noqa: E402
from ingest.repair.scramble import scramble  # noqa: E402

CORPUS = ROOT / "corpus"
IPSO = CORPUS / "ipso_convention-rgpd-sous-traitance.txt"
EXPECTED = ROOT / "tests" / "fixtures" / "repair" / "ipso_expected.txt"
CLEAN_DOCS = sorted(p for p in CORPUS.glob("*.txt") if p != IPSO)
DEV_SEEDS = tuple(range(12))  # 4 documents × 12 = 48 frozen tables
HELD_OUT_SEEDS = tuple(range(9000, 9012))  # 48 more, for reporting only


@dataclass
class Score:
    garbled: int = 0
    right: int = 0
    clean: int = 0
    damaged: int = 0
    confident: int = 0
    confident_wrong: int = 0
    wrong: int = 0
    flagged_wrong: int = 0
    misses: list = field(default_factory=list)

    def add(self, source: str, output: str, truth: str, flags: frozenset = frozenset()) -> None:
        for i, (s_line, o_line, t_line) in enumerate(zip(source.split("\n"), output.split("\n"), truth.split("\n"))):
            if len(o_line.split()) != len(t_line.split()):
                o_line = "\x00 " * len(t_line.split())  # tokens merged or split: every token of the line is wrong
            for j, (s, o, t) in enumerate(zip(s_line.split(), o_line.split(), t_line.split())):
                flagged = (i, j) in flags
                if s == t:
                    self.clean += 1
                    self.damaged += o != t
                else:
                    self.garbled += 1
                    self.right += o == t
                    if o != t:
                        self.misses.append((s, o, t, flagged))
                self.wrong += o != t
                self.flagged_wrong += flagged and o != t
                self.confident += not flagged
                self.confident_wrong += not flagged and o != t

    def merge(self, other: "Score") -> None:
        for name in ("garbled", "right", "clean", "damaged", "confident", "confident_wrong", "wrong", "flagged_wrong"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @property
    def accuracy(self) -> float:
        return self.right / self.garbled if self.garbled else 1.0


def flags(result: DocumentRepair, pages: list[str]) -> frozenset[tuple[int, int]]:
    """(line, token index) of every flagged token, lines counted over the joined pages."""
    offsets, total = [], 0
    for page in pages:
        offsets.append(total)
        total += page.count("\n") + 1
    out = set()
    for p, line, index in result.unsure_tokens:
        out.add((offsets[p] + line, index))
    return frozenset(out)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


_REPAIRED: list[str] = []  # documents this process has repaired (the first one also loads the word lists)


def bench_ipso(runs: int) -> None:
    source, truth = read(IPSO), read(EXPECTED)
    times, cpus, result = [], [], None
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = repair_document([source])
        _REPAIRED.append(IPSO.name)
        times.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    score = Score()
    score.add(source, result.pages[0], truth, flags(result, [source]))
    print(f"IPSO garbled-token accuracy: {score.right}/{score.garbled} = {score.accuracy:.2%}")
    print(f"IPSO clean tokens changed: {score.damaged}/{score.clean}; flagged tokens: {len(result.unsure_tokens)}")
    for s, o, t, _ in score.misses[:10]:
        print(f"   miss: {s!r} -> {o!r} (expected {t!r})")
    print(f"IPSO time: median {statistics.median(times):.2f} s wall, {statistics.median(cpus):.2f} s CPU over {runs} "
          f"runs (first {times[0]:.2f} s wall, {cpus[0]:.2f} s CPU)")


def bench_clean() -> None:
    unchanged = sum(repair_document([read(p)]).pages[0] == read(p) for p in CLEAN_DOCS)
    print(f"Clean documents byte-identical: {unchanged}/{len(CLEAN_DOCS)}")


def bench_tables(name: str, seeds: tuple[int, ...], shown: int, old: bool = False, docs: str = "") -> list[float]:
    total, rows, times, cpus = Score(), [], [], []
    first_of_process = not _REPAIRED
    for doc in [d for d in CLEAN_DOCS if docs in d.name]:
        clean = read(doc)
        references = [read(p) for p in CLEAN_DOCS if p != doc]
        for seed in seeds:
            garbled = _OldScramble(scramble(clean.split("\n"), seed).lines) if old else font_scramble(clean.split("\n"), seed)
            text = "\n".join(garbled.lines)
            started, cpu_started = time.perf_counter(), time.process_time()
            result = repair_document([text], reference_texts=references)
            times.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu_started)
            _REPAIRED.append(doc.name)
            score = Score()
            score.add(text, result.pages[0], clean, flags(result, [text]))
            rows.append((score.accuracy, doc.stem, seed))
            print(f"  {doc.name[:22]:22} seed={seed:<5} {garbled.ordering:16} {garbled.style:8} "
                  f"garbled={score.garbled:<5} acc={score.accuracy:7.2%} damaged={score.damaged} "
                  f"conf_wrong={score.confident_wrong}/{score.confident} flagged={score.flagged_wrong}/{score.wrong} "
                  f"time={times[-1]:.2f}s cpu={cpus[-1]:.2f}s")
            for s, o, t, f in score.misses[:shown]:
                print(f"     miss{' (flagged)' if f else ''}: {s!r} -> {o!r} (expected {t!r})")
            total.merge(score)
    accs = [a for a, _, _ in rows]
    if not rows:  # --tables 0, or --first-table past the set: nothing to sum up
        print(f"{name}: no tables")
        return accs
    worst = min(rows)
    print(f"{name}: {len(rows)} tables; garbled tokens right {total.right}/{total.garbled} = {total.accuracy:.2%}; "
          f"mean per table {statistics.mean(accs):.2%}; median {statistics.median(accs):.2%}")
    print(f"{name}: worst table {worst[0]:.2%} ({worst[1]} seed {worst[2]}); "
          f"tables >= 98 %: {sum(a >= 0.98 for a in accs)}/{len(accs)}")
    print(f"{name}: clean tokens changed {total.damaged}/{total.clean}")
    print(f"{name}: confident-wrong share {total.confident_wrong}/{total.confident} = "
          f"{total.confident_wrong / max(total.confident, 1):.3%}; wrong tokens flagged "
          f"{total.flagged_wrong}/{total.wrong} = {total.flagged_wrong / max(total.wrong, 1):.1%}")
    print(f"{name}: time per document median {statistics.median(times):.2f} s, max {max(times):.2f} s (wall); "
          f"CPU median {statistics.median(cpus):.2f} s, max {max(cpus):.2f} s")
    if first_of_process and len(cpus) > 1:
        # the process's first document also loads the word lists and builds their counts, once per process
        print(f"{name}: CPU max without the process's first document {max(cpus[1:]):.2f} s "
              f"(the first, which loads the word lists once per process: {cpus[0]:.2f} s)")
    return accs


@dataclass
class _OldScramble:
    lines: tuple[str, ...]
    ordering: str = "scramble.py"
    style: str = "spans"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("dev", "held-out", "both"), default="dev")
    parser.add_argument("--tables", type=int, default=12, help="seeds per document (12: the frozen set)")
    parser.add_argument("--misses", type=int, default=2, help="missed tokens shown per table")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the IPSO document")
    parser.add_argument("--skip-ipso", action="store_true")
    parser.add_argument("--doc", default="", help="only the clean documents whose file name holds this")
    parser.add_argument("--first-table", type=int, default=0, help="skip the first N seeds of the set")
    parser.add_argument("--fresh", default="", metavar="FIRST-LAST",
                        help="also fresh tables of these seeds (e.g. 7000-7011), reported apart; never 9000-9011")
    parser.add_argument("--old-seeds", "--seeds", type=int, default=0, help="also N tables per document of scramble.py")
    args = parser.parse_args()
    if args.fresh:
        first, last = map(int, args.fresh.split("-"))
        if set(range(first, last + 1)) & set(HELD_OUT_SEEDS):
            parser.error("--fresh: held-out seeds are for --set held-out only")
    if not args.skip_ipso:
        bench_ipso(args.runs)
        bench_clean()
    if args.set in ("dev", "both"):
        bench_tables("dev", DEV_SEEDS[args.first_table : args.tables], args.misses, docs=args.doc)
    if args.set in ("held-out", "both"):
        bench_tables("held-out", HELD_OUT_SEEDS[args.first_table : args.tables], args.misses, docs=args.doc)
    if args.fresh:
        bench_tables(f"fresh {args.fresh}", tuple(range(first, last + 1)), args.misses, docs=args.doc)
    if args.old_seeds:
        bench_tables("scramble.py", tuple(range(args.old_seeds)), args.misses, old=True)


if __name__ == "__main__":
    main()

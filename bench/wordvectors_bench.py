"""Cost of the near-synonym stage (clausier/reading/wordvectors.py): load time, memory, scoring time.

    .venv/bin/python bench/wordvectors_bench.py [--loads 5] [--questions 60] [--repeats 5]

Load: ``--loads`` fresh interpreters, each with torch and the answerer already imported as
in the app, read the vectors (median seconds, and how much the load raises peak resident memory). Scoring: the lexical scoring of the retriever's first 10 hits for
``--questions`` dev questions, with and without the vectors (median milliseconds a question,
clause analysis warm, as in a running server). Needs ``make ingest``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clausier.settings import Settings  # noqa: E402  (sets the offline switches)

# the app has torch (sentence-transformers) and the answerer imported before the vectors load;
# spaCy's thinc imports torch when it is installed, so it is imported first here too
LOAD = """
import resource, time
import torch
from answer import extractive
from clausier.reading import wordvectors
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
vectors = wordvectors.load()
elapsed = time.perf_counter() - t
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, (after - before) / 1024, vectors.rows)
"""


def load_figures(runs: int) -> tuple[float, float, int]:
    times, memory, rows = [], [], 0
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", LOAD], cwd=ROOT, capture_output=True, text=True, check=True)
        elapsed, mib, rows = out.stdout.split()
        times.append(float(elapsed))
        memory.append(float(mib))
    return statistics.median(times), statistics.median(memory), int(rows)


def scoring_figures(questions: int, repeats: int) -> tuple[float, float]:
    from clausier.reading import wordvectors
    from clausier.reading.question import analyse_question
    from clausier.reading.candidates import candidates_for
    from clausier.reading.support import score_candidates
    from clausier.embedding.model import load_embedder
    from clausier.schema import Caller
    from retriever.factory import build_retriever

    settings = Settings.from_env()
    retriever = build_retriever(settings, embedder=load_embedder(settings.model_dir))
    caller = Caller(user="bench", clearance=3)
    lines = (ROOT / "eval" / "datasets" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:questions]
    cases = []
    for line in lines:
        question = json.loads(line)["question"]
        hits = retriever.search(question, caller, k=10)
        cases.append((analyse_question(question, hits), candidates_for(hits)))

    def median_ms() -> float:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            for parsed, cands in cases:
                score_candidates(parsed, cands)
            runs.append(1000 * (time.perf_counter() - started) / len(cases))
        return statistics.median(runs)

    wordvectors.load()
    with_vectors = median_ms()
    loader = wordvectors.load
    wordvectors.load = lambda: None
    try:
        without = median_ms()
    finally:
        wordvectors.load = loader
    return with_vectors, without


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    seconds, mib, rows = load_figures(args.loads)
    print(f"load: median {seconds:.2f} s over {args.loads} fresh interpreters, +{mib:.0f} MiB peak resident memory, {rows} vectors")
    with_vectors, without = scoring_figures(args.questions, args.repeats)
    print(f"scoring 10 hits: median {with_vectors:.2f} ms a question with near-synonyms, "
          f"{without:.2f} ms without ({args.questions} dev questions, {args.repeats} runs)")


if __name__ == "__main__":
    main()

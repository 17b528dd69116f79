"""Exact search, local HNSW and Chroma's query on the synthetic index's partitions.

    .venv/bin/python -m bench.neighbours --chunks 100000

For two partitions, on their first 2,500 / 5,000 / 10,000 rows and on all of them: the p50 of
one search right after a query embedding (as in a search), the build time of an HNSW index
over those rows, and recall@40 against exact search; on the whole partition, Chroma's query
too. This is how ``EXACT_ROWS`` in clausier/index/neighbours.py was chosen.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

import numpy as np

from clausier.settings import Settings

from . import synthetic
from .scale import QUESTIONS


def _p50(embedder, vectors, search, reps: int = 3) -> float:
    samples = []
    for rep in range(reps):
        for question, vector in zip(QUESTIONS, vectors):
            embedder.embed_queries([question + " " * (rep + 1)])  # a forward first: caches evicted
            t = time.perf_counter()
            search(vector)
            samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def main(argv: list[str] | None = None) -> int:
    from clausier.embedding.model import load_embedder
    from clausier.index.neighbours import Neighbours, build_hnsw, _exact
    from clausier.index.partition_table import PartitionTable
    from retriever.factory import build_retriever

    parser = argparse.ArgumentParser(prog="python -m bench.neighbours", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="the synthetic index (built by bench.scale)")
    args = parser.parse_args(argv)
    source = Settings.from_env()
    settings = replace(source.with_data_dir(synthetic.default_dir(args.chunks)), model_dir=source.model_dir)
    embedder = load_embedder(settings.model_dir)
    retriever = build_retriever(settings, embedder=embedder)
    vectors = [embedder.embed_queries([q])[0] for q in QUESTIONS]
    for level in (0, 3):
        table = retriever.view().partitions[level].table
        for rows in sorted({n for n in (2_500, 5_000, 10_000) if n < table.size} | {table.size}):
            part = PartitionTable.from_chunks(table.chunks(range(rows)), vectors=np.asarray(table.vectors[:rows]))
            t0 = time.perf_counter()
            hnsw = Neighbours(part, build_hnsw(part))
            built = time.perf_counter() - t0
            exact = Neighbours(part)
            recall = np.mean([len(set(hnsw.search(v, 40)[0].tolist()) & set(exact.search(v, 40)[0].tolist())) / 40
                              for v in vectors])
            line = (f"level {level}, {rows} rows: exact {_p50(embedder, vectors, lambda v: _exact(part.vectors, v, 40, None)):.2f} ms, "
                    f"HNSW {_p50(embedder, vectors, lambda v: hnsw.search(v, 40)):.2f} ms "
                    f"(built in {built:.1f} s, recall@40 {recall:.3f})")
            if rows == table.size:
                store = retriever.store
                ids = table.chunk_ids(range(table.size))
                chroma_recall = np.mean([len({cid for cid, _ in store.query(level, v, 40)} &
                                             {ids[r] for r in exact.search(v, 40)[0]}) / 40 for v in vectors])
                line += (f"; Chroma query {_p50(embedder, vectors, lambda v: store.query(level, v, 40)):.2f} ms "
                         f"(recall@40 {chroma_recall:.3f})")
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where one search's time goes, step by step, on the critical path (timestamps, one search).

    .venv/bin/python -m bench.search_steps --chunks 100000 --passes 5 --clearance 3

Runs the steps of ``Retriever.search`` in ``full`` mode as the search does (the first pass's
lexical rankings in a pool thread beside the query embedding) with a timestamp at each step,
and the query embedding alone (the floor) right before each search. Printed: median per step
(milliseconds from the search's start, and each step's own duration), when the lexical thread
ends relative to the embedding, and its CPU time. Questions naming an organisation take the
organisation-first pass; the second pass is timed as ``second pass``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from . import synthetic
from .scale import QUESTIONS


def timed_search(retriever, question: str, caller, k: int = 5) -> tuple[list, dict[str, float]]:
    """``Retriever.search`` (full mode, as written in retriever/search.py) with timestamps (s,
    from the start) after each step; ``lexical_start`` / ``lexical_end`` are the pool thread's,
    ``lexical_cpu`` its thread CPU time."""
    from clausier.reading.query import analyze_query
    from retriever.balance import balance_organisations
    from retriever.fusion import score_fusion
    from retriever.hits import candidates, decoded, first
    from retriever.search import _caller_filter

    t0 = time.perf_counter()
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = time.perf_counter() - t0

    flt = _caller_filter(caller, None)
    view = retriever.view()
    mark("view (generation read)")
    query = analyze_query(question, view.organisations[flt.max_level])
    mark("analyse query")
    cfg = retriever.config
    orgs = query.organisations
    passes = [(replace(flt, organisations=frozenset(orgs)), True)] if cfg.organisation_first and orgs else []
    passes.append((flt, False))

    def lexical_job():
        marks["lexical_start"] = time.perf_counter() - t0
        c0 = time.thread_time()
        out = retriever._lexical(view, query, *passes[0])
        marks["lexical_cpu"] = time.thread_time() - c0
        marks["lexical_end"] = time.perf_counter() - t0
        return out

    lexical = retriever._workers().submit(lexical_job)
    c0 = time.thread_time()
    vector = retriever._embedder.embed_queries([query.text])[0]
    marks["embedding_cpu"] = time.thread_time() - c0
    mark("query embedding")
    fused = []
    for i, (pass_flt, scoped) in enumerate(passes):
        if i and len(fused) >= k:
            break
        ranked = lexical.result() if i == 0 else retriever._lexical(view, query, pass_flt, scoped)
        if i == 0:
            mark("wait for lexical")
        dense = retriever._dense(view, vector, pass_flt)
        mark("dense" if i == 0 else "second pass: lexical + dense")
        seen = {cid for cid, _ in fused}
        fused += [(cid, s) for cid, s in score_fusion([dense, *ranked[0]], [cfg.dense_weight, *ranked[1]]) if cid not in seen]
        mark("fusion" if i == 0 else "second pass: fusion")
    depth = max(k, cfg.rerank_depth)
    pending = candidates(view, fused, flt)
    mark("candidates")
    hits, rest = decoded(pending, flt, depth)
    mark("decode")
    hits = retriever.reranker.rerank(question, hits, query.language)
    mark("rerank")
    if cfg.balance_organisations and len(orgs) >= 2:
        hits = first(balance_organisations([*hits, *rest], orgs), flt, k)
        mark("balance")
    out = [replace(hit, rank=rank) for rank, hit in enumerate(hits[:k], 1)]
    mark("end")
    return out, marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_steps", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--clearance", type=int, default=3)
    args = parser.parse_args(argv)
    from clausier.schema import Caller

    from .scale import ready_retriever

    _, embedder, retriever = ready_retriever(synthetic.default_dir(args.chunks))
    caller = Caller(user="bench", clearance=args.clearance)
    for question in QUESTIONS:  # opens every lexical index; the answer passages' first sight
        retriever.search(question, caller, k=5)
    floor, whole, steps = [], [], {}
    for _ in range(args.passes):
        for question in QUESTIONS:
            t = time.perf_counter()
            embedder.embed_queries([question])
            floor.append(time.perf_counter() - t)
            expected = retriever.search(question, caller, k=5)
            hits, marks = timed_search(retriever, question, caller)
            if [(h.chunk_id, h.score) for h in hits] != [(h.chunk_id, h.score) for h in expected]:
                raise SystemExit(f"timed search differs from Retriever.search: {question!r}")
            whole.append(marks["end"])
            for name, value in marks.items():
                steps.setdefault(name, []).append(value)
    ms = lambda values: statistics.median(values) * 1000  # noqa: E731
    print(f"clearance {args.clearance}, {len(whole)} searches; floor p50 {ms(floor):.2f} ms, search p50 {ms(whole):.2f} ms "
          f"(+{ms(whole) - ms(floor):.2f})")
    previous = 0.0
    # the steps every search takes, in time order (the second pass and the organisation turns:
    # only the questions naming an organisation, printed after)
    every = [n for n in steps if len(steps[n]) == len(whole) and not n.startswith(("lexical", "embedding"))]
    for name in sorted(every, key=lambda n: ms(steps[n])):
        at = ms(steps[name])
        print(f"  {name:32s} at {at:7.2f} ms  (+{at - previous:5.2f})")
        previous = at
    for name in (n for n in steps if len(steps[n]) < len(whole)):
        print(f"  {name:32s} at {ms(steps[name]):7.2f} ms  ({len(steps[name])} searches)")
    for name in ("lexical_start", "lexical_end", "lexical_cpu", "embedding_cpu"):
        print(f"  {name:32s} {ms(steps[name]):7.2f} ms")
    late = [e - q for e, q in zip(steps["lexical_end"], steps["query embedding"])]
    print(f"  lexical ends after the embedding in {sum(d > 0 for d in late)} of {len(late)} searches "
          f"(median {ms(late):+.2f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

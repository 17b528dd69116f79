"""What a one-document write costs a searching instance: the refresh, what searches the changed
partition meanwhile, and when its HNSW index is ready.

    cp -a data/bench-scale-100000 /tmp/copy       # this writes to the index: use a copy
    .venv/bin/python -m bench.write_refresh /tmp/copy [--writes 3] [--level 3] [--revise]

Each write puts one document of the partition's table back with the same chunks and vectors
(new stamps, so new register keys: the partition's table and HNSW index are built for the new
key), or with ``--revise`` its texts changed (new chunk ids, the old ones deleted, as a
re-ingest of an edited document: the lexical index is built again too), through a second store
in this process, as an admin upload would; the retriever, started and warmed before, then
searches at clearance 3. Printed per write: the write, the refresh, the first search after it
(which opens the partition's lexical index: loaded, or built when the content changed), the
partition's dense search meanwhile (exact, HNSW or Chroma), the search p50 while the HNSW index
is rebuilt and after, the time from the write's return until it is ready, resident memory.

``--burst N``: N one-document writes in a row instead (as a bulk ingest makes them), each
followed by one search (which refreshes); printed: the time from the last write until the
partition's HNSW index is ready and the CPU time the HNSW child builds took.
``--keep-superseded`` measures the code before session 15, where a build started for a table
already replaced by a newer one ran to its end.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path


from .scale import QUESTIONS, _rss_mb, ready_retriever, search_p50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.write_refresh", description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="a copy of a synthetic index's data dir (it is written to)")
    parser.add_argument("--writes", type=int, default=3)
    parser.add_argument("--level", type=int, default=3, help="the partition written to")
    parser.add_argument("--revise", action="store_true", help="change the document's texts (new chunk ids)")
    parser.add_argument("--burst", type=int, default=0, help="N writes in a row, then wait for the index")
    parser.add_argument("--keep-superseded", action="store_true", help="let superseded builds run (the code before)")
    args = parser.parse_args(argv)
    if args.keep_superseded:
        from clausier.index.neighbours import LocalNeighbours
        from retriever.lazy_lexical import LazyLexical

        LocalNeighbours.supersede = LazyLexical.supersede = lambda self: None

    from clausier.index.vectors import VectorStore
    from clausier.schema import Caller, chunk_id_for

    settings, _, retriever = ready_retriever(args.data_dir)
    caller = Caller(user="bench", clearance=3)

    print(f"before the writes: search p50 {search_p50(retriever, caller):.1f} ms, rss {_rss_mb()[0]:.0f} MB")
    writer = VectorStore(settings)
    if args.burst:
        return _burst(retriever, writer, caller, args.level, args.burst, args.revise)
    for attempt in range(args.writes):
        table = retriever.view().partitions[args.level].table
        docs = table.vocab["doc_id"]
        rows = table.doc_rows(written_doc(docs, attempt, args.writes))
        chunks, vectors = list(table.chunks(rows)), table.vectors[rows.start : rows.stop].copy()
        old_ids = [c.chunk_id for c in chunks]
        if args.revise:
            chunks = [replace(c, text=f"{c.text} (révisé {attempt})", chunk_id=chunk_id_for(
                c.doc_id, c.clause, c.ordinal, c.part, f"{c.text} (révisé {attempt})")) for c in chunks]
        t0 = time.perf_counter()
        writer.upsert(chunks, vectors, {"origin": "bench", "chunk_count": len(chunks)})
        if args.revise:
            writer.delete(old_ids)
        written = time.perf_counter()
        view = retriever.view()
        refreshed = time.perf_counter()
        retriever.search(QUESTIONS[0], caller, k=5)
        first = time.perf_counter()
        local = view.partitions[args.level].neighbours.get()
        kind = "Chroma" if local is None else ("exact" if local.exact else "hnsw")
        during, during_rss = search_p50(retriever, caller), _rss_mb()[0]
        view.partitions[args.level].neighbours.wait(timeout=1800)
        ready = time.perf_counter()
        load = " ".join(open("/proc/loadavg").read().split()[:3])
        print(f"write of {len(chunks)} chunks {written - t0:.2f} s; refresh {refreshed - written:.2f} s; "
              f"first search after it {first - refreshed:.2f} s; "
              f"partition {args.level} searched by {kind} meanwhile, search p50 {during:.1f} ms (rss {during_rss:.0f} MB); "
              f"HNSW ready {ready - written:.2f} s after the write returned; search p50 after {search_p50(retriever, caller):.1f} ms; "
              f"rss {_rss_mb()[0]:.0f} MB; load {load}")
    return 0


def written_doc(docs, attempt: int, writes: int) -> str:
    """The document the ``attempt``-th of ``writes`` writes puts back: spread over the table,
    a different one each time while the table has enough documents."""
    return docs[len(docs) * (attempt + 1) // (writes + 1)]


def _burst(retriever, writer, caller, level: int, writes: int, revise: bool) -> int:
    import resource

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    cpu0, t0 = children_cpu(), time.perf_counter()
    for attempt in range(writes):
        table = retriever.view().partitions[level].table
        docs = table.vocab["doc_id"]
        rows = table.doc_rows(written_doc(docs, attempt, writes))
        chunks, old_ids = list(table.chunks(rows)), table.chunk_ids(range(rows.start, rows.stop))
        if revise:
            chunks = [_revised(c, attempt) for c in chunks]
        writer.upsert(chunks, table.vectors[rows.start : rows.stop].copy(), {"origin": "bench", "chunk_count": len(chunks)})
        if revise:
            writer.delete(old_ids)
        retriever.search(QUESTIONS[attempt % len(QUESTIONS)], caller, k=5)  # refreshes: a build starts
    last = time.perf_counter()
    ready = retriever.view().partitions[level].neighbours.wait(timeout=1800)
    done = time.perf_counter()
    while _child_builds():  # superseded builds still running are counted once they end
        time.sleep(0.5)
    time.sleep(0.5)  # their threads reap them
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    retriever.view().partitions[level].lazy_lexical.wait(timeout=1800)
    lexical = time.perf_counter()
    print(f"{writes} writes in {last - t0:.1f} s; partition {level}'s HNSW index ready ({ready}) {done - last:.1f} s "
          f"and its lexical index {lexical - last:.1f} s "
          f"after the last write; CPU of the child builds {children_cpu() - cpu0:.1f} s; load {load}")
    return 0


def _revised(chunk, attempt: int):
    from clausier.schema import chunk_id_for

    text = f"{chunk.text} (révisé {attempt})"
    return replace(chunk, text=text, chunk_id=chunk_id_for(chunk.doc_id, chunk.clause, chunk.ordinal, chunk.part, text))


def _child_builds() -> bool:
    """Whether a child of this process is still building an HNSW index."""
    import os

    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
                if stat[1] == me:
                    return True
            except OSError:
                continue
    return False


if __name__ == "__main__":
    raise SystemExit(main())

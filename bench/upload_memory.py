"""What an admin upload costs the app's resident memory at scale, step by step.

    cp -a data/bench-scale-100000 /tmp/copy       # this writes to the index: use a copy
    .venv/bin/python -m bench.upload_memory /tmp/copy [--in-process] [--level 3]

A retriever is started on the copy and warmed (every partition's HNSW index ready, the bench
questions searched at clearance 3); then one corpus file, renamed, is uploaded at ``--level``
through ``ingest.uploads`` as the admin tab does (in a child process; ``--in-process``: in this
process, with this process's model, as before session 15), the retriever refreshed, searched
while the changed partition's HNSW index is rebuilt, and after, until its lexical index is built
(the previous one answers meanwhile and holds the previous table's maps). Printed after each step:
resident memory as the target measures it (VmRSS: anonymous + file-backed + shared pages) and
its anonymous and file-backed parts.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from .scale import QUESTIONS, ready_retriever, search_p50


def memory() -> str:
    fields = dict(line.split(":", 1) for line in open("/proc/self/status") if line.startswith(("VmRSS", "RssAnon", "RssFile", "RssShmem")))
    mb = {k: int(v.split()[0]) / 1024 for k, v in fields.items()}
    return f"rss {mb['VmRSS']:.0f} MB (anon {mb['RssAnon']:.0f}, file {mb['RssFile']:.0f}, shmem {mb['RssShmem']:.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.upload_memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="a copy of a synthetic index's data dir (it is written to)")
    parser.add_argument("--in-process", action="store_true", help="ingest in this process (the code before session 15)")
    parser.add_argument("--level", type=int, default=3)
    parser.add_argument("--file", type=Path, help="the file uploaded (default: the corpus's Looper-AI policy)")
    args = parser.parse_args(argv)

    from clausier.schema import Caller
    from ingest.uploads import ingest_here, ingest_uploads

    settings, embedder, retriever = ready_retriever(args.data_dir)
    caller = Caller(user="bench", clearance=3)

    def step(name: str, started: float) -> None:
        print(f"{name:<28} {time.perf_counter() - started:6.2f} s  {memory()}", flush=True)

    for _ in range(2):
        search_p50(retriever, caller)
    step("warm", time.perf_counter())
    upload = Path(tempfile.mkdtemp()) / f"bench-upload-{int(time.time())}.txt"
    shutil.copyfile(args.file or settings.corpus_dir / "looper-ai_politique-rgpd.txt", upload)
    t = time.perf_counter()
    if args.in_process:
        rows = ingest_here([upload], args.level, settings, embedder)
    else:
        rows = ingest_uploads([upload], args.level, settings, child_module="web.upload_child")  # as the admin tab
    step(f"upload ({rows[0].status}, {rows[0].clauses} clauses)", t)
    t = time.perf_counter()
    retriever.refresh()
    step("refresh", t)
    t = time.perf_counter()
    during = search_p50(retriever, caller)
    step(f"searches (p50 {during:.0f} ms)", t)
    t = time.perf_counter()
    ready = retriever.view().partitions[args.level].neighbours.wait(timeout=1800)
    step(f"HNSW ready ({ready})", t)
    t = time.perf_counter()
    after = search_p50(retriever, caller)
    step(f"searches (p50 {after:.0f} ms)", t)
    t = time.perf_counter()
    retriever.view().partitions[args.level].lazy_lexical.wait(timeout=1800)
    retriever.search(QUESTIONS[0], caller, k=5)  # the new lexical index replaces the previous one
    step("lexical index built", t)
    print("load", " ".join(open("/proc/loadavg").read().split()[:3]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

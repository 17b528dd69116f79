"""The app's resident memory at scale, over HTTP: after start-up, after the bench's questions,
during and after one admin upload.

    cp -a data/bench-scale-100000 /tmp/copy       # the upload writes to the index: use a copy
    .venv/bin/python -m bench.app_memory /tmp/copy [--runs 5] [--settle 60]

Starts ``app.py`` on the copy as a local demo (no accounts: the anonymous caller is the
administrator, at clearance 3), asks the bench questions through ``/api/retrieve`` and
``/api/ask``, then uploads one corpus file (renamed) through Gradio's upload route and the
admin tab's ingest event, as the browser does. Printed after each step: the server's VmRSS
(what the 1.5 GB target measures), its anonymous and file-backed parts, the peak sampled every
0.1 s since the previous step (with the upload child's own peak) and the file-backed pages by
what they map (``/proc/PID/smaps``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx

from clausier.settings import PROJECT_ROOT, Settings

from .scale import QUESTIONS

GROUPS = ("catalogue", "lexical", "neighbours", "chroma", "models", "llm", "site-packages")


def status(pid: int) -> dict[str, float]:
    """VmRSS, RssAnon, RssFile of a process, in MB (empty once it has exited)."""
    try:
        lines = open(f"/proc/{pid}/status").read().splitlines()
    except OSError:
        return {}
    return {k: int(v.split()[0]) / 1024 for k, v in (line.split(":", 1) for line in lines)
            if k in ("VmRSS", "RssAnon", "RssFile")}


def file_pages(pid: int) -> Counter:
    """Resident file-backed MB by what the mapping holds (a folder of the index, the model, libraries)."""
    groups: Counter = Counter()
    group = None
    for line in open(f"/proc/{pid}/smaps"):
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            parts = line.split()
            path = parts[5] if len(parts) > 5 else ""
            group = None
            if path.startswith("/"):
                group = next((g for g in GROUPS if f"/{g}/" in path), "other files")
                if group in ("catalogue", "lexical", "neighbours") or group == "chroma":
                    group = f"{group}/{Path(path).name}"
        elif group and line.startswith("Rss:"):
            groups[group] += int(line.split()[1]) / 1024
    return groups


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found + [g for c in found for g in children(c)]


class Sampler(threading.Thread):
    """The server's and its children's peak VmRSS, sampled every 0.1 s."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.child_peak, self.stop = pid, {}, 0.0, threading.Event()

    def take(self) -> tuple[dict[str, float], float]:
        peak, child = self.peak, self.child_peak
        self.peak, self.child_peak = {}, 0.0
        return peak, child

    def run(self) -> None:
        while not self.stop.wait(0.1):
            now = status(self.pid)
            if now.get("VmRSS", 0) > self.peak.get("VmRSS", 0):
                self.peak = now
            for child in children(self.pid):
                self.child_peak = max(self.child_peak, status(child).get("VmRSS", 0))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def upload(client: httpx.Client, path: Path, level: int) -> str:
    """One file through Gradio's upload route and the admin tab's ingest event; the event's output."""
    config = client.get("/config").json()
    components = {c["id"]: c for c in config["components"]}
    index = next(i for i, dep in enumerate(config["dependencies"]) if dep.get("backend_fn")
                 and any(components[c]["type"] == "file" for c in dep["inputs"]))
    with open(path, "rb") as handle:
        response = client.post("/gradio_api/upload", files={"files": (path.name, handle)})
    response.raise_for_status()
    stored = response.json()[0]
    data = [[{"path": stored, "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}], level, "fr"]
    session = uuid.uuid4().hex[:12]
    joined = client.post("/gradio_api/queue/join", json={"data": data, "fn_index": index, "session_hash": session,
                                                         "event_data": None, "trigger_id": None})
    joined.raise_for_status()
    with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    shown = json.dumps(message.get("output", {}).get("data", ""))
                    found = re.search(r"cl-status-(\w+)'><td>[^<]*</td><td>[^<]*</td><td>(\d+)", shown)
                    return f"{found[1]}, {found[2]} clauses" if found else "no row"
    return "no completion"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.app_memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="a copy of a synthetic index's data dir (it is written to)")
    parser.add_argument("--runs", type=int, default=5, help="passes over the bench questions")
    parser.add_argument("--level", type=int, default=3)
    parser.add_argument("--settle", type=float, default=60.0, help="seconds of searches after the upload")
    parser.add_argument("--file", type=Path, help="the file uploaded (default: the corpus's Looper-AI policy)")
    args = parser.parse_args(argv)
    source = Settings.from_env()
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "CLAUSIER_DATA_DIR": str(args.data_dir),
           "CLAUSIER_ANONYMOUS_CLEARANCE": "3"}
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = Sampler(server.pid)
    sampler.start()

    def step(name: str, started: float) -> None:
        now = status(server.pid)
        peak, child = sampler.take()
        files = file_pages(server.pid)
        top = ", ".join(f"{k} {v:.0f}" for k, v in files.most_common(8) if v >= 1)
        print(f"{name:<34} {time.perf_counter() - started:6.1f} s  rss {now['VmRSS']:.0f} MB "
              f"(anon {now['RssAnon']:.0f}, file {now['RssFile']:.0f}); peak {peak.get('VmRSS', 0):.0f} "
              f"(anon {peak.get('RssAnon', 0):.0f}, file {peak.get('RssFile', 0):.0f})"
              f"{f'; child peak {child:.0f}' if child else ''}\n    file-backed MB: {top}", flush=True)

    def ask_all(client: httpx.Client, runs: int) -> None:
        for _ in range(runs):
            for question in QUESTIONS:
                assert client.post("/api/retrieve", json={"query": question, "k": 5}).status_code == 200
        for question in QUESTIONS:
            assert client.post("/api/ask", json={"question": question}).status_code == 200

    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=1800) as client:
            while True:
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None:
                    raise SystemExit("the server exited")
                time.sleep(0.5)
            step("healthy", t0)
            t = time.perf_counter()
            ask_all(client, args.runs)
            step(f"questions ({args.runs} passes + asks)", t)
            file = Path(tempfile.mkdtemp()) / f"bench-upload-{int(time.time())}.txt"
            shutil.copyfile(args.file or source.corpus_dir / "looper-ai_politique-rgpd.txt", file)
            t = time.perf_counter()
            outcome = upload(client, file, args.level)
            step(f"upload returned ({outcome})", t)
            t = time.perf_counter()
            end = time.monotonic() + args.settle
            while time.monotonic() < end:
                ask_all(client, 1)
            step(f"questions for {args.settle:.0f} s after", t)
            shutil.rmtree(file.parent, ignore_errors=True)
    finally:
        sampler.stop.set()
        server.terminate()
        server.wait(timeout=60)
    print("load", " ".join(open("/proc/loadavg").read().split()[:3]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

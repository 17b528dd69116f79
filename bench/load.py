"""Load mode of the scale benchmark: N concurrent clients against a real server on loopback.

Starts ``app.py`` (the corpus index of data/), waits for it, then for each route runs N client
threads for a fixed time, right after start-up (cold) and again (warm); prints requests/s,
p50/p95 latency and errors. Loopback only; every request has a 120 s timeout.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time

import httpx

from clausier.settings import PROJECT_ROOT, Settings

QUESTIONS = [
    "Combien de temps les données sont-elles conservées ?",
    "Quels cookies sont déposés et comment les refuser ?",
    "Qui est le délégué à la protection des données ?",
    "Les données sont-elles transférées hors de l'Union européenne ?",
    "Comment exercer mon droit d'accès ?",
    "Quelles mesures de sécurité protègent les données ?",
    "Le sous-traitant peut-il recourir à un autre sous-traitant ?",
    "What rights do users have over their personal data?",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _hammer(url: str, route: str, clients: int, seconds: float) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        with httpx.Client(timeout=120) as http:
            i = n
            while time.monotonic() < stop_at:
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                body = {"query": question, "k": 5} if route == "retrieve" else {"question": question}
                t = time.perf_counter()
                try:
                    ok = http.post(f"{url}/api/{route}", json=body).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - t
                with lock:
                    latencies.append(elapsed)
                    errors[0] += not ok

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies, errors[0], time.perf_counter() - started


def run_load(settings: Settings, clients: int, seconds: float) -> int:
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "CLAUSIER_DATA_DIR": str(settings.data_dir)}
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.perf_counter() - t0 > 300:
                print("the server did not start")
                return 1
            time.sleep(0.2)
        print(f"server healthy after {time.perf_counter() - t0:.1f} s; {clients} clients, {seconds:.0f} s per route")
        print("| route | server | requests | req/s | p50 | p95 | errors |")
        print("|---|---|---|---|---|---|---|")
        for state in ("cold", "warm"):
            for route in ("ask", "retrieve"):
                count, latencies, errors, elapsed = _hammer(url, route, clients, seconds)
                ordered = sorted(latencies) or [0.0]
                p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
                print(f"| /api/{route} | {state} | {count} | {count / elapsed:.1f} | "
                      f"{statistics.median(ordered) * 1000:.0f} ms | {p95 * 1000:.0f} ms | {errors} |")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0

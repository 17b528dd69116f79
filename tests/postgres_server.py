"""A throw-away PostgreSQL server for the test run: initdb into a temp dir, pg_ctl start on a
free port, torn down afterwards. PostgreSQL refuses to run as root, so as root the server runs
as the ``postgres`` system user (created by the Debian package) via ``runuser``.

Absent binaries skip the tests, unless CLAUSIER_REQUIRE_SYSTEM_TESTS=1 (CI), where they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REQUIRED = os.environ.get("CLAUSIER_REQUIRE_SYSTEM_TESTS") == "1"


def pg_bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"PostgreSQL required (CLAUSIER_REQUIRE_SYSTEM_TESTS=1): {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


class PostgresServer:
    """``with PostgresServer(port) as url:`` — a server in its own temp dir, removed afterwards."""

    def __init__(self, port: int):
        self.bin = pg_bin_dir()
        if self.bin is None:
            unavailable("no pg_ctl on PATH nor in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
        # Directly under /tmp: the server user must be able to reach it (pytest's dirs are 0700).
        self.root, self.port = Path(tempfile.mkdtemp(prefix="clausier-pg-")), port
        self.data = self.root / "pgdata"
        self.user = None
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                unavailable("running as root and there is no 'postgres' user to run the server as")

    def _run(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        command = list(args)
        if self.user is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd="/")

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> str:
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        done = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "clausier", "--auth=trust",
                         "-E", "UTF8", "--locale=C")
        if done.returncode:
            unavailable(f"initdb failed: {done.stderr.strip()[-300:]}")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                         "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")
        if done.returncode:
            log = (self.root / "server.log").read_text(errors="ignore")[-500:] if (self.root / "server.log").exists() else ""
            unavailable(f"pg_ctl start failed: {done.stderr.strip()[-300:]} {log}")
        return f"postgresql://clausier@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        deadline = time.monotonic() + 10
        while (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        shutil.rmtree(self.root, ignore_errors=True)

"""gunicorn for drills: its log kept in a file, its worker pids readable, and a timed HTTP GET."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.live import ROOT, free_port


@dataclass
class Answer:
    """One HTTP answer, or status 0 when the connection failed."""

    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self):
        """The body parsed as JSON."""
        return json.loads(self.body)


def get(url: str, timeout: float = 20, headers: dict[str, str] | None = None) -> Answer:
    """GET url; HTTP errors are answers too, connection errors are status 0."""
    start = time.monotonic()
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers), response.read(), time.monotonic() - start)
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, dict(exc.headers), exc.read(), time.monotonic() - start)
    except OSError:
        return Answer(0, {}, b"", time.monotonic() - start)


@dataclass
class Server:
    """A running gunicorn master."""

    base: str
    proc: subprocess.Popen
    log: Path

    def workers(self) -> set[int]:
        """Pids of the master's live worker processes."""
        pids = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.proc.pid and fields[0] != "Z":
                    pids.add(int(entry.name))
        return pids

    def log_text(self) -> str:
        """Everything gunicorn and the app wrote to stderr so far."""
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def serve(database_url: str, log: Path, workers: int = 2, ready: str = "/readyz", **env: str) -> Iterator[Server]:
    """gunicorn with the project's config; yields once `ready` answers 200. No rate limit unless env sets one."""
    port = free_port()
    full_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "REGSTATUS_ENV": "development",
        "REDIS_URL": "",
        "RATE_LIMIT": "off",
        **env,
    }
    binary = Path(sys.executable).parent / "gunicorn"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [str(binary), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=full_env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        deadline = time.monotonic() + 30
        while get(server.base + ready, timeout=2).status != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {server.log_text()[-2000:]}")
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=25)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

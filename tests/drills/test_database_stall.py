"""Drill: PostgreSQL goes silent under load; what each worker holds keeps being served, /healthz never waits.

Two gunicorn workers on the seeded test database through a TCP proxy, caching as in production (the
version read every second by a thread of each worker, the answer cache and the export stores on). Once
both workers hold a lookup and the CSV export, the proxy goes silent for STALL_S while clients ask for
held answers, one asks for answers nobody holds, and a poller asks /healthz. The figures are printed
(`pytest -s`); the asserts are the behaviour: every held answer served, every unheld one a quick 503
problem, /healthz always answered, the same workers serving again once the database is back.
"""

from __future__ import annotations

import json
import statistics
import threading
import time

import pytest
import sqlalchemy as sa

from regstatus.config import DB_CONNECT_TIMEOUT_S
from regstatus.extensions import DB_WAIT_LIMIT_S
from tests.conftest import PG_URL
from tests.drills.proxy import FORWARD, HANG, Proxy
from tests.drills.server import get, serve

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="needs PostgreSQL: runs when TEST_DATABASE_URL is set (CI's PostgreSQL run sets it)"
)
HELD = ["/api/v1/jurisdictions/TH", "/api/v1/export.csv"]
UNHELD = ["/api/v1/jurisdictions/US-TX", "/api/v1/jurisdictions/US", "/api/v1/jurisdictions/DE"]
STALL_S = 10.0
# No request may wait longer than one bounded wait on the database and one connection attempt.
WAIT_BOUND_S = DB_WAIT_LIMIT_S + DB_CONNECT_TIMEOUT_S + 2


def _pids_serving(access, path: str) -> set[int]:
    pids = set()
    for line in access.read_text().splitlines():
        if line.startswith("{") and f'"path":"{path}"' in line:
            entry = json.loads(line)
            if entry["status"] == 200:
                pids.add(entry["pid"])
    return pids


def _warm(server, access) -> None:
    """Ask for each held path from several clients at once until both workers have answered it."""
    deadline = time.monotonic() + 30
    for path in HELD:
        while len(_pids_serving(access, path)) < 2:
            assert time.monotonic() < deadline, f"both workers never answered {path}"
            threads = [threading.Thread(target=get, args=(server.base + path,)) for _ in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()


class Loop:
    """Asks the paths in turn from a thread until stopped; keeps (path, status, seconds)."""

    def __init__(self, base: str, paths: list[str], pause: float = 0.0):
        self.base, self.paths, self.pause = base, paths, pause
        self.answers: list[tuple[str, int, float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        i = 0
        while not self._stop.is_set():
            path = self.paths[i % len(self.paths)]
            a = get(self.base + path, timeout=30)
            self.answers.append((path, a.status, a.seconds, a.headers.get("Content-Type", "")))
            i += 1
            self._stop.wait(self.pause)

    def stop(self) -> list[tuple[str, int, float, str]]:
        self._stop.set()
        self._thread.join(40)
        return self.answers


@pytest.fixture
def proxied(app, tmp_path):
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    proxy = Proxy(url.port or 5432, url.host or "127.0.0.1")
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        access = tmp_path / "access.log"
        env = {"GUNICORN_CMD_ARGS": f"--access-logfile {access}", "DATASET_CHECK_SECONDS": "1"}
        with serve(through, tmp_path / "gunicorn.log", workers=2, **env) as server:
            _warm(server, access)
            yield proxy, server
    finally:
        proxy.stop()


def test_held_answers_and_health_are_served_while_the_database_is_silent(proxied):
    proxy, server = proxied
    workers = server.workers()
    proxy.set_mode(HANG)
    started = time.monotonic()
    held = [Loop(server.base, HELD) for _ in range(3)]
    unheld = Loop(server.base, UNHELD, pause=0.2)
    health = Loop(server.base, ["/healthz"], pause=0.2)
    time.sleep(STALL_S)
    answers = [a for loop in held for a in loop.stop()]
    misses, probes = unheld.stop(), health.stop()
    stalled_for = time.monotonic() - started
    proxy.set_mode(FORWARD)

    held_times = [s for _, _, s, _ in answers]
    print(
        f"\nstall {stalled_for:.1f} s: {len(answers)} held answers served ({len(answers) / stalled_for:.0f}/s), "
        f"p50 {statistics.median(held_times) * 1000:.1f} ms, max {max(held_times):.2f} s; "
        f"{len(misses)} unheld reads, max {max(s for _, _, s, _ in misses):.2f} s; "
        f"/healthz {len(probes)} answers, max {max(s for _, _, s, _ in probes):.2f} s"
    )
    assert answers and all(status == 200 for _, status, _, _ in answers), [a for a in answers if a[1] != 200][:5]
    assert max(held_times) < WAIT_BOUND_S
    assert misses and all(status == 503 and "problem+json" in ctype for _, status, _, ctype in misses), misses[:5]
    assert max(s for _, _, s, _ in misses) < WAIT_BOUND_S
    assert probes and all(status == 200 for _, status, _, _ in probes)
    assert max(s for _, _, s, _ in probes) < WAIT_BOUND_S

    deadline = time.monotonic() + 20
    while get(server.base + UNHELD[0]).status != 200 or get(server.base + "/readyz").status != 200:
        assert time.monotonic() < deadline, "not serving again 20 s after the database came back"
        time.sleep(0.3)
    assert server.workers() == workers  # the same processes, nobody restarted
    log = server.log_text()
    assert "Traceback" not in log and "WORKER TIMEOUT" not in log, log[-3000:]
    assert "dataset version unreadable" in log and "dataset version readable again" in log

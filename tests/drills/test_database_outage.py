"""Drill: PostgreSQL refused, then silent, then back, under the real gunicorn and through a TCP proxy.

Measures: how long a read takes to fail (503 problem, well under gunicorn's 30 s worker
timeout), that /readyz fails and /healthz keeps answering, and that the same worker
processes serve again once the database is back (no restart, no worker killed).
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from regstatus.config import DB_CONNECT_TIMEOUT_S
from regstatus.extensions import DB_WAIT_LIMIT_S
from tests.conftest import PG_URL
from tests.drills.proxy import FORWARD, HANG, REFUSE, Proxy
from tests.drills.server import get, serve

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="needs PostgreSQL: runs when TEST_DATABASE_URL is set (CI's PostgreSQL run sets it)"
)
READ = "/api/v1/jurisdictions/TH"
# Read before the cut, so each worker holds it; UNHELD needs the database (tests/drills/test_database_stall.py
# drills the held answers served meanwhile).
UNHELD = "/api/v1/jurisdictions/US"
# A stalled pooled connection: the wait limit, then a new connection's connect timeout.
STALL_BUDGET_S = DB_WAIT_LIMIT_S + DB_CONNECT_TIMEOUT_S + 2


@pytest.fixture
def proxied(app, tmp_path):
    """gunicorn (2 workers) on the seeded test database, reached through a proxy."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    proxy = Proxy(url.port or 5432, url.host or "127.0.0.1")
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        # Every request reads the dataset version, so the outage shows at once rather than after the
        # answer cache's bound (DATASET_CHECK_SECONDS), which tests/drills/test_cache_invalidation.py covers.
        with serve(through, tmp_path / "gunicorn.log", workers=2, DATASET_CHECK_SECONDS="0") as server:
            for _ in range(6):  # every worker has a pooled connection before the cut
                assert get(server.base + READ).status == 200
            yield proxy, server
    finally:
        proxy.stop()


class HealthPoller:
    """Asks /healthz every 0.2 s in a thread; keeps the answers."""

    def __init__(self, base: str):
        self.base, self.answers, self._stop = base, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.answers.append(get(self.base + "/healthz", timeout=25))

    def stop(self) -> list:
        self._stop.set()
        self._thread.join(30)
        return self.answers


def _recovers(base: str, within: float = 15) -> int | None:
    """Failed reads until the database serves again (each logged once), or None when it never does."""
    deadline = time.monotonic() + within
    failed = 0
    while time.monotonic() < deadline:
        read = get(base + UNHELD)
        if read.status == 200 and get(base + "/readyz").status == 200:
            return failed
        failed += read.status == 503
        time.sleep(0.3)
    return None


def _assert_clean_log(server, failures: int) -> None:
    log = server.log_text()
    assert "Traceback" not in log and "WORKER TIMEOUT" not in log, log[-3000:]
    assert log.count("database unavailable") == failures, log[-3000:]


def test_database_refused_then_back(proxied):
    proxy, server = proxied
    workers = server.workers()
    proxy.set_mode(REFUSE)
    reads = [get(server.base + UNHELD) for _ in range(6)]
    assert [r.status for r in reads] == [503] * 6
    assert max(r.seconds for r in reads) < 2, [r.seconds for r in reads]
    assert all(r.headers["Content-Type"] == "application/problem+json" and r.headers["Retry-After"] for r in reads)
    page = get(server.base + "/jurisdictions/TH")
    assert page.status == 503 and page.headers["Content-Type"].startswith("text/html")
    ready = get(server.base + "/readyz")
    assert ready.status == 503 and ready.json()["checks"]["database"].startswith("unreachable")
    assert get(server.base + "/healthz").status == 200
    assert get(server.base + READ).status == 200  # held by the worker: served without the database

    proxy.set_mode(FORWARD)
    # A worker that found the database silent asks again STALL_RETRY_S later: reads fail until then.
    late = _recovers(server.base)
    assert late is not None
    assert server.workers() == workers  # the same processes, nobody restarted
    _assert_clean_log(server, failures=7 + late)


def test_database_silent_then_back(proxied):
    proxy, server = proxied
    workers = server.workers()
    poller = HealthPoller(server.base)
    proxy.set_mode(HANG)
    reads = [get(server.base + UNHELD, timeout=40) for _ in range(3)]
    ready = get(server.base + "/readyz", timeout=40)
    proxy.set_mode(FORWARD)
    health = poller.stop()

    assert [r.status for r in reads] == [503] * 3
    assert max(r.seconds for r in reads) < STALL_BUDGET_S, [r.seconds for r in reads]
    assert ready.status == 503 and ready.seconds < STALL_BUDGET_S
    assert health and all(h.status == 200 for h in health), [(h.status, h.seconds) for h in health]
    late = _recovers(server.base)
    assert late is not None
    assert server.workers() == workers
    _assert_clean_log(server, failures=3 + late)

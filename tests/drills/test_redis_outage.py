"""Drill: the rate limiter's Redis stops and comes back, under the real gunicorn.

A redis-server of the drill's own on a free loopback port (the shared one at 6379 is left
alone). Measures: reads keep answering 200, fast, while Redis is down (counting falls back to
each worker's memory); the outage is logged once, with no traceback; /readyz says `degraded`
(still 200); once Redis is back the workers count in it again, without a restart.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time

import pytest
import redis

from regstatus.extensions import REDIS_TIMEOUT_S
from tests.conftest import build_app, dispose
from tests.drills.server import get, serve
from tests.live import free_port

REDIS_SERVER = shutil.which("redis-server")
READ = "/api/v1/jurisdictions/TH"


@contextlib.contextmanager
def redis_server(port: int):
    """A throwaway redis-server on 127.0.0.1:port, in memory only."""
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_timeout=1)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    break
            assert time.monotonic() < deadline and proc.poll() is None, "redis-server did not start"
            time.sleep(0.05)
        yield client
    finally:
        proc.terminate()
        proc.wait(10)


def _until(check, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not REDIS_SERVER, reason="needs redis-server")
def test_redis_down_then_back(app, tmp_path):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    log = tmp_path / "gunicorn.log"
    with (
        redis_server(port) as store,
        serve(
            app.config["SQLALCHEMY_DATABASE_URI"], log, workers=1, REDIS_URL=url, RATE_LIMIT="1000 per minute"
        ) as server,
    ):
        first = get(server.base + READ)
        assert first.status == 200 and first.headers["X-RateLimit-Remaining"]
        assert get(server.base + "/readyz").json() == {
            "status": "ready",
            "checks": {"rate_limit": "ok", "database": "ok", "migrations": "ok"},
        }
        assert store.keys("*")  # counted in Redis

        store.shutdown(nosave=True)
        down = [get(server.base + READ) for _ in range(10)]
        assert [r.status for r in down] == [200] * 10
        assert max(r.seconds for r in down) < 2, [r.seconds for r in down]
        ready = get(server.base + "/readyz")
        assert ready.status == 200 and ready.json()["status"] == "degraded"
        assert ready.json()["checks"]["rate_limit"].startswith("degraded")
        assert get(server.base + "/healthz").status == 200

        with redis_server(port) as store_again:
            assert _until(lambda: get(server.base + "/readyz").json()["status"] == "ready", within=10)
            assert _until(lambda: get(server.base + READ).status == 200 and store_again.keys("*"), within=10)

        text = log.read_text()
        assert text.count("rate-limit storage unreachable") == 1, text[-3000:]
        assert text.count("counting in Redis") == 1, text[-3000:]
        assert "Traceback" not in text, text[-3000:]


def test_redis_waits_are_bounded(databases, monkeypatch):
    """A silent Redis costs a request at most a fraction of a second, not redis-py's retries with backoff."""
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    app = build_app(databases, migrate=False, RATELIMIT_ENABLED=True)
    try:
        (limiter,) = app.extensions["limiter"]
        pool = limiter.storage.storage.connection_pool
        assert pool.connection_kwargs["socket_timeout"] == REDIS_TIMEOUT_S <= 0.5
        assert pool.connection_kwargs["socket_connect_timeout"] == REDIS_TIMEOUT_S
        assert pool.connection_kwargs["retry"].get_retries() <= 1
    finally:
        dispose(app)

"""Rate limits, counted in the real Redis so every gunicorn worker shares them."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
import uuid

import pytest
import redis

from tests.conftest import build_app, dispose
from tests.live import gunicorn

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def limited_app(databases, monkeypatch):
    """An app limited to 3 requests a minute, counting in Redis."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required under CI: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    app = build_app(
        databases,
        RATE_LIMIT="3 per minute",
        RATELIMIT_ENABLED=True,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )
    yield app
    dispose(app)


def test_over_the_limit_is_a_429_problem(limited_app):
    assert limited_app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    client = limited_app.test_client()
    for _ in range(3):
        ok = client.get("/api/v1/")
        assert ok.status_code == 200
    assert ok.headers["X-RateLimit-Remaining"] == "0"
    refused = client.get("/api/v1/")
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert refused.json["status"] == 429 and refused.headers["Retry-After"]
    page = client.get("/about")  # one budget for every route
    assert page.status_code == 429 and page.mimetype == "text/html"


def test_probes_are_never_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200


def test_gunicorn_workers_share_the_count(databases, limited_app):
    """Several workers, one budget: with per-process counting the fourth request would often pass."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    url = limited_app.config["SQLALCHEMY_DATABASE_URI"]
    with gunicorn(url, workers=3, REDIS_URL=REDIS_URL, RATE_LIMIT="5 per minute") as base:
        codes = []
        for _ in range(8):
            try:
                with urllib.request.urlopen(base + "/api/v1/", timeout=5) as response:
                    codes.append(response.status)
            except urllib.error.HTTPError as exc:
                codes.append(exc.code)
    assert codes == [200] * 5 + [429] * 3

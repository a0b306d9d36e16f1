"""Rate limits, counted in the real Redis so every gunicorn worker shares them."""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
import uuid

import pytest
import redis
from flask import request

from regstatus.client_address import client_address
from tests.conftest import build_app, dispose
from tests.live import gunicorn

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def make_limited_app(databases, monkeypatch):
    """Makes apps limited to 3 requests a minute (unless told otherwise), counting in Redis."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required under CI: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    apps = []

    def make(**config):
        settings = {
            "RATE_LIMIT": "3 per minute",
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            **config,
        }
        apps.append(build_app(databases, **settings))
        return apps[-1]

    yield make
    for app in apps:
        dispose(app)


@pytest.fixture
def limited_app(make_limited_app):
    """An app limited to 3 requests a minute, counting in Redis."""
    return make_limited_app()


PROXY = "10.0.0.7"  # the reverse proxy every request below arrives from


def codes(client, forwarded_for: str | None = None, n: int = 4) -> list[int]:
    """Status codes of n requests to /api/v1/ through PROXY, with an X-Forwarded-For header if given."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return [client.get("/api/v1/", headers=headers, environ_base={"REMOTE_ADDR": PROXY}).status_code for _ in range(n)]


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


def test_clients_behind_a_trusted_proxy_get_a_bucket_each(make_limited_app):
    """Behind one proxy, every client used to share the proxy's address, and so one budget."""
    client = make_limited_app(TRUSTED_PROXIES=1).test_client()
    assert codes(client, "203.0.113.1") == [200, 200, 200, 429]
    assert codes(client, "203.0.113.2") == [200, 200, 200, 429]
    assert codes(client, "198.51.100.9, 203.0.113.3") == [200, 200, 200, 429]  # the proxy appends the client


def test_a_client_cannot_escape_its_bucket_by_forging_the_header(make_limited_app):
    """Only the last hop, written by the trusted proxy, counts; what the client wrote before it does not."""
    client = make_limited_app(TRUSTED_PROXIES=1).test_client()
    assert codes(client, "203.0.113.1", n=3) == [200] * 3
    assert codes(client, "192.0.2.1, 203.0.113.1", n=1) == [429]
    assert codes(client, "192.0.2.2, 203.0.113.1", n=1) == [429]


def test_two_trusted_proxies_read_the_second_hop_from_the_right(make_limited_app):
    client = make_limited_app(TRUSTED_PROXIES=2).test_client()
    assert codes(client, "192.0.2.1, 203.0.113.1, 10.0.0.2", n=3) == [200] * 3
    assert codes(client, "192.0.2.9, 203.0.113.1, 10.0.0.2", n=1) == [429]  # same client, forged first entry
    assert codes(client, "203.0.113.2, 10.0.0.2", n=1) == [200]


def test_without_trusted_proxies_x_forwarded_for_is_ignored(make_limited_app):
    """TRUSTED_PROXIES=0 (the default): a client changing X-Forwarded-For stays in its own bucket."""
    app = make_limited_app()
    assert app.config["TRUSTED_PROXIES"] == 0
    client = app.test_client()
    assert [codes(client, f"203.0.113.{n}", n=1)[0] for n in range(1, 5)] == [200, 200, 200, 429]
    assert codes(client, None, n=1) == [429]


def test_the_client_address_is_read_only_for_the_limiter(make_limited_app):
    """The proxy headers change nothing else: request.remote_addr is still the proxy's."""
    app = make_limited_app(TRUSTED_PROXIES=1, RATE_LIMIT="off")
    with app.test_request_context(
        "/api/v1/", headers={"X-Forwarded-For": "203.0.113.1"}, environ_base={"REMOTE_ADDR": PROXY}
    ):
        assert client_address() == "203.0.113.1"
        assert request.remote_addr == PROXY


def test_fewer_hops_than_trusted_falls_back_to_the_peer(make_limited_app):
    """A request that skipped the proxies (too few X-Forwarded-For entries) counts by its own address."""
    client = make_limited_app(TRUSTED_PROXIES=2).test_client()
    assert codes(client, "203.0.113.1", n=3) == [200] * 3
    assert codes(client, "203.0.113.2", n=1) == [429]  # both count as PROXY


RATE_LIMIT_FIELD = re.compile(r'^"default";r=(\d+);t=(\d+)$')


def test_every_limited_answer_carries_the_ietf_fields(limited_app):
    """RateLimit-Policy states the quota and window; RateLimit counts down; Retry-After only once refused."""
    client = limited_app.test_client()
    remaining = []
    for _ in range(3):
        ok = client.get("/api/v1/")
        assert ok.status_code == 200
        assert ok.headers["RateLimit-Policy"] == '"default";q=3;w=60'
        r, t = RATE_LIMIT_FIELD.match(ok.headers["RateLimit"]).groups()
        remaining.append(int(r))
        assert 0 <= int(t) <= 60
        assert "Retry-After" not in ok.headers
        assert ok.headers["X-RateLimit-Remaining"] == r
    assert remaining == [2, 1, 0]
    refused = client.get("/api/v1/jurisdictions?format=csv")  # refused before the view: still counted, still told
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json" and refused.json["status"] == 429
    r, t = RATE_LIMIT_FIELD.match(refused.headers["RateLimit"]).groups()
    assert r == "0" and 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["RateLimit-Policy"] == '"default";q=3;w=60'


def test_errors_count_and_carry_the_fields_too(limited_app):
    client = limited_app.test_client()
    missing = client.get("/api/v1/jurisdictions/ZZ-NOPE")
    assert missing.status_code == 404 and missing.headers["RateLimit"].startswith('"default";r=2;')
    assert "Retry-After" not in missing.headers


def test_several_limits_each_have_a_policy(make_limited_app):
    client = make_limited_app(RATE_LIMIT="10/second;3/minute").test_client()
    ok = client.get("/api/v1/")
    policies = set(ok.headers["RateLimit-Policy"].split(", "))
    assert policies == {'"1s";q=10;w=1', '"60s";q=3;w=60'}
    assert len(ok.headers["RateLimit"].split(", ")) == 2


def test_no_fields_when_limiting_is_off(client):
    r = client.get("/api/v1/")
    assert "RateLimit" not in r.headers and "RateLimit-Policy" not in r.headers and "Retry-After" not in r.headers


def test_the_429_is_documented_on_every_operation(client):
    spec = client.get("/api/v1/openapi.json").json
    limited = spec["components"]["responses"]["RATE_LIMITED"]
    assert {"Retry-After", "RateLimit", "RateLimit-Policy"} <= set(limited["headers"])
    assert "application/problem+json" in limited["content"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation["responses"]["429"] == {"$ref": "#/components/responses/RATE_LIMITED"}, path
            success = next(code for code in operation["responses"] if str(code).startswith("2"))  # 201 for a report
            assert {"RateLimit", "RateLimit-Policy"} <= set(operation["responses"][success]["headers"]), path

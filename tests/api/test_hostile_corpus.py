"""Several hundred malformed requests against a live gunicorn: never a 5xx, always problem JSON under /api/."""

from __future__ import annotations

import http.client
import itertools

import pytest

from tests.conftest import build_app, dispose
from tests.live import gunicorn

CODES = [
    "TH",
    "us-tx",
    "US-CA-SAN-DIEGO",
    "",
    "..",
    "%2e%2e",
    "%00",
    "%ff%fe",
    "%c0%af",
    "A" * 300,
    "US--TX",
    "%F0%9F%98%80",
]
PARAMS = [
    "as_of=0000-00-00",
    "as_of=99999-01-01",
    "as_of=%00",
    "known_at=9999-12-31T23:59:59-01:00",
    "known_at=0001-01-01T00:00:00%2B01:00",
    "known_at=" + "9" * 500,
    "q=" + "x" * 3000,  # long, but under gunicorn's 4094-byte request line: the app must refuse it
    "q=%ff",
    "q=%25%25%25",
    "q='%20OR%201=1%20--",
    "parent=%00",
    "parent=" + "Z" * 100,
    "level=planet",
    "status=legal&status=banned",
    "substance=%E2%80%AE",
    "page=-1",
    "page=99999999999999999999",
    "per_page=1e9",
    "as_of[]=1",
    "%00=1",
    "&&&==",
]
PATHS = [
    "/api/v1/jurisdictions/{code}",
    "/api/v1/jurisdictions/{code}/history",
    "/jurisdictions/{code}",
]
LISTS = ["/api/v1/jurisdictions", "/search", "/"]
METHODS = ["PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "POST"]
HEADERS = [
    {"If-None-Match": "*"},
    {"If-None-Match": '"' + "a" * 3000 + '"'},
    {"Accept": "application/xml;q=2, */*;q=-1"},
    {"Accept-Encoding": "br;q=nope"},
    {"X-Forwarded-For": "1.2.3.4, <script>"},
    {"Host": "evil.example"},
]


def _requests():
    for template, code in itertools.product(PATHS, CODES):
        yield "GET", template.format(code=code), {}
    targets = [*LISTS, "/api/v1/jurisdictions/TH", "/jurisdictions/TH", "/api/v1/jurisdictions/TH/history", "/api/v1/"]
    for path, params in itertools.product(targets, PARAMS):
        yield "GET", f"{path}?{params}", {}
    for template, code, params in itertools.product(PATHS, CODES[:6], PARAMS[:6]):
        yield "GET", template.format(code=code) + "?" + params, {}
    for method, path in itertools.product(METHODS, ["/api/v1/jurisdictions", "/api/v1/jurisdictions/TH", "/"]):
        yield method, path, {}
    for headers, path in itertools.product(HEADERS, ["/api/v1/jurisdictions/TH", "/jurisdictions/TH"]):
        yield "GET", path, headers
    for path in [
        "/api/v1/../v1/jurisdictions",
        "//api//v1//jurisdictions",
        "/api/v1/jurisdictions/%2F..%2F",
        "/static/../wsgi.py",
    ]:
        yield "GET", path, {}


@pytest.fixture(scope="module")
def live(databases):
    app = build_app(databases)
    assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], workers=2, RATE_LIMIT="off") as base:
        yield base
    dispose(app)


def test_hostile_corpus_never_breaks_the_contract(live):
    host, port = live.removeprefix("http://").split(":")
    failures = []
    requests = list(_requests())
    assert len(requests) > 300
    for method, path, headers in requests:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            conn.putrequest(method, path, skip_host="Host" in headers, skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        kind = response.getheader("Content-Type", "")
        if response.status >= 500:
            failures.append((method, path, response.status))
        elif path.startswith("/api/") and response.status >= 400 and "application/problem+json" not in kind:
            failures.append((method, path, response.status, kind))
    assert [(f[0], f[1][:80], *f[2:]) for f in failures] == []


def test_request_lines_past_gunicorns_limit_are_refused_before_the_app(live):
    # Documented in the README: gunicorn answers these itself, in plain text.
    host, port = live.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/api/v1/jurisdictions?q=" + "x" * 5000)
    assert conn.getresponse().status == 414
    conn.close()

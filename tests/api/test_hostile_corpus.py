"""Several hundred malformed requests against a live gunicorn: never a 5xx, always problem JSON under /api/."""

from __future__ import annotations

import http.client
import itertools
import json
import urllib.request

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
    "q=" + "x" * 3000,  # long, but under gunicorn's request line limit: the app must refuse it
    "&".join(["q=" + "x" * 900] * 6),  # a 5 kB target of short values: the app's 414, not gunicorn's
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
    {"X-Long": "x" * 9000},  # past the app's 8190 bytes a field, within gunicorn's looser limit
    {f"X-Many-{i}": "1" for i in range(120)},  # past the app's 100 fields, within gunicorn's 200
]


# Report posts: bodies that are no report at all, and hostile reports (TOKEN is replaced by a live token).
REPORT_BODIES = [
    ("application/json", b""),
    ("application/json", b"{"),
    ("application/json", b"null"),
    ("application/json", b"[" * 5000),
    ("application/json", b'{"a":' * 2000 + b"1" + b"}" * 2000),
    ("application/json", b'{"message": "\ud800", "jurisdiction": "TH", "token": "TOKEN"}'),
    ("application/json", b'{"message": "\u0000\u0000\u0000\u0000\u0000", "jurisdiction": "TH", "token": "TOKEN"}'),
    ("application/json", b'{"message": 1e999999, "jurisdiction": "TH", "token": "TOKEN"}'),
    ("application/json", b'{"message": "<script>alert(1)</script> long", "jurisdiction": "TH", "token": "TOKEN"}'),
    ("application/json", b'{"message": "\u202e OR 1=1; --  long", "jurisdiction": "\u0000", "token": "TOKEN"}'),
    ("application/json", b'{"message": "long enough text", "jurisdiction": "TH", "token": "TOKEN", "website": "x"}'),
    ("application/json", b'{"message": "long enough text", "jurisdiction": "TH", "token": "x.y.z"}'),
    ("application/json", b'{"message": "long enough text", "jurisdiction": ["TH"], "token": {"a": 1}}'),
    ("application/json; charset=utf-16", "{}".encode("utf-16")),
    ("application/json", b"\xff\xfe\x00"),
    ("text/plain", b"hello"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=message\r\n\r\nhi\r\n--x--"),
    ("application/x-www-form-urlencoded", b"message=%00%ff&jurisdiction=%E2%80%AE&token=TOKEN"),
    ("application/x-www-form-urlencoded", b"message=" + b"A" * 5000 + b"&token=TOKEN&jurisdiction=TH"),
    ("application/x-www-form-urlencoded", b"&&&===&" * 500),
    ("application/x-www-form-urlencoded", b"about=kratom%3A%27%3B--&message=long+enough+text&token=TOKEN"),
]


def _report_requests():
    for (kind, body), path in itertools.product(REPORT_BODIES, ["/api/v1/reports", "/report"]):
        yield "POST", path, {"Content-Type": kind}, body
    yield "POST", "/api/v1/reports", {"Content-Type": "application/json", "Content-Length": "999999999"}, b"{}"
    yield "POST", "/api/v1/reports?x=1", {"Content-Type": "application/json"}, b"{}"
    for method in ("PUT", "DELETE", "PATCH"):
        yield method, "/api/v1/reports", {}, None
        yield method, "/report", {}, None


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
    failures, statuses = [], set()
    live_token = json.loads(urllib.request.urlopen(f"{live}/api/v1/reports/token", timeout=10).read())["token"]
    requests = [(m, p, h, None) for m, p, h in _requests()] + list(_report_requests())
    assert len(requests) > 350
    for method, path, headers, body in requests:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        if body is not None:
            body = body.replace(b"TOKEN", live_token.encode())
            headers = {"Content-Length": str(len(body)), **headers}
        try:
            conn.putrequest(method, path, skip_host="Host" in headers, skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            if body and headers["Content-Length"] == str(len(body)):
                conn.send(body)
            response = conn.getresponse()
            response.read()
        except (ConnectionResetError, BrokenPipeError):
            continue  # the server closed a request it refused before reading it (an absurd Content-Length)
        finally:
            conn.close()
        if response.getheader("Set-Cookie"):
            failures.append((method, path, "Set-Cookie"))
        kind = response.getheader("Content-Type", "")
        if response.status >= 500:
            failures.append((method, path, response.status))
        elif path.startswith("/api/") and response.status >= 400 and "application/problem+json" not in kind:
            failures.append((method, path, response.status, kind))
        elif response.status >= 400 and response.getheader("Cache-Control") != "no-store":
            failures.append((method, path, response.status, response.getheader("Cache-Control")))
        statuses.add(response.status)
    assert [(f[0], f[1][:80], *f[2:]) for f in failures] == []
    assert {400, 404, 405, 414, 431} <= statuses  # the app itself answered each kind of refusal


def _raw(live: str, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    host, port = live.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def test_requests_far_past_the_apps_limits_are_refused_by_gunicorn_in_plain_text(live):
    # Documented in the README ("Bad input"): past gunicorn.conf.py's limits gunicorn answers itself.
    line = _raw(live, "/api/v1/jurisdictions?q=" + "x" * 8200, {})
    assert line.status == 414 and "problem+json" not in line.getheader("Content-Type", "")
    field = _raw(live, "/api/v1/jurisdictions/TH", {"X-Long": "x" * 17000})
    assert field.status == 431 and "problem+json" not in field.getheader("Content-Type", "")
    within = _raw(live, "/api/v1/jurisdictions?" + "&".join(["q=" + "x" * 900] * 6), {})
    assert within.status == 414 and within.getheader("Content-Type") == "application/problem+json"

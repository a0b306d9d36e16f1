"""`flask sources check` against a real HTTP server on 127.0.0.1 started here (never any other address)."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from regstatus.extensions import db
from regstatus.models import SourceCheck
from regstatus.services.upkeep.source_checks import classify_error
from tests.conftest import build_app, dispose
from tests.upkeep.seedkit import rule, source, write_seed


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    body = b"version one"
    agents: list[str]


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args):
        pass

    def do_GET(self):
        self.server.agents.append(self.headers.get("User-Agent", ""))
        codes = {"/gone": 404, "/erased": 410, "/forbidden": 403, "/busy": 429, "/broken": 500}
        if self.path in codes:
            self.send_response(codes[self.path])
            self.end_headers()
            return
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        body = self.server.body if self.path == "/page" else b"steady"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.agents = []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


PATHS = {
    "page": "/page",
    "gone": "/gone",
    "erased": "/erased",
    "forbidden": "/forbidden",
    "busy": "/busy",
    "broken": "/broken",
    "old": "/old",
    "slow": "/slow",
}


@pytest.fixture
def checked_app(databases, tmp_path, server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sources = [source(f"s-{name}", url=base + path) for name, path in PATHS.items()]
    sources[1]["archive_url"] = "https://web.archive.org/web/2026/https://example.org/gone"
    rules = [rule("TH", "kratom", "2021-01-01", "legal", [s["id"] for s in sources])]
    app = build_app(databases, seed_dir=write_seed(tmp_path / "seed", sources, rules))
    assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    yield app
    dispose(app)


def _check(app, *args):
    return app.test_cli_runner().invoke(args=["sources", "check", "--delay", "0", "--timeout", "0.5", *args])


def _rows(app) -> dict[str, SourceCheck]:
    with app.app_context():
        return {c.source.key: c for c in db.session.scalars(db.select(SourceCheck))}


def test_each_answer_is_classified_by_the_check_links_rule(checked_app, server):
    result = _check(checked_app)
    assert result.exit_code == 0, result.output
    assert "checked 8 source(s): dead=2, moved=1, ok=1, unknown=4" in result.output
    rows = _rows(checked_app)
    got = {k: (r.status, r.http_code) for k, r in rows.items()}
    assert got == {
        "s-page": ("ok", 200),
        "s-gone": ("dead", 404),
        "s-erased": ("dead", 410),
        "s-forbidden": ("unknown", 403),
        "s-busy": ("unknown", 429),
        "s-broken": ("unknown", 500),
        "s-old": ("moved", 200),
        "s-slow": ("unknown", None),
    }
    assert rows["s-old"].final_url.endswith("/page") and rows["s-slow"].error == "timed out"
    assert len(rows["s-page"].content_hash) == 64 and rows["s-page"].changed_on is None
    assert server.agents and all(a.startswith("regstatus-source-check/") for a in server.agents)


def test_a_changed_page_and_a_dead_source_feed_the_queue_and_survive_a_reload(checked_app, server):
    assert _check(checked_app).exit_code == 0
    server.body = b"version two"
    assert _check(checked_app, "--only", "s-page").exit_code == 0
    today = dt.datetime.now(dt.UTC).date()
    assert _rows(checked_app)["s-page"].changed_on == today
    assert checked_app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0  # checks are kept
    out = checked_app.test_cli_runner().invoke(args=["queue", "--today", today.isoformat(), "--format", "json"])
    items = {(i["reason"], i["source"]): i for i in json.loads(out.output)["items"] if i["source"]}
    assert set(items) == {
        ("source-dead", "s-gone"),
        ("source-dead", "s-erased"),
        ("source-changed", "s-page"),
        ("source-moved", "s-old"),
        ("source-unknown", "s-forbidden"),
        ("source-unknown", "s-busy"),
        ("source-unknown", "s-broken"),
        ("source-unknown", "s-slow"),
    }
    assert "archive: https://web.archive.org/" in items[("source-dead", "s-gone")]["why"]
    assert "no archive_url recorded" in items[("source-dead", "s-erased")]["why"]
    assert items[("source-changed", "s-page")]["cited_by"] == ["TH kratom from 2021-01-01"]


def test_limit_and_only_choose_what_is_fetched(checked_app, server):
    assert "checked 2 source(s)" in _check(checked_app, "--limit", "2").output
    assert len(server.agents) == 2
    result = _check(checked_app, "--only", "s-nope")
    assert result.exit_code == 1 and "no source with id s-nope" in result.output


def test_check_results_are_not_served(checked_app):
    _check(checked_app, "--only", "s-gone")
    body = checked_app.test_client().get("/api/v1/sources?per_page=100").data.decode()
    assert "s-gone" in body and "dead" not in body and "content_hash" not in body


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (urllib.error.URLError(socket.gaierror(socket.EAI_NONAME, "Name or service not known")), "dead"),
        (urllib.error.URLError(socket.gaierror(socket.EAI_AGAIN, "Temporary failure")), "unknown"),
        (urllib.error.URLError(ConnectionRefusedError(111, "refused")), "unknown"),
        (TimeoutError("timed out"), "unknown"),
    ],
)
def test_only_nxdomain_among_network_failures_is_dead(exc, status):
    assert classify_error(exc).status == status

"""Drill: what the real gunicorn serves around the answers: HSTS by the proxy-trust rule, the public
origin in links and redirects, 429s and 405s in the caller's format, one control socket per deployment."""

from __future__ import annotations

import http.client
import stat

import pytest

from tests.drills.server import serve
from tests.live import ROOT

BASE = "https://kratom.example.org"
ALIAS = "www.kratom.example.org"


def _raw(base: str, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


@pytest.fixture(scope="module")
def servers(app, tmp_path_factory):
    """Two deployments side by side: one reached directly, one behind one trusted proxy with a rate limit."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    logs = tmp_path_factory.mktemp("gunicorn")
    common = {"PUBLIC_BASE_URL": BASE, "ALLOWED_HOSTS": f"{ALIAS},127.0.0.1"}
    limited = {"TRUSTED_PROXIES": "1", "RATE_LIMIT": "8 per minute"}
    with (
        serve(url, logs / "direct.log", workers=1, TRUSTED_PROXIES="0", **common) as direct,
        serve(url, logs / "proxied.log", workers=1, **limited, **common) as proxied,
    ):
        yield direct, proxied


def _hsts(base: str, proto: str | None) -> str | None:
    response, _ = _raw(base, "/healthz", {"X-Forwarded-Proto": proto} if proto else {})
    return response.getheader("Strict-Transport-Security")


def test_hsts_follows_the_same_trust_rule_as_the_client_address(servers):
    direct, proxied = servers
    assert _hsts(direct.base, "https") is None  # a client's own X-Forwarded-Proto is never believed
    assert _hsts(proxied.base, "https") == "max-age=31536000"
    assert _hsts(proxied.base, "https, http") is None  # the trusted proxy saw http; the client wrote https
    assert _hsts(proxied.base, None) is None


def test_links_and_redirects_name_the_public_origin(servers):
    direct, _ = servers
    moved, _ = _raw(direct.base, "/jurisdictions//TH", {"Host": ALIAS})
    assert moved.status == 308 and moved.getheader("Location") == f"{BASE}/jurisdictions/TH"
    feed, body = _raw(direct.base, "/feeds/jurisdictions/TH.atom", {"Host": ALIAS, "SCRIPT_NAME": "/evil"})
    assert feed.status == 200 and f'href="{BASE}/jurisdictions/TH"'.encode() in body and b"/evil" not in body
    refused, body = _raw(direct.base, "/feeds/changes.atom", {"Host": "evil.example"})
    assert refused.status == 400 and b"evil.example" not in body


def test_the_console_is_not_served(servers):
    for server in servers:
        response, _ = _raw(server.base, "/console", {"Host": ALIAS})
        assert response.status == 404 and response.getheader("Content-Type") == "text/html; charset=utf-8"


def test_an_html_405_says_which_methods_work(servers):
    response, _ = _raw(servers[0].base, "/", {"Accept": "text/html"}, method="POST")
    assert response.status == 405 and response.getheader("Content-Type").startswith("text/html")
    assert set(response.getheader("Allow").split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_429s_are_never_stored_and_speak_the_clients_format(servers):
    _, proxied = servers
    for _ in range(8):
        _raw(proxied.base, "/api/v1/jurisdictions/TH")
    expected = {
        ("/api/v1/jurisdictions/TH", "*/*"): "application/problem+json",
        ("/feeds/changes.atom", "application/atom+xml, application/xml;q=0.9, */*;q=0.8"): "application/problem+json",
        ("/badge/TH.svg", "image/avif,image/webp,image/svg+xml,image/*,*/*;q=0.8"): "application/problem+json",
        ("/feeds/changes.atom", "text/html,application/xhtml+xml,*/*;q=0.8"): "text/html; charset=utf-8",
        ("/", "text/html,application/xhtml+xml,*/*;q=0.8"): "text/html; charset=utf-8",
    }
    for (path, accept), kind in expected.items():
        response, _ = _raw(proxied.base, path, {"Accept": accept})
        assert response.status == 429, (path, accept)
        assert response.getheader("Content-Type") == kind, (path, accept)
        assert response.getheader("Cache-Control") == "no-store" and response.getheader("Retry-After")


def test_each_deployment_has_its_own_control_socket(servers):
    sockets = [ROOT / "instance" / f"gunicorn-{server.base.rsplit(':', 1)[1]}.ctl" for server in servers]
    assert sockets[0] != sockets[1]
    for path in sockets:
        assert stat.S_ISSOCK(path.stat().st_mode), path
    assert all("Failed to start control socket" not in server.log_text() for server in servers)

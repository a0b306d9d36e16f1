"""The public origin: a foreign Host is refused, and every absolute URL names PUBLIC_BASE_URL, never the Host."""

from __future__ import annotations

import pytest

from regstatus import create_app
from regstatus.config import ConfigError, load_settings
from tests.conftest import FIXTURE_SEED, dispose

BASE = "https://kratom.example.org"
EVIL = "evil.example"


@pytest.fixture(scope="module")
def pinned(app):
    """The seeded test database, served as BASE with one alias host."""
    application = create_app(
        {
            "REGSTATUS_ENV": "testing",
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SEED_DIR": str(FIXTURE_SEED),
            "PUBLIC_BASE_URL": BASE,
            "ALLOWED_HOSTS": "www.kratom.example.org",
        }
    )
    yield application
    dispose(application)


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/changes.atom",
        "/feeds/jurisdictions/TH.atom",
        "/feeds/upcoming.ics",
        "/feeds/jurisdictions/TH.ics",
        "/jurisdictions/TH",
        "/jurisdictions//TH",
        "/llms.txt",
    ],
)
def test_a_foreign_host_is_refused_on_pages_and_feeds(pinned, client, path):
    for app_client in (pinned.test_client(), client):  # with and without PUBLIC_BASE_URL
        response = app_client.get(path, headers={"Host": EVIL})
        assert response.status_code == 400
        assert EVIL.encode() not in response.data
        assert response.headers["Cache-Control"] == "no-store"


def test_a_foreign_host_is_refused_as_problem_json_under_the_api(pinned):
    response = pinned.test_client().get("/api/v1/jurisdictions/TH", headers={"Host": EVIL + ":443"})
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/host-not-allowed") and set(response.json["errors"]) == {"Host"}
    page = pinned.test_client().get("/jurisdictions/TH", headers={"Host": EVIL, "Accept": "text/html"})
    assert page.status_code == 400 and page.mimetype == "text/html" and "Host not allowed" in page.text


def test_probes_answer_whatever_the_host(pinned):
    assert pinned.test_client().get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200


@pytest.mark.parametrize("host", ["kratom.example.org", "www.kratom.example.org:8443"])
def test_feeds_are_built_from_the_public_base_url(pinned, host):
    client = pinned.test_client()
    for path, link in (
        ("/feeds/changes.atom", f'href="{BASE}/jurisdictions/TH"'),
        ("/feeds/jurisdictions/TH.atom", f'href="{BASE}/jurisdictions/TH"'),
        ("/feeds/upcoming.ics", f"{BASE}/jurisdictions/"),
        ("/feeds/jurisdictions/US-TX.ics", f"{BASE}/jurisdictions/US-TX"),
        ("/llms.txt", f"{BASE}/api/v1/"),
    ):
        feed = client.get(path, headers={"Host": host}, base_url="http://" + host).text
        assert link in feed, path
        assert "http://" not in feed.replace("http://www.w3.org/2005/Atom", "")
        assert "www.kratom" not in feed


def test_the_permalink_and_citation_name_the_public_base_url(pinned):
    html = pinned.test_client().get("/jurisdictions/TH", headers={"Host": "www.kratom.example.org"}).text
    assert f'class="permalink" href="{BASE}/jurisdictions/TH?as_of=' in html
    assert "Retrieved " in html and f", {BASE}/jurisdictions/TH?as_of=" in html
    assert "www.kratom" not in html


def test_redirects_name_the_public_base_url(pinned):
    response = pinned.test_client().get("/jurisdictions//TH", headers={"Host": "www.kratom.example.org"})
    assert response.status_code == 308 and response.headers["Location"] == f"{BASE}/jurisdictions/TH"


def test_development_answers_loopback_names_and_builds_from_them(client):
    for host in ("localhost", "127.0.0.1:5000", "[::1]:8000"):
        response = client.get("/jurisdictions//TH", headers={"Host": host})
        assert response.status_code == 308 and response.headers["Location"] == f"http://{host}/jurisdictions/TH"


def _settings(tmp_path, monkeypatch, env="development", **overrides):
    for name in ("PUBLIC_BASE_URL", "ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REGSTATUS_ENV", env)
    monkeypatch.setenv("DATABASE_URL", "postgresql://regstatus@db.internal/regstatus")
    monkeypatch.setenv("SECRET_KEY", "6DkIkOeM-zgstswFIzh-zsa9BbQtx4QRACFQhJM68aA")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    return load_settings(str(tmp_path), overrides)


def test_production_requires_a_public_base_url(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL is required in production"):
        _settings(tmp_path, monkeypatch, "production")
    settings = _settings(tmp_path, monkeypatch, "production", PUBLIC_BASE_URL="https://Kratom.Example.org/")
    assert settings["PUBLIC_BASE_URL"] == BASE and settings["ALLOWED_HOSTS"] == ("kratom.example.org",)


@pytest.mark.parametrize(
    "value", ["kratom.example.org", "ftp://kratom.example.org", "https://", "https://x.org/prefix", "https://u@x.org"]
)
def test_a_base_url_that_is_no_origin_is_refused(tmp_path, monkeypatch, value):
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL="):
        _settings(tmp_path, monkeypatch, PUBLIC_BASE_URL=value)


def test_allowed_hosts_replace_the_loopback_default(tmp_path, monkeypatch):
    assert _settings(tmp_path, monkeypatch)["ALLOWED_HOSTS"] == ("localhost", "127.0.0.1", "::1")
    hosts = _settings(tmp_path, monkeypatch, ALLOWED_HOSTS=" a.example , B.example:8443")["ALLOWED_HOSTS"]
    assert hosts == ("a.example", "b.example")
    with pytest.raises(ConfigError, match=r"ALLOWED_HOSTS entry .https://a\.example."):
        _settings(tmp_path, monkeypatch, ALLOWED_HOSTS="https://a.example")

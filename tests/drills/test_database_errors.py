"""A database that cannot be reached answers 503 with Retry-After and one log line, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import time

import pytest
import sqlalchemy as sa

from regstatus.config import DB_STATEMENT_TIMEOUT_MS, engine_options
from regstatus.extensions import db
from tests.conftest import PG_URL, build_app, dispose


@pytest.fixture
def unreachable_app(databases, tmp_path):
    """An app whose database cannot be opened: a SQLite file in a folder that does not exist,
    or a PostgreSQL port nobody listens on."""
    if PG_URL:
        url = sa.make_url(databases.new_url()).set(port=1).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 'missing' / 'regstatus.db'}"
    app = build_app(databases, migrate=False, SQLALCHEMY_DATABASE_URI=url)
    yield app
    dispose(app)


def test_api_answers_503_problem_with_retry_after(unreachable_app, caplog):
    caplog.set_level(logging.WARNING)
    response = unreachable_app.test_client().get("/api/v1/jurisdictions/TH")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "5"
    body = response.json
    assert body["type"] == "/api/v1/problems/database-unavailable" and body["status"] == 503
    assert "password" not in response.get_data(as_text=True)
    lines = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert len(lines) == 1 and lines[0].exc_info is None  # one line, no traceback
    assert "GET /api/v1/jurisdictions/TH" in lines[0].getMessage()


def test_pages_answer_a_readable_503(unreachable_app):
    response = unreachable_app.test_client().get("/jurisdictions/TH")
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert response.headers["Retry-After"] == "5"
    assert "try again" in response.get_data(as_text=True)


def test_probes_while_the_database_is_unreachable(unreachable_app):
    client = unreachable_app.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["checks"]["database"].startswith("unreachable")


def test_postgresql_connections_carry_timeouts():
    options = engine_options("postgresql+psycopg://u@h/db?options=-c%20search_path%3Dx")
    args = options["connect_args"]
    assert args["connect_timeout"] <= 5 and args["keepalives"] == 1 and args["tcp_user_timeout"] > 0
    assert f"statement_timeout={DB_STATEMENT_TIMEOUT_MS}" in args["options"]
    assert "search_path=x" in args["options"]  # the URL's own options are kept
    assert options["pool_pre_ping"] is True


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_a_slow_statement_fails_a_request_fast_but_not_a_command(fresh_app):
    """statement_timeout bounds web requests (503); commands and migrations may run longer."""

    @fresh_app.get("/api/v1/_drill/sleep")
    def _sleep():
        db.session.execute(sa.text("SELECT pg_sleep(20)"))
        return "slept"

    start = time.monotonic()
    response = fresh_app.test_client().get("/api/v1/_drill/sleep")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert time.monotonic() - start < DB_STATEMENT_TIMEOUT_MS / 1000 + 2
    with fresh_app.app_context():  # no request, as in a command: the limit is lifted
        seconds = DB_STATEMENT_TIMEOUT_MS / 1000 + 0.5
        db.session.execute(sa.text("SELECT pg_sleep(:s)"), {"s": seconds})
        db.session.remove()
    # And back in a request, the limit holds again on the same pooled connection.
    assert fresh_app.test_client().get("/api/v1/_drill/sleep").status_code == 503

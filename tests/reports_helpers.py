"""Shared by the correction report tests: an app with the fixture seed, a token, counting what is stored."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from regstatus.extensions import db
from regstatus.services.reports import token as form_token
from tests.conftest import build_app, dispose


def seeded_app(databases, **config):
    """An app on its own database with the fixture seed loaded (reports may be written to it)."""
    app = build_app(databases, **config)
    result = app.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="module", name="app")
def reports_app(databases):
    """A test module's own `app`, fixture seed loaded, that its tests file reports into.

    Imported by a module, it stands in for the suite's shared read-only app there; the suite's
    `client` fixture then talks to it.
    """
    application = seeded_app(databases)
    yield application
    dispose(application)


def stored(app) -> int:
    """How many reports the database holds."""
    with app.app_context():
        return db.session.execute(sa.text("SELECT count(*) FROM correction_report")).scalar_one()


def token(app, now: float | None = None) -> str:
    """A form token as the app issues it (at `now`, default the present)."""
    return form_token.issue(app.config["SECRET_KEY"], now)


def version_of(client, code: str, substance: str = "kratom") -> str:
    """The version id a place's own row has for a substance, as the API shows it."""
    body = client.get(f"/api/v1/jurisdictions/{code}").json
    return next(s["version_id"] for s in body["statuses"] if s["substance"] == substance)


def cli(app, *args: str):
    """Run a flask command; its result."""
    return app.test_cli_runner().invoke(args=list(args))


__all__ = ["cli", "dispose", "seeded_app", "stored", "token", "version_of"]

"""The migrations build the schema the models describe, and run down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from regstatus.extensions import db


def _tables(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(fresh_app):
    assert {"jurisdiction", "rule_version", "source", "substance", "change_event"} <= _tables(fresh_app)
    with fresh_app.app_context():
        downgrade(revision="base")
        db.engine.dispose()
    assert _tables(fresh_app) == set()
    with fresh_app.app_context():
        upgrade()
        substances = db.session.execute(sa.text("SELECT slug FROM substance ORDER BY id")).scalars().all()
    assert substances == ["kratom", "7-oh"]


def test_models_and_migrations_agree(fresh_app):
    with fresh_app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_readyz_is_503_until_migrated(databases):
    from tests.conftest import build_app, dispose

    app = build_app(databases, migrate=False)
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["migrations"].startswith("at ")
    with app.app_context():
        upgrade()
    assert client.get("/readyz").status_code == 200
    dispose(app)

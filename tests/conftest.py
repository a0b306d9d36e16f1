"""Fixtures: apps on a database built by running the migrations, on SQLite or on PostgreSQL.

`TEST_DATABASE_URL` (a PostgreSQL URL) runs the suite on PostgreSQL: every app gets
a database of its own, created and dropped here. Without it, each app gets a SQLite
file. Under CI=true an unreachable PostgreSQL fails the run instead of skipping.

The migrations run once per session, into a template database; every app that asks for a
migrated database gets a copy of it (SQLite: a copy of the file; PostgreSQL: `CREATE DATABASE
... TEMPLATE`). Tests of the migrations themselves (`migrate=False`, then `upgrade()`) still run
them on an empty database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from regstatus import create_app
from regstatus.extensions import db
from regstatus.i18n import compile_catalogs

FIXTURE_SEED = Path(__file__).parent / "data" / "seed"
REAL_SEED = Path(__file__).parent.parent / "seed"
PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()


def _pg_admin_engine():
    url = sa.make_url(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    return url, sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def pytest_sessionstart(session):
    """Compile the translation catalogs (as `make translations` does); fail fast when PostgreSQL is unreachable."""
    compile_catalogs()
    if not PG_URL:
        return
    _url, engine = _pg_admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        pytest.exit(f"cannot reach PostgreSQL at TEST_DATABASE_URL: {exc.orig}", returncode=3)
    finally:
        engine.dispose()


class Databases:
    """Creates a fresh database per app (empty, or a copy of the migrated template) and drops it afterwards."""

    def __init__(self, tmp_root: Path):
        self.tmp_root = tmp_root
        self.created: list[str] = []
        self._template: str | None = None  # a SQLite file, or a PostgreSQL database name

    @property
    def backend(self) -> str:
        return "postgresql" if PG_URL else "sqlite"

    def new_url(self) -> str:
        if not PG_URL:
            return f"sqlite:///{self.tmp_root / f'{uuid.uuid4().hex}.db'}"
        return self._new_pg()

    def _new_pg(self, template: str | None = None) -> str:
        """A new PostgreSQL database (a copy of `template`, if given), dropped at the end of the session."""
        url, engine = _pg_admin_engine()
        name = f"regstatus_test_{uuid.uuid4().hex[:12]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
        engine.dispose()
        self.created.append(name)
        return url.set(database=name).render_as_string(hide_password=False)

    def _migrate_template(self) -> str:
        """Run every migration once, into a database nobody connects to afterwards."""
        url = self.new_url()
        app = create_app({"REGSTATUS_ENV": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
        dispose(app)
        if PG_URL:
            return sa.make_url(url).database
        path = Path(sa.make_url(url).database)
        with sqlite3.connect(path) as conn:  # fold the WAL into the file, so a file copy is the whole database
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        return str(path)

    def migrated_url(self) -> str:
        """A new database holding the schema at head: a copy of the template migrated once per session."""
        if self._template is None:
            self._template = self._migrate_template()
        if not PG_URL:
            target = self.tmp_root / f"{uuid.uuid4().hex}.db"
            shutil.copyfile(self._template, target)
            return f"sqlite:///{target}"
        return self._new_pg(template=self._template)

    def drop_all(self) -> None:
        if not self.created:
            return
        _url, engine = _pg_admin_engine()
        with engine.connect() as conn:
            for name in self.created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    dbs = Databases(tmp_path_factory.mktemp("db"))
    yield dbs
    dbs.drop_all()


def build_app(databases: Databases, seed_dir: Path = FIXTURE_SEED, migrate: bool = True, **config):
    """An app on a new database: at head (a copy of the migrated template) or, with migrate=False, empty."""
    settings = {
        "REGSTATUS_ENV": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": databases.migrated_url() if migrate else databases.new_url(),
        "SEED_DIR": str(seed_dir),
        **config,
    }
    return create_app(settings)


def dispose(app) -> None:
    """Close every pooled connection, so PostgreSQL can drop the database."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def app(databases):
    """A read-only app with the fixture seed loaded; tests must not write to it."""
    application = build_app(databases)
    result = application.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 0, result.output
    yield application
    dispose(application)


@pytest.fixture(scope="session")
def real_app(databases):
    """A read-only app with the real dataset (seed/) loaded; tests must not write to it."""
    application = build_app(databases, seed_dir=REAL_SEED)
    result = application.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 0, result.output
    yield application
    dispose(application)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def fresh_app(databases):
    """An app on its own new, migrated, empty database."""
    application = build_app(databases)
    yield application
    dispose(application)


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of the fixture seed folder."""
    target = tmp_path / "seed"
    shutil.copytree(FIXTURE_SEED, target)
    return target


@pytest.fixture
def runner(fresh_app):
    return fresh_app.test_cli_runner()

"""Drill: a SQLite database published read-only still answers every read; writes fail saying why.

Tests run as root, which ignores file modes, so the chmod alone proves nothing here: the app
opens the file with SQLite's own read-only mode (`sqlite:///file:PATH?mode=ro&uri=true`),
which refuses every write whoever runs it. The file is published in rollback-journal mode,
as a read-only file must be: a WAL file needs a writable -shm beside it to be read.
"""

from __future__ import annotations

import sqlite3
import stat

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from regstatus import create_app
from regstatus.extensions import db
from tests.conftest import FIXTURE_SEED, dispose


def _app(url: str):
    return create_app(
        {"REGSTATUS_ENV": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SEED_DIR": str(FIXTURE_SEED)}
    )


@pytest.fixture
def read_only_db(tmp_path):
    """A migrated, seeded SQLite file, then published: rollback journal, file and folder read-only."""
    folder = tmp_path / "published"
    folder.mkdir()
    path = folder / "regstatus.db"
    writer = _app(f"sqlite:///{path}")
    with writer.app_context():
        upgrade()
    assert writer.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    dispose(writer)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # set once, by the migrations
        conn.execute("PRAGMA journal_mode=DELETE")
    path.chmod(0o444)
    folder.chmod(0o555)
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)


NEW_RULE = """- jurisdiction: US-NY
  substance: kratom
  effective_from: 2026-01-01
  status: banned
  summary: Test row for the read-only drill.
  confidence: high
  recorded_on: 2026-03-01
  sources: [test-statute-a]
"""


def test_reads_work_and_writes_fail_clearly(read_only_db, seed_copy):
    app = _app(f"sqlite:///file:{read_only_db}?mode=ro&uri=true")

    @app.get("/api/v1/_drill/write")
    def _write():
        db.session.execute(sa.text("UPDATE jurisdiction SET name = name"))
        db.session.commit()
        return "written"

    client = app.test_client()
    try:
        assert client.get("/api/v1/jurisdictions/TH").status_code == 200
        assert client.get("/jurisdictions/TH").status_code == 200
        assert client.get("/readyz").json["checks"] == {"database": "ok", "migrations": "ok"}
        refused = client.get("/api/v1/_drill/write")
        assert refused.status_code == 503 and refused.json["type"].endswith("/database-read-only")
        rules = seed_copy / "rules" / "test.yaml"
        rules.write_text(rules.read_text() + NEW_RULE)  # something to write
        result = app.test_cli_runner().invoke(args=["seed", "load", "--dir", str(seed_copy)])
        assert result.exit_code == 1 and "readonly database" in result.output and "nothing loaded" in result.output
    finally:
        dispose(app)
    assert stat.S_IMODE(read_only_db.stat().st_mode) == 0o444
    assert sorted(p.name for p in read_only_db.parent.iterdir()) == ["regstatus.db"]  # no journal left behind

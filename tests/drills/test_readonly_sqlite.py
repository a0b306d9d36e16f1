"""Drill: a SQLite database published read-only still answers every read; writes fail saying why;
a WAL file in a folder that cannot be written refuses to start, naming the recipe for a read-only copy.

Tests run as root, which ignores file modes, so the chmod alone proves nothing here: the app
opens the file with SQLite's own read-only mode (`sqlite:///file:PATH?mode=ro&uri=true`),
which refuses every write whoever runs it. The file is published in rollback-journal mode,
as a read-only file must be: a WAL file needs a writable -shm beside it to be read.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from regstatus import create_app
from regstatus.extensions import db
from tests.conftest import FIXTURE_SEED, dispose
from tests.drills.server import get
from tests.live import ROOT, free_port


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


@pytest.fixture
def read_only_mount(tmp_path):
    """A migrated, seeded database twice in a folder mounted read-only (even root cannot write there):
    `wal.db` as the migrations leave it (WAL), `published.db` published by the README's recipe."""
    source, mounted = tmp_path / "source", tmp_path / "mounted"
    source.mkdir()
    mounted.mkdir()
    writer = _app(f"sqlite:///{source / 'wal.db'}")
    with writer.app_context():
        upgrade()
    assert writer.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    dispose(writer)
    shutil.copy(source / "wal.db", source / "published.db")
    conn = sqlite3.connect(source / "published.db")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    assert sorted(p.name for p in source.iterdir()) == ["published.db", "wal.db"]  # checkpointed, no -wal left
    bound = subprocess.run(["mount", "--bind", str(source), str(mounted)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], check=True)
        yield mounted
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


def _gunicorn(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "WEB_CONCURRENCY": "1", "RATE_LIMIT": "off"}
    env.update(REGSTATUS_ENV="development", REDIS_URL="")
    binary = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [str(binary), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )


def test_a_wal_file_in_a_read_only_folder_refuses_to_start_naming_the_recipe(read_only_mount):
    wal = read_only_mount / "wal.db"
    conn = sqlite3.connect(f"file:{wal}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError, match="unable to open database file"):
            conn.execute("SELECT count(*) FROM jurisdiction")  # what every request would have met: a 503
    finally:
        conn.close()
    for url in (f"sqlite:///{wal}", f"sqlite:///file:{wal}?mode=ro&uri=true"):
        proc = _gunicorn(url, free_port())
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 1
        assert err.count("in WAL mode") == 1 and "PRAGMA journal_mode=DELETE" in err and "mode=ro" in err
        assert "Traceback" not in err and "Booting worker" not in err


def test_the_readme_recipe_serves_from_a_read_only_folder(read_only_mount):
    port = free_port()
    proc = _gunicorn(f"sqlite:///file:{read_only_mount / 'published.db'}?mode=ro&uri=true", port)
    try:
        deadline = time.monotonic() + 30
        while (ready := get(f"http://127.0.0.1:{port}/readyz", timeout=2)).status != 200:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
        assert ready.json()["checks"] == {"database": "ok", "migrations": "ok"}
        assert get(f"http://127.0.0.1:{port}/api/v1/jurisdictions/TH").status == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=25)

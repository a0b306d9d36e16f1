"""Drill: the disk fills up in the middle of a seed load; nothing is half-written, and the next load works.

The database lives on a real tmpfs of its own (SQLite: the file; PostgreSQL: a tablespace the
database is moved into), which a filler file then fills to within a few kilobytes. The load of the
full dataset must fail saying why and leave every table as the previous load left it; reads go on;
once space is freed the same load succeeds without any repair.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from regstatus import create_app
from regstatus.extensions import db
from tests.conftest import FIXTURE_SEED, PG_URL, REAL_SEED, _pg_admin_engine, dispose

DISK_SIZE = "48m"
LEFT_FREE = 64 * 1024  # room for a few pages: the load starts writing, then runs out


@pytest.fixture
def small_disk():
    """A tmpfs mounted for this test, reachable (and, for a tablespace, owned) by the postgres user."""
    folder = Path(tempfile.mkdtemp(prefix="regstatus-disk-"))
    folder.chmod(0o755)
    owner = ""
    if PG_URL:
        import pwd

        entry = pwd.getpwnam("postgres")
        owner = f",uid={entry.pw_uid},gid={entry.pw_gid}"
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0700{owner}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def _fill(folder: Path, leave: int) -> Path:
    """Write a filler file until `leave` bytes are free."""
    filler = folder / "filler"
    stats = os.statvfs(folder)
    todo = stats.f_bavail * stats.f_frsize - leave
    with filler.open("wb") as f:
        while todo > 0:
            todo -= f.write(b"\0" * min(todo, 1 << 20))
    return filler


@pytest.fixture
def database_on_small_disk(databases, small_disk):
    """A migrated database whose files are all on the small disk; yields (url, disk)."""
    url = databases.migrated_url()
    if not PG_URL:
        target = small_disk / "regstatus.db"
        shutil.copyfile(sa.make_url(url).database, target)
        yield f"sqlite:///{target}", small_disk
        return
    space = f"regstatus_disk_{uuid.uuid4().hex[:8]}"
    name = sa.make_url(url).database
    _admin_url, admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE TABLESPACE {space} LOCATION '{small_disk}'"))
        conn.execute(sa.text(f'ALTER DATABASE "{name}" SET TABLESPACE {space}'))
    try:
        yield url, small_disk
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f"DROP TABLESPACE {space}"))
        admin.dispose()


def _contents(app) -> dict[str, list]:
    """Every row of every table, in a stable order: what "nothing half-written" compares."""
    with app.app_context():
        out = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(sa.select(table)).all()
            out[table.name] = sorted(map(repr, rows))
        db.session.remove()
        return out


def test_a_load_that_fills_the_disk_leaves_the_database_as_it_was(database_on_small_disk):
    url, disk = database_on_small_disk
    app = create_app(
        {"REGSTATUS_ENV": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SEED_DIR": str(FIXTURE_SEED)}
    )
    runner = app.test_cli_runner()
    try:
        assert runner.invoke(args=["seed", "load"]).exit_code == 0  # the fixture dataset, with room to spare
        before = _contents(app)
        assert sum(map(len, before.values())) > 100
        filler = _fill(disk, LEFT_FREE)

        result = runner.invoke(args=["seed", "load", "--dir", str(REAL_SEED)])  # 1.6 MB of seed files
        assert result.exit_code == 1, result.output
        assert "nothing loaded" in result.output
        assert "database or disk is full" in result.output or "No space left on device" in result.output
        assert _contents(app) == before
        client = app.test_client()
        assert client.get("/api/v1/jurisdictions/TH").status_code == 200  # reads go on with the disk full
        if not PG_URL:
            with app.app_context():
                assert db.session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
                db.session.remove()

        filler.unlink()
        again = runner.invoke(args=["seed", "load", "--dir", str(REAL_SEED)])
        assert again.exit_code == 0, again.output
        assert sum(map(len, _contents(app).values())) > sum(map(len, before.values()))
    finally:
        dispose(app)

"""Seed loads are serialised, and the database refuses two current versions of one place, substance and start."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from regstatus.extensions import db
from tests.conftest import FIXTURE_SEED
from tests.live import ROOT

FLASK = str(Path(sys.executable).parent / "flask")


def _start_load(url: str, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi", "REGSTATUS_ENV": "development"}
    return subprocess.Popen(
        [FLASK, "seed", "load", "--dir", str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _current_keys(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            sa.text(
                "SELECT jurisdiction_id, substance_id, starts_on, count(*) FROM rule_version "
                "WHERE superseded_at IS NULL GROUP BY jurisdiction_id, substance_id, starts_on"
            )
        ).all()


def test_two_loads_at_once_leave_one_current_version_per_key(fresh_app, tmp_path):
    url = fresh_app.config["SQLALCHEMY_DATABASE_URI"]
    folder = tmp_path / "seed"
    shutil.copytree(FIXTURE_SEED, folder)
    rules = folder / "rules" / "test.yaml"
    for round_ in range(3):
        if round_:
            # Each round changes the data: a new version, so both loads have work to race for.
            rules.write_text(
                rules.read_text()
                + f"""- jurisdiction: US-NY
  substance: kratom
  effective_from: 202{round_}-01-01
  status: banned
  summary: Test row. Round {round_}.
  confidence: high
  recorded_on: 2026-03-0{round_}
  sources: [test-statute-a]
"""
            )
        first, second = _start_load(url, folder), _start_load(url, folder)
        outputs = [p.communicate(timeout=120)[0] for p in (first, second)]
        assert [p.returncode for p in (first, second)] == [0, 0], outputs
        # One load did the work; the other, serialised behind it, found nothing left to add.
        assert sum("versions_added" in out for out in outputs) == 1, outputs
        counts = _current_keys(fresh_app)
        assert counts and all(row[3] == 1 for row in counts)
        assert len(counts) == 12 + round_


def test_the_database_refuses_a_second_current_version(fresh_app, runner):
    assert runner.invoke(args=["seed", "load"]).exit_code == 0
    with fresh_app.app_context():
        row = db.session.execute(sa.text("SELECT * FROM rule_version WHERE superseded_at IS NULL LIMIT 1")).mappings()
        copy = dict(next(iter(row)))
        copy.pop("id")
        copy["uid"] = "0" * 16
        columns = ", ".join(f'"{c}"' for c in copy)
        values = ", ".join(f":{c}" for c in copy)
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(sa.text(f"INSERT INTO rule_version ({columns}) VALUES ({values})"), copy)
        db.session.rollback()

"""`flask seed load` shows progress on a terminal and stays quiet when its output is a pipe or CI."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.live import ROOT


def _load(database_url: str, seed: Path, tty: bool, ci: bool = False) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi", "RATE_LIMIT": "off"}
    env.pop("CI", None)
    if ci:
        env["CI"] = "true"
    flask = str(Path(sys.executable).parent / "flask")
    cmd = [flask, "seed", "load", "--dir", str(seed)]
    if not tty:
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stderr
    leader, follower = pty.openpty()
    with subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=follower) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(120) == 0
    os.close(leader)
    return b"".join(chunks).decode(errors="replace")


def test_progress_only_on_a_terminal(fresh_app, seed_copy):
    url = fresh_app.config["SQLALCHEMY_DATABASE_URI"]
    shown = _load(url, seed_copy, tty=True)
    assert "writing to the database" in shown and "published" in shown
    assert "writing to the database" not in _load(url, seed_copy, tty=False)
    assert "writing to the database" not in _load(url, seed_copy, tty=True, ci=True)

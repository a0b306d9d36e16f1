"""Drill: one gunicorn worker SIGKILLed while requests keep coming; gunicorn replaces it, the rest succeed.

Measures: how many requests failed (at most the one the dead worker held), and how long the
master took to bring the worker count back.
"""

from __future__ import annotations

import os
import signal
import threading
import time

from tests.drills.server import get, serve


def test_a_killed_worker_is_replaced_under_load(app, tmp_path):
    with serve(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "gunicorn.log", workers=3) as server:
        before = server.workers()
        assert len(before) == 3
        answers, stop = [], threading.Event()

        def load() -> None:
            while not stop.is_set():
                answers.append(get(server.base + "/api/v1/jurisdictions/TH", timeout=10).status)

        threads = [threading.Thread(target=load) for _ in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        while len(server.workers() - {victim}) < 3 and time.monotonic() - killed_at < 15:
            time.sleep(0.05)
        replaced_in = time.monotonic() - killed_at
        time.sleep(1.5)  # keep the load on the new worker set
        stop.set()
        for thread in threads:
            thread.join(15)
        after = server.workers()
        assert server.proc.poll() is None  # the master lives on
        assert victim not in after and len(after) == 3 and len(after & before) == 2
        assert replaced_in < 10
        failed = [status for status in answers if status != 200]
        assert len(answers) > 20 and len(failed) <= 1, (len(answers), failed)

"""Drill: production never starts Werkzeug's debugger, reloader or development server, however asked.

Each start is a real process (`flask run`, gunicorn) with a sound production environment plus the one
thing that asks for a debugger. Each must exit, name what it refused once, print no traceback, and leave
the port unanswered: `/console` is never served.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug.debug import DebuggedApplication
from werkzeug.test import Client

from regstatus import create_app
from regstatus.config import ConfigError
from tests.drills.server import get
from tests.live import ROOT, free_port

BIN = Path(sys.executable).parent
# Production settings that start: a database nobody connects to before the refusal, a real Redis URL.
PRODUCTION = {
    "REGSTATUS_ENV": "production",
    "SECRET_KEY": "6DkIkOeM-zgstswFIzh-zsa9BbQtx4QRACFQhJM68aA",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "postgresql://regstatus@127.0.0.1:1/regstatus",
    "PUBLIC_BASE_URL": "https://kratom.example.org",
    "FLASK_APP": "wsgi",
}
ASKED_FOR = {"FLASK_DEBUG", "WERKZEUG_DEBUG_PIN", "WERKZEUG_RUN_MAIN", "FLASK_RUN_RELOAD", "FLASK_RUN_DEBUGGER"}


def _start(command: list[str], port: int, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ASKED_FOR and k not in PRODUCTION}
    full = {**clean, **PRODUCTION, "PORT": str(port), "WEB_CONCURRENCY": "2", **env}
    return subprocess.run(command, cwd=ROOT, env=full, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["run", "--debugger"], {}, "`flask run` (with --debugger)"),
        (["run", "--reload"], {}, "`flask run` (with --reload)"),
        (["run", "--debugger", "--reload"], {}, "`flask run` (with --debugger and --reload)"),
        (["run"], {"FLASK_RUN_DEBUGGER": "1"}, "`flask run` (with --debugger)"),
        (["run"], {}, "`flask run` starts Werkzeug's development server"),
        (["run"], {"FLASK_DEBUG": "1"}, "FLASK_DEBUG='1' turns on debug mode"),
        (["--debug", "run"], {}, "FLASK_DEBUG='1' turns on debug mode"),
        (["run"], {"WERKZEUG_DEBUG_PIN": "off"}, "WERKZEUG_DEBUG_PIN is set"),
        (["run"], {"WERKZEUG_RUN_MAIN": "true"}, "started by Werkzeug's reloader"),
    ],
)
def test_flask_run_in_production_refuses_naming_the_problem(args, env, named):
    port = free_port()
    done = _start([str(BIN / "flask"), *args, "--port", str(port)], port, **env)
    assert done.returncode != 0
    assert done.stderr.count("regstatus cannot start") == 1 and named in done.stderr
    assert "gunicorn -c gunicorn.conf.py wsgi:app" in done.stderr or "flask run" not in named
    assert "Traceback" not in done.stderr + done.stdout
    assert get(f"http://127.0.0.1:{port}/console", timeout=2).status == 0  # nothing listens


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        ([], {"WERKZEUG_DEBUG_PIN": "1234"}, "WERKZEUG_DEBUG_PIN is set"),
        ([], {"FLASK_DEBUG": "yes"}, "FLASK_DEBUG='yes' turns on debug mode"),
        (["--reload"], {}, "gunicorn --reload restarts workers"),
    ],
)
def test_gunicorn_in_production_refuses_once_without_a_traceback(args, env, named):
    port = free_port()
    done = _start([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", *args, "wsgi:app"], port, **env)
    assert done.returncode == 1
    assert done.stderr.count(named) == 1, done.stderr
    assert "Traceback" not in done.stderr and "Booting worker" not in done.stderr
    assert get(f"http://127.0.0.1:{port}/console", timeout=2).status == 0


@pytest.fixture
def production_app(monkeypatch):
    for name in ASKED_FOR:
        monkeypatch.delenv(name, raising=False)
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    return create_app()


def test_app_run_is_refused_in_production(production_app):
    with pytest.raises(ConfigError, match=r"app\.run\(\) starts Werkzeug's development server"):
        production_app.run(debug=True, use_reloader=False, port=free_port())


def test_a_debugger_wrapped_around_production_answers_nothing_through_it(production_app):
    client = Client(DebuggedApplication(production_app.wsgi_app, evalex=True))
    response = client.get("/api/v1/jurisdictions/TH", headers={"Host": "kratom.example.org"})
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/debugger-refused")
    production_app.debug = True  # debug mode switched on after the start
    answer = production_app.test_client().get("/", headers={"Host": "kratom.example.org", "Accept": "text/html"})
    assert answer.status_code == 503 and "Debugger refused" in answer.text

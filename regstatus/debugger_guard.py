"""Production never runs Werkzeug's debugger or reloader, however they are asked for.

The debugger's console runs Python sent by any visitor who gets past its PIN, and `flask run` is
the development server: no worker supervision, no timeouts. Production is served by gunicorn
(`gunicorn -c gunicorn.conf.py wsgi:app`). Each way of switching them on is refused by name at start:
`flask run` itself (with or without `--debugger`/`--reload`), `FLASK_DEBUG`, `DEBUG` passed to
create_app, `WERKZEUG_DEBUG_PIN`, a process started by Werkzeug's reloader, and `app.run()`. A debugger
wrapped around the app some other way cannot be seen at start: every request it passes on is refused.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import click
from flask import Flask, current_app, request
from flask.cli import run_command
from flask.helpers import get_debug_flag

from regstatus.errors import DomainError

log = logging.getLogger(__name__)

SERVE_HINT = "serve production with gunicorn: gunicorn -c gunicorn.conf.py wsgi:app"
# Set by werkzeug.debug.DebuggedApplication on every request it passes to the app.
DEBUGGER_ENVIRON_KEY = "werkzeug.debug.preserve_context"


def _flask_run_context() -> click.Context | None:
    """The `flask run` command's click context when this process is being started by it."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.command is run_command:
            return ctx
        ctx = ctx.parent
    return None


def problems(overrides: dict[str, Any]) -> list[str]:
    """What would turn on a debugger, a reloader or the development server, one message each (production only)."""
    found = []
    run = _flask_run_context()
    if run is not None:
        asked = [f"--{name}" for name in ("debugger", "reload") if run.params.get(name)]
        flags = f" (with {' and '.join(asked)})" if asked else ""
        found.append(f"`flask run`{flags} starts Werkzeug's development server, never for production; {SERVE_HINT}")
    if get_debug_flag():  # Flask's own reading of FLASK_DEBUG, so no spelling slips past
        found.append(
            f"FLASK_DEBUG={os.environ.get('FLASK_DEBUG', '')!r} turns on debug mode, whose debugger runs code sent "
            "by any visitor; unset it (Flask reads every value but empty, 0, false and no as on)"
        )
    if overrides.get("DEBUG"):
        found.append(f"DEBUG={overrides['DEBUG']!r} turns on debug mode; production must not run in debug mode")
    if "WERKZEUG_DEBUG_PIN" in os.environ:
        found.append(
            "WERKZEUG_DEBUG_PIN is set: it configures Werkzeug's debugger, which production never runs; unset it"
        )
    if "WERKZEUG_RUN_MAIN" in os.environ:
        found.append(f"this process was started by Werkzeug's reloader (WERKZEUG_RUN_MAIN is set); {SERVE_HINT}")
    return found


class DebuggerAttached(DomainError):
    """A debugger wraps the production app: nothing is served through it."""

    status = 503
    title = "Debugger refused"
    slug = "debugger-refused"


def refuse_debugger() -> None:
    """Before every request in production: refuse to answer through a debugger or in debug mode."""
    if current_app.debug or DEBUGGER_ENVIRON_KEY in request.environ:
        log.critical("a debugger or debug mode is on in production; refusing %s %s", request.method, request.path)
        raise DebuggerAttached("This deployment is misconfigured (a debugger is on) and refuses to answer.")


class App(Flask):
    """Flask, whose development server refuses to start in production."""

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Flask.run, refused in production: it starts Werkzeug's development server."""
        if self.config.get("REGSTATUS_ENV") == "production":
            from regstatus.config import ConfigError

            raise ConfigError(f"app.run() starts Werkzeug's development server, never for production; {SERVE_HINT}")
        super().run(*args, **kwargs)


def init_app(app: Flask) -> None:
    """In production, check every request before anything else runs."""
    if app.config.get("REGSTATUS_ENV") == "production":
        app.before_request_funcs.setdefault(None, []).insert(0, refuse_debugger)

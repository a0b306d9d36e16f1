"""Unbound extension objects; bound to an app in init_app."""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time

import psycopg
from flask import Flask, current_app, has_request_context, request
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

from regstatus.client_address import client_address
from regstatus.config import DB_STATEMENT_TIMEOUT_MS, DB_WAIT_MARGIN_S

log = logging.getLogger(__name__)

# Stable constraint names so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
# Probes and static files are never limited: orchestrators and browsers need them.
UNLIMITED_ENDPOINTS = {"health.healthz", "health.readyz", "pages.static"}
# Correction reports, the one write: the form's post and the API's share one stricter budget per address.
REPORT_ENDPOINTS = ("reports.Reports", "pages.report")

# The server's statement_timeout cannot fire when the server never sees the query (packets
# dropped, a hung proxy): the client then gives up itself, a second after the server would have.
DB_WAIT_LIMIT_S = DB_STATEMENT_TIMEOUT_MS / 1000 + DB_WAIT_MARGIN_S  # by default; DB_STATEMENT_TIMEOUT moves it
# Redis answers in a millisecond on a LAN; past this it counts as down, and one retry without
# backoff replaces a pooled connection a Redis restart closed (redis-py's default backs off for seconds).
REDIS_TIMEOUT_S = 0.3
REDIS_RECHECK_S = 2.0


def _unlimited() -> bool:
    return request.endpoint in UNLIMITED_ENDPOINTS


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Foreign keys are off by default in SQLite. WAL is set once, by the migrations: setting it
    # here would be a write, and would break every read of a read-only database file.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


class BoundedConnection(psycopg.Connection):
    """A psycopg connection whose every wait on the server ends, even when the server stays silent."""

    wait_limit: float | None = DB_WAIT_LIMIT_S
    request_wait_limit: float = DB_WAIT_LIMIT_S  # this connection's limit within a web request

    def wait(self, gen, *args, timeout=None, **kwargs):
        """psycopg's wait, with `wait_limit` as the default timeout; a timeout closes the connection."""
        limit = timeout if timeout is not None else self.wait_limit
        try:
            return super().wait(gen, *args, timeout=limit, **kwargs)
        except psycopg.errors._WaitTimeout:  # psycopg's own (internal) timeout signal
            # The protocol state is unknown: close, so SQLAlchemy sees a disconnect and drops the pool.
            self.pgconn.finish()
            raise psycopg.OperationalError(f"the database server did not answer within {limit:g} s") from None


def _connect_bounded(_dialect, _record, cargs, cparams):
    params = {k: v for k, v in cparams.items() if k != "regstatus_wait_limit_s"}
    connection = BoundedConnection.connect(*cargs, **params)
    connection.request_wait_limit = connection.wait_limit = cparams.get("regstatus_wait_limit_s", DB_WAIT_LIMIT_S)
    return connection


_bounded = threading.local()


@contextlib.contextmanager
def bounded_waits():
    """Within it, this thread's database work has a web request's limits (a worker's background reads)."""
    _bounded.on = True
    try:
        yield
    finally:
        _bounded.on = False


def _limits_for_caller(dbapi_connection, _record, _proxy) -> None:
    # Web requests keep the limits; commands and migrations (no request) may run long: a seed
    # load waits for another's lock, a migration rewrites a table. Switches cost one round trip,
    # which a gunicorn worker (requests only) never pays.
    bounded = has_request_context() or getattr(_bounded, "on", False)
    if (dbapi_connection.wait_limit is not None) == bounded:
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout" if bounded else "SET statement_timeout = 0")
    dbapi_connection.commit()
    dbapi_connection.wait_limit = getattr(dbapi_connection, "request_wait_limit", DB_WAIT_LIMIT_S) if bounded else None


class RateLimitStorage:
    """Where rate limits count: the shared Redis, or this process's memory while Redis is unreachable."""

    def __init__(self, limiter: Limiter, uri: str, enabled: bool):
        self.limiter = limiter
        self.shared = enabled and not uri.startswith("memory://")
        self._checked = 0.0
        self._reported_down = False

    def degraded(self) -> bool:
        """Counting in memory: flask-limiter's own (internal) flag, pinned by tests/drills."""
        return bool(getattr(self.limiter, "_storage_dead", False))

    def reachable(self, force: bool = False) -> bool:
        """Ask Redis (at most every REDIS_RECHECK_S unless forced); back to it as soon as it answers."""
        if not force and time.monotonic() - self._checked < REDIS_RECHECK_S:
            return not self.degraded()
        self._checked = time.monotonic()
        ok = self.limiter.storage.check()
        if ok and self.degraded():
            # flask-limiter tries Redis again only with a backoff of up to 32 s between tries.
            self.limiter._storage_dead = False
        return ok

    def watch(self, response):
        """After a request: retry Redis now and then while degraded; log each change of state once."""
        if self.degraded():
            self.reachable()
        down = self.degraded()
        if down != self._reported_down:
            # flask-limiter's own warning goes to a logger with only a NullHandler: say it here.
            self._reported_down = down
            if down:
                log.warning("rate-limit storage unreachable: each worker counts in memory until Redis is back")
            else:
                log.warning("rate-limit storage reachable again: counting in Redis")
        return response


def _policy_name(item, items) -> str:
    # One limit is "default"; several are told apart by their window, e.g. "60s".
    return "default" if len(items) == 1 else f"{item.limit.get_expiry()}s"


def rate_limit_fields(response):
    """IETF RateLimit and RateLimit-Policy fields (draft-ietf-httpapi-ratelimit-headers) from the limits counted.

    Registered before the Limiter, so it runs after flask-limiter's own headers: Retry-After stays only on
    a 429 (and on a 503, which sets its own).
    """
    limiter = next(iter(current_app.extensions.get("limiter") or ()), None)  # flask-limiter keeps a set
    limits = limiter.current_limits if limiter is not None and limiter.enabled else []
    if not limits:
        return response
    now = time.time()
    policies, states = [], []
    for item in limits:
        name = _policy_name(item, limits)
        policies.append(f'"{name}";q={item.limit.amount};w={item.limit.get_expiry()}')
        # limits rounds reset_at up to a whole second; the draft's t never exceeds the window.
        reset = min(item.limit.get_expiry(), max(0, math.ceil(item.reset_at - now)))
        states.append(f'"{name}";r={max(0, item.remaining)};t={reset}')
    response.headers["RateLimit-Policy"] = ", ".join(policies)
    response.headers["RateLimit"] = ", ".join(states)
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


def _init_limiter(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_APPLICATION_EXEMPT_WHEN", _unlimited)
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if not uri.startswith("memory://"):
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS",
            {
                "socket_connect_timeout": REDIS_TIMEOUT_S,
                "socket_timeout": REDIS_TIMEOUT_S,
                "retry": Retry(NoBackoff(), 1),
            },
        )
    # One Limiter per app: it keeps its storage and switches on the instance, so a shared
    # module-level one would let one app's settings leak into another in the same process.
    app.after_request(rate_limit_fields)  # before the Limiter's own hook, so it runs after it
    limiter = Limiter(key_func=client_address, app=app)
    storage = RateLimitStorage(limiter, uri, bool(app.config.get("RATELIMIT_ENABLED", True)))
    app.extensions["rate_limit_storage"] = storage
    if storage.shared:
        app.after_request(storage.watch)


def limit_reports(app: Flask) -> None:
    """Count report posts (form and API together) against REPORT_RATE_LIMIT per client address, on top of
    RATE_LIMIT. Called once the views exist: flask-limiter finds a limit by the view function it wraps."""
    limit = app.config.get("REPORT_RATE_LIMIT", "off")
    if limit == "off":
        return
    limiter = app.extensions["rate_limit_storage"].limiter
    shared = limiter.shared_limit(limit, scope="reports", methods=["POST"], override_defaults=False)
    for endpoint in REPORT_ENDPOINTS:
        app.view_functions[endpoint] = shared(app.view_functions[endpoint])


def init_app(app: Flask) -> None:
    """Bind the database, migrations and rate limiter to the app."""
    db.init_app(app)
    _init_limiter(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        elif engine.dialect.driver == "psycopg":
            event.listen(engine, "do_connect", _connect_bounded)
            event.listen(engine, "checkout", _limits_for_caller)

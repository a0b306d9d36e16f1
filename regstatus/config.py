"""Settings, all read from the environment in this one place."""

from __future__ import annotations

import logging
import math
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from limits import parse_many
from sqlalchemy.engine import make_url

from regstatus import debugger_guard, sqlite_files
from regstatus.public_origin import LOOPBACK_HOSTS, host_name

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
DEFAULT_RATE_LIMIT = "300 per minute"
# Correction reports are the one write: a person files a few, a script floods. Counted per client
# address on top of RATE_LIMIT, one budget for the form and the API.
DEFAULT_REPORT_RATE_LIMIT = "5 per hour;20 per day"
# A verification older than this many days carries a "check before you travel" warning on the pages
# and puts the row in `flask queue` (its --stale-after default).
STALE_AFTER_DAYS = 180
# A production SECRET_KEY, surrounding whitespace not counted, needs this many characters, this many
# distinct ones, and this many bits by its character frequencies (length x Shannon entropy). They catch
# placeholders and typing accidents, not every guessable key: secrets.token_hex(16) (32 characters
# of 16 symbols) has fewer than 8 distinct characters about once in 30 million keys and fewer than
# 64 bits never in millions of draws (about 88 at worst); secrets.token_urlsafe(32) is far above both.
MIN_SECRET_LENGTH = 32
MIN_SECRET_DISTINCT = 8
MIN_SECRET_BITS = 64
SECRET_HINT = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'
# Folders whose files may vanish at a reboot or a cleanup; tempfile.gettempdir() (TMPDIR) is added.
TEMPORARY_FOLDERS = ("/tmp", "/var/tmp", "/dev/shm")
# Overrides read and checked by load_settings, so the checked value is the one kept.
CHECKED = (
    "REGSTATUS_ENV",
    "RATE_LIMIT",
    "REPORT_RATE_LIMIT",
    "TRUSTED_PROXIES",
    "PUBLIC_BASE_URL",
    "ALLOWED_HOSTS",
    "DATASET_CHECK_SECONDS",
    "ANSWER_CACHE_ENTRIES",
    "ANSWER_CACHE_MB",
    "EXPORT_CACHE_MB",
    "EXPORT_QUERY_CACHE_MB",
    "DB_CONNECT_TIMEOUT",
    "DB_STATEMENT_TIMEOUT",
)

log = logging.getLogger(__name__)

# Every setting the service reads, with its meaning; the README table mirrors this
# and a test fails when the two disagree.
SETTINGS_DOC = {
    "REGSTATUS_ENV": (
        "`development` (default) or `production`; production refuses weak settings (see below). "
        "`testing` is set by the test suite through `create_app`, never by this variable"
    ),
    "DATABASE_URL": "SQLAlchemy URL; default a SQLite file `instance/regstatus.db`",
    "SECRET_KEY": (
        "signing key; required in production: 32+ characters, not whitespace, random "
        '(`python -c "import secrets; print(secrets.token_urlsafe(32))"`)'
    ),
    "REDIS_URL": "Redis URL for rate-limit counters shared by all workers; default: per-process memory",
    "RATE_LIMIT": (
        "requests allowed per client address, e.g. `300 per minute` (default) or `10/second;300/minute`; "
        "`off` disables and logs a warning; anything else refuses to start"
    ),
    "REPORT_RATE_LIMIT": (
        "correction reports allowed per client address, form and API together, on top of `RATE_LIMIT` "
        "(default `5 per hour;20 per day`); `off` leaves only `RATE_LIMIT`; anything else refuses to start"
    ),
    "TRUSTED_PROXIES": (
        "number of reverse proxies in front of the app whose `X-Forwarded-For` is believed "
        "(default 0: the peer address is the client); rate limits count by the address found there"
    ),
    "FLASK_DEBUG": "Flask's debug mode; any value but unset, empty, `0`, `false` or `no` is refused in production",
    "WERKZEUG_DEBUG_PIN": "the PIN of Werkzeug's debugger; production refuses to start when it is set at all",
    "PUBLIC_BASE_URL": (
        "the public address, scheme and host (and port), e.g. `https://kratom.example.org`; required in production. "
        "Feeds, permalinks, citations and redirects are built from it, never from the request's `Host`"
    ),
    "ALLOWED_HOSTS": (
        "comma-separated host names answered besides the host of `PUBLIC_BASE_URL` (ports ignored); other `Host` "
        "headers get `400`. Default: none in production, `localhost,127.0.0.1,::1` otherwise"
    ),
    "GUNICORN_CONTROL_SOCKET": (
        "path of gunicorn's control socket (default `instance/gunicorn-PORT.ctl` in the checkout, one per "
        "deployment); `off` turns it off"
    ),
    "SEED_DIR": "folder of seed data files; default `seed/` beside the package",
    "PORT": "port for `make serve` (default 8000)",
    "WEB_CONCURRENCY": "gunicorn workers (default: 2 x CPU cores + 1)",
    "DATASET_CHECK_SECONDS": (
        "how often each worker reads the dataset version (default 1): a published load is served by every "
        "worker within this many seconds"
    ),
    "ANSWER_CACHE_ENTRIES": "finished answers each worker keeps per dataset version (default 2000; 0 turns it off)",
    "ANSWER_CACHE_MB": "memory each worker's answer cache may hold, in MB (default 64)",
    "EXPORT_CACHE_MB": (
        "memory each worker may hold for the default exports (no parameter but `history`, `substance`), built "
        "once per dataset version with gzip and brotli, in MB (default 32; 0 streams every export); an export "
        "larger than a quarter of it streams"
    ),
    "EXPORT_QUERY_CACHE_MB": "the same for exports with other parameters, least recently used first out (default 16)",
    "DB_CONNECT_TIMEOUT": "seconds a web request waits for a PostgreSQL connection (default 2)",
    "DB_STATEMENT_TIMEOUT": (
        "seconds a web request's PostgreSQL statement may run (default 2; the client gives up a second later "
        "if the server stays silent)"
    ),
}


class ConfigError(RuntimeError):
    """A setting is missing or unsafe for the chosen environment."""


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(instance_path, 'regstatus.db')}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


# PostgreSQL limits for web requests. A sync worker waiting on a silent database serves
# nobody else, so every wait is bounded well under gunicorn's 30 s worker timeout: the
# request fails with a 503 instead of the worker being killed. Commands and migrations
# lift the statement limits (see extensions.py); these are not environment settings.
# Defaults of DB_CONNECT_TIMEOUT and DB_STATEMENT_TIMEOUT: a silent database costs a request
# seconds, and a worker's cached answers are served meanwhile (services/answer_cache.py).
DB_CONNECT_TIMEOUT_S = 2
DB_STATEMENT_TIMEOUT_MS = 2000
# The client's own limit on any wait for the server, past its statement_timeout (extensions.py).
DB_WAIT_MARGIN_S = 1.0
# Kernel-level detection of a peer that vanished without a FIN (host gone, packets dropped):
# keepalive probes on idle connections, and a cap on unacknowledged sends.
DB_TCP_OPTIONS = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3, "keepalives_count": 3}
DB_TCP_USER_TIMEOUT_MS = 10_000


def engine_options(
    url: str, connect_s: float = DB_CONNECT_TIMEOUT_S, statement_ms: int = DB_STATEMENT_TIMEOUT_MS
) -> dict[str, Any]:
    """Engine options per backend: SQLite waits on locks; PostgreSQL checks pooled connections and bounds every wait."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}
    # Keep any `options` the URL already carries; ours come first so the URL's can override them.
    given = make_url(url).query.get("options", "")
    options = f"-c statement_timeout={statement_ms} {given}".strip()
    return {
        "pool_pre_ping": True,
        "pool_recycle": 1800,
        "pool_timeout": connect_s,
        "connect_args": {
            # libpq counts whole seconds (and treats 1 as 2).
            "connect_timeout": max(1, math.ceil(connect_s)),
            "options": options,
            # Not a libpq parameter: taken out by extensions._connect_bounded.
            "regstatus_wait_limit_s": statement_ms / 1000 + DB_WAIT_MARGIN_S,
            "tcp_user_timeout": DB_TCP_USER_TIMEOUT_MS,
            **DB_TCP_OPTIONS,
        },
    }


BASE_URL_HINT = "e.g. `https://kratom.example.org`: a scheme, a host and, if not the usual one, a port"


def _public_origin(production: bool, overrides: dict[str, Any], problems: list[str]) -> tuple[str | None, tuple]:
    """PUBLIC_BASE_URL (normalised, or None) and the host names answered (see public_origin.py)."""
    raw = str(overrides.get("PUBLIC_BASE_URL", os.environ.get("PUBLIC_BASE_URL")) or "").strip()
    base = None
    if raw:
        parts = urlsplit(raw)
        try:
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            port_ok = False
        extra = parts.username or parts.password or parts.query or parts.fragment or parts.path not in ("", "/")
        if parts.scheme in ("http", "https") and parts.hostname and port_ok and not extra:
            base = f"{parts.scheme}://{parts.netloc.lower()}"
        else:
            problems.append(f"PUBLIC_BASE_URL={raw!r} is not a public address ({BASE_URL_HINT}; no path or query)")
    elif production:
        problems.append(
            "PUBLIC_BASE_URL is required in production: feeds, permalinks, citations and redirects are built "
            f"from it, and requests naming any other host are refused ({BASE_URL_HINT})"
        )
    raw_hosts = overrides.get("ALLOWED_HOSTS", os.environ.get("ALLOWED_HOSTS"))
    if raw_hosts is None:
        given = [] if production else list(LOOPBACK_HOSTS)
    else:
        given = [str(h) for h in raw_hosts] if isinstance(raw_hosts, list | tuple) else str(raw_hosts).split(",")
    hosts = [urlsplit(base).hostname or ""] if base else []
    for entry in (h.strip() for h in given if h.strip()):
        if any(c in entry for c in "/*@ ") or not host_name(entry):
            problems.append(f"ALLOWED_HOSTS entry {entry!r} is not a host name (write `kratom.example.org`, no scheme)")
        else:
            hosts.append(host_name(entry))
    return base, tuple(dict.fromkeys(hosts))


def load_settings(instance_path: str, overrides: dict[str, Any]) -> dict[str, Any]:
    """Read settings from the environment, apply overrides, refuse invalid or unsafe values.

    Every problem found is named in one ConfigError, so one restart shows them all.
    """
    from_env = os.environ.get("REGSTATUS_ENV", "development")
    env = overrides.get("REGSTATUS_ENV") or from_env
    # `testing` switches the checks and the limiter off. Only code can choose it (tests/conftest.py
    # passes it to create_app); wsgi.py and the flask command pass nothing, so no deployment setting
    # reaches it, and a process whose environment says production cannot be talked into it.
    if from_env == "testing":
        raise ConfigError(
            "REGSTATUS_ENV=testing is only for the test suite, which passes it to create_app; "
            "set REGSTATUS_ENV to `development` or `production`"
        )
    if env == "testing" and from_env == "production":
        raise ConfigError("REGSTATUS_ENV=testing was passed to create_app, but the environment says production")
    if env not in ("development", "production", "testing"):
        raise ConfigError(f"REGSTATUS_ENV must be `development` or `production`, not {env!r}")
    production = env == "production"
    problems: list[str] = []

    url = overrides.get("SQLALCHEMY_DATABASE_URI") or _database_url(instance_path)
    if production and url.startswith("sqlite"):
        database = make_url(url).database or ""
        if database.startswith("file:"):  # sqlite:///file:path?mode=...&uri=true
            database, _, options = database[len("file:") :].partition("?")
            database = "" if "mode=memory" in options else database
        if database in ("", ":memory:"):
            problems.append("DATABASE_URL is a SQLite database in memory; its data would be lost at every restart")
        else:
            path = Path(database).resolve()
            for folder in {Path(f).resolve() for f in (*TEMPORARY_FOLDERS, tempfile.gettempdir())}:
                if path.is_relative_to(folder):
                    problems.append(
                        f"DATABASE_URL is a SQLite file in a temporary folder ({database}, under {folder}); "
                        "a reboot or a cleanup may delete it"
                    )
                    break

    if url.startswith("sqlite") and (unreadable := sqlite_files.unreadable_wal(url, instance_path)):
        problems.append(unreadable)

    secret = overrides.get("SECRET_KEY") or os.environ.get("SECRET_KEY", "")
    if production:
        # Never put the key itself in a message: it would end up in logs.
        key = secret.strip()
        bits = -sum(n * math.log2(n / len(key)) for n in Counter(key).values()) if key else 0.0
        period = next((p for p in range(1, len(key) // 2 + 1) if key[p:] == key[:-p]), None)
        weakness = None
        if not secret:
            weakness = "is not set"
        elif not key:
            weakness = "is only whitespace"
        elif key == DEV_SECRET_KEY:
            weakness = "is the development key from regstatus/config.py"
        elif len(key) < MIN_SECRET_LENGTH:
            weakness = (
                f"has {len(key)} characters (surrounding whitespace not counted); "
                f"production needs {MIN_SECRET_LENGTH} or more"
            )
        elif len(set(key)) < MIN_SECRET_DISTINCT:
            count = len(set(key))
            weakness = f"uses only {count} distinct character{'s' if count > 1 else ''}"
        elif period is not None:
            weakness = f"repeats a {period}-character pattern"
        elif bits < MIN_SECRET_BITS:
            weakness = f"has about {bits:.0f} bits of entropy by its character frequencies; it needs {MIN_SECRET_BITS}+"
        if weakness:
            problems.append(f"SECRET_KEY {weakness}; {SECRET_HINT}")
    elif not secret:
        secret = DEV_SECRET_KEY

    if production:
        problems += debugger_guard.problems(overrides)

    base_url, allowed_hosts = _public_origin(production, overrides, problems)

    redis_url = os.environ.get("REDIS_URL") or None
    if production and not redis_url:
        # Several gunicorn workers each counting alone would multiply the limit.
        problems.append("REDIS_URL is required in production, so every worker shares rate-limit counters")

    # Unset means the default; anything set must be `off` or a limit flask-limiter reads, because
    # flask-limiter would otherwise drop it and serve with no limit at all.
    raw_limit = overrides["RATE_LIMIT"] if "RATE_LIMIT" in overrides else os.environ.get("RATE_LIMIT")
    rate_limit = DEFAULT_RATE_LIMIT if raw_limit is None else str(raw_limit).strip()
    if rate_limit.lower() == "off":
        rate_limit = "off"
        if env != "testing":
            log.warning("rate limiting is off (RATE_LIMIT=off): clients may send any number of requests")
    else:
        try:
            parse_many(rate_limit)
        except ValueError:
            problems.append(
                f"RATE_LIMIT={raw_limit!r} is not a rate limit: write one like `300 per minute` or "
                "`10/second;300/minute`, or `off` to turn limiting off"
            )

    raw_report = (
        overrides["REPORT_RATE_LIMIT"] if "REPORT_RATE_LIMIT" in overrides else os.environ.get("REPORT_RATE_LIMIT")
    )
    report_limit = DEFAULT_REPORT_RATE_LIMIT if raw_report is None else str(raw_report).strip()
    if report_limit.lower() == "off":
        report_limit = "off"
    else:
        try:
            parse_many(report_limit)
        except ValueError:
            problems.append(
                f"REPORT_RATE_LIMIT={raw_report!r} is not a rate limit: write one like `5 per hour` or "
                "`5/hour;20/day`, or `off` to count reports only against RATE_LIMIT"
            )

    # The test suite writes to its databases between requests: it reads the version every time, keeps nothing.
    cache_defaults = (
        {
            "DATASET_CHECK_SECONDS": "0",
            "ANSWER_CACHE_ENTRIES": "0",
            "EXPORT_CACHE_MB": "0",
            "EXPORT_QUERY_CACHE_MB": "0",
        }
        if env == "testing"
        else {}
    )
    cache_settings: dict[str, float] = {}
    for name, default, kind in (
        ("DATASET_CHECK_SECONDS", "1", float),
        ("ANSWER_CACHE_ENTRIES", "2000", int),
        ("ANSWER_CACHE_MB", "64", int),
        ("EXPORT_CACHE_MB", "32", int),
        ("EXPORT_QUERY_CACHE_MB", "16", int),
        ("DB_CONNECT_TIMEOUT", str(DB_CONNECT_TIMEOUT_S), float),
        ("DB_STATEMENT_TIMEOUT", str(DB_STATEMENT_TIMEOUT_MS / 1000), float),
    ):
        raw = overrides.get(name, os.environ.get(name) or cache_defaults.get(name, default))
        try:
            cache_settings[name] = kind(str(raw).strip())
        except ValueError:
            cache_settings[name] = -1
        if not 0 <= cache_settings[name] <= 10**6:
            problems.append(f"{name}={raw!r} must be a {'number' if kind is float else 'whole number'} from 0 up")
        elif name.startswith("DB_") and cache_settings[name] == 0:
            problems.append(f"{name}=0 would let a request wait on the database forever: give seconds above 0")

    raw_proxies = overrides.get("TRUSTED_PROXIES", os.environ.get("TRUSTED_PROXIES", "0"))
    try:
        trusted_proxies = int(str(raw_proxies).strip())
    except ValueError:
        trusted_proxies = -1
    if trusted_proxies < 0:
        problems.append(
            f"TRUSTED_PROXIES={raw_proxies!r} must be a whole number of reverse proxies (0 or more) "
            "whose X-Forwarded-For to believe"
        )

    if problems:
        raise ConfigError(f"regstatus cannot start (REGSTATUS_ENV={env}):\n- " + "\n- ".join(problems))
    default_seed = Path(__file__).resolve().parent.parent / "seed"
    settings: dict[str, Any] = {
        "REGSTATUS_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(
            url, cache_settings["DB_CONNECT_TIMEOUT"], int(cache_settings["DB_STATEMENT_TIMEOUT"] * 1000)
        ),
        "REDIS_URL": redis_url,
        "RATE_LIMIT": rate_limit,
        "REPORT_RATE_LIMIT": report_limit,
        "TRUSTED_PROXIES": trusted_proxies,
        "PUBLIC_BASE_URL": base_url,
        "ALLOWED_HOSTS": allowed_hosts,
        **cache_settings,
        "RATELIMIT_ENABLED": rate_limit != "off" and env != "testing",
        # One budget per client across every route, not one per route.
        "RATELIMIT_APPLICATION": rate_limit if rate_limit != "off" else "",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # A Redis outage must not take lookups down: count in memory until it is back.
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "SEED_DIR": os.environ.get("SEED_DIR") or str(default_seed),
        "API_TITLE": "regstatus",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "DATA_LICENSE": "CC-BY-4.0",
        "DATA_LICENSE_URL": "https://creativecommons.org/licenses/by/4.0/",
    }
    # Overrides win, except those read (and checked) above.
    settings.update({k: v for k, v in overrides.items() if k not in ("SQLALCHEMY_DATABASE_URI", *CHECKED)})
    return settings

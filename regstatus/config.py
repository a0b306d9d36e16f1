"""Settings, all read from the environment in this one place."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

# Every setting the service reads, with its meaning; the README table mirrors this
# and a test fails when the two disagree.
SETTINGS_DOC = {
    "REGSTATUS_ENV": "`development` (default) or `production`; production refuses weak settings",
    "DATABASE_URL": "SQLAlchemy URL; default a SQLite file `instance/regstatus.db`",
    "SECRET_KEY": "signing key; required (32+ characters) when REGSTATUS_ENV=production",
    "REDIS_URL": "Redis URL for rate-limit counters shared by all workers; default: per-process memory",
    "RATE_LIMIT": "requests allowed per client address, e.g. `300 per minute` (default); `off` disables",
    "SEED_DIR": "folder of seed data files; default `seed/` beside the package",
    "PORT": "port for `make serve` (default 8000)",
    "WEB_CONCURRENCY": "gunicorn workers (default: 2 x CPU cores + 1)",
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


def engine_options(url: str) -> dict[str, Any]:
    """Engine options per backend: SQLite waits on locks, PostgreSQL checks pooled connections."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}
    return {"pool_pre_ping": True, "pool_recycle": 1800}


def load_settings(instance_path: str, overrides: dict[str, Any]) -> dict[str, Any]:
    """Read settings from the environment, apply overrides, refuse unsafe production values."""
    env = overrides.get("REGSTATUS_ENV") or os.environ.get("REGSTATUS_ENV", "development")
    if env not in ("development", "production", "testing"):
        raise ConfigError(f"REGSTATUS_ENV must be development, production or testing, not {env!r}")
    url = overrides.get("SQLALCHEMY_DATABASE_URI") or _database_url(instance_path)
    secret = overrides.get("SECRET_KEY") or os.environ.get("SECRET_KEY", "")
    if env == "production":
        if len(secret) < 32 or secret == DEV_SECRET_KEY:
            raise ConfigError("SECRET_KEY must be set to a random value of 32+ characters in production")
    elif not secret:
        secret = DEV_SECRET_KEY
    redis_url = os.environ.get("REDIS_URL") or None
    rate_limit = overrides.get("RATE_LIMIT") or os.environ.get("RATE_LIMIT", "300 per minute")
    if env == "production" and not redis_url:
        # Several gunicorn workers each counting alone would multiply the limit.
        raise ConfigError("REDIS_URL is required in production, so every worker shares rate-limit counters")
    default_seed = Path(__file__).resolve().parent.parent / "seed"
    settings: dict[str, Any] = {
        "REGSTATUS_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "REDIS_URL": redis_url,
        "RATE_LIMIT": rate_limit,
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
    settings.update({k: v for k, v in overrides.items() if k != "SQLALCHEMY_DATABASE_URI"})
    return settings

"""Readiness: the database answers, its schema is at the head migration, and where rate limits count."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from regstatus.extensions import RateLimitStorage

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
DEGRADED_RATE_LIMIT = "degraded: Redis unreachable, each worker counts in memory"


def head_revisions() -> set[str]:
    """The head revision(s) of the migration scripts."""
    return set(ScriptDirectory(str(MIGRATIONS)).get_heads())


def readiness(engine: Engine, rate_limits: RateLimitStorage | None = None) -> tuple[str, dict[str, str]]:
    """(state, checks): `ready`, `degraded` (answers, with a weaker rate limit) or `not ready`, a word per check."""
    checks: dict[str, str] = {}
    # Redis first: its check is bounded (REDIS_TIMEOUT_S) and worth reporting even with the database down.
    degraded = False
    if rate_limits is not None and rate_limits.shared:
        degraded = not rate_limits.reachable(force=True)
        checks["rate_limit"] = DEGRADED_RATE_LIMIT if degraded else "ok"
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
        return "not ready", checks
    heads = head_revisions()
    checks["migrations"] = "ok" if current == heads else f"at {sorted(current) or 'none'}, head is {sorted(heads)}"
    if current != heads:
        return "not ready", checks
    return ("degraded" if degraded else "ready"), checks

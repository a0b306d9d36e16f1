"""Readiness: the database answers and its schema is at the head migration."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def head_revisions() -> set[str]:
    """The head revision(s) of the migration scripts."""
    return set(ScriptDirectory(str(MIGRATIONS)).get_heads())


def readiness(engine: Engine) -> tuple[bool, dict[str, str]]:
    """(ready, checks): whether the service can answer, with a word per check."""
    checks: dict[str, str] = {}
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
        return False, checks
    heads = head_revisions()
    checks["migrations"] = "ok" if current == heads else f"at {sorted(current) or 'none'}, head is {sorted(heads)}"
    return current == heads, checks

"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from regstatus.extensions import db
from regstatus.services.health import readiness

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is alive; touches neither the database nor Redis, so it answers during their outages."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """The database answers at the newest migration: 200 (`degraded` while rate limits count in memory), else 503."""
    state, checks = readiness(db.engine, current_app.extensions.get("rate_limit_storage"))
    response = jsonify(status=state, checks=checks)
    response.status_code = 503 if state == "not ready" else 200
    return response

"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, jsonify

from regstatus.extensions import db
from regstatus.services.health import readiness

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is alive."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """The database answers and its schema is at the newest migration; 503 otherwise."""
    ready, checks = readiness(db.engine)
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.status_code = 200 if ready else 503
    return response

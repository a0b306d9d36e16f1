"""Server-rendered HTML pages."""

from __future__ import annotations

from flask import Flask, current_app, request

from regstatus.pages import (  # noqa: F401  (each registers its views)
    about,
    badge,
    changes,
    check,
    home,
    locate,
    place,
    report,
    table,
    travel,
)
from regstatus.pages.views import bp

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


HSTS = "max-age=31536000"


def _arrived_over_https() -> bool:
    """HTTPS here, or at the outermost trusted proxy (X-Forwarded-Proto is believed only behind one)."""
    if request.is_secure:
        return True
    if not current_app.config.get("TRUSTED_PROXIES", 0):
        return False
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[-1].strip().lower()
    return forwarded == "https"


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    if _arrived_over_https():
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def init_app(app: Flask) -> None:
    """Register the pages and the headers every response carries."""
    app.register_blueprint(bp)
    app.after_request(_security_headers)

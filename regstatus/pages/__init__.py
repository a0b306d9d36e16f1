"""Server-rendered HTML pages."""

from __future__ import annotations

from flask import Flask

from regstatus.pages.views import bp

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def init_app(app: Flask) -> None:
    """Register the pages and the headers every response carries."""
    app.register_blueprint(bp)
    app.after_request(_security_headers)

"""Server-rendered HTML pages."""

from __future__ import annotations

from flask import Flask

from regstatus.client_address import client_scheme
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


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    if client_scheme() == "https":  # the same trust rule as the client address
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def init_app(app: Flask) -> None:
    """Register the pages and the headers every response carries."""
    app.register_blueprint(bp)
    app.after_request(_security_headers)

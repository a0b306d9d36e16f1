"""CORS for the open data: any origin may read /api/ and /feeds/, and a preflight is answered 204 here."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

# Paths any web page may read; no cookies or credentials are involved, so `*` is safe.
OPEN_PREFIXES = ("/api/", "/feeds/")
ALLOW_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since, Range"
EXPOSE_HEADERS = (
    "ETag, Last-Modified, Link, Retry-After, RateLimit, RateLimit-Policy, "
    "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-Request-ID"
)
# Browsers cap this (Chromium at 2 hours); a day lets the others keep the preflight longer.
MAX_AGE_S = 86400


def is_open(path: str) -> bool:
    """Whether any origin may read this path."""
    return path.startswith(OPEN_PREFIXES)


def _allowed_methods() -> list[str]:
    """The methods the matched route answers (OPTIONS included), as werkzeug's router knows them."""
    adapter = current_app.url_map.bind("")
    try:
        methods = adapter.allowed_methods(request.path)
    except Exception:  # an unroutable path: nothing is allowed but asking
        methods = []
    return sorted(set(methods) | {"OPTIONS"})


def preflight() -> Response | None:
    """Answer OPTIONS on an open path with 204 and the CORS headers, before any view or page."""
    if request.method != "OPTIONS" or not is_open(request.path):
        return None
    methods = ", ".join(_allowed_methods())
    response = Response(status=204)
    del response.headers["Content-Type"]  # no content, so no type
    response.headers["Allow"] = methods
    response.headers["Access-Control-Allow-Methods"] = methods
    response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
    response.headers["Access-Control-Max-Age"] = str(MAX_AGE_S)
    return response


def open_data_headers(response: Response) -> Response:
    """Every answer on an open path, errors and 304s included, may be read by any origin."""
    if is_open(request.path):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    return response


def init_app(app: Flask) -> None:
    """Answer preflights first and mark every open answer readable by any origin."""
    app.before_request_funcs.setdefault(None, []).insert(0, preflight)
    app.after_request(open_data_headers)

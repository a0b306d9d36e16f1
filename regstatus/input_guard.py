"""Refuse what no view can use, naming the parameter, before any view runs: an oversize request
(its target or header fields), control characters, oversize values, and query parameters the
route does not declare.

A NUL byte reached PostgreSQL (which refuses it in text) and answered 500; no legitimate code,
name or date contains a control character. An ignored parameter misleads (`format=csv` still
answers JSON, a misspelt filter answers everything), so an undeclared one is refused.

The declared parameters are read from the OpenAPI document (see `declared_query_parameters`):
whatever a route documents, it accepts, and nothing else. A route declares its query parameters by
its `@blp.arguments(Schema, location="query")`; it needs nothing more to be guarded.

Bodies are read only by the correction report routes, the one write; each bounds its body with
`refuse_oversize_body` before anything parses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import Flask, current_app, request

from regstatus.errors import InvalidParameter

CONTROL_RANGE = r"\x00-\x1f\x7f"
CONTROL = re.compile(f"[{CONTROL_RANGE}]")
# The same rule as a JSON Schema pattern, so the OpenAPI document says what is refused.
TEXT_PATTERN = f"^[^{CONTROL_RANGE}]*$"
# No code, name, date or list of them comes near these; past them a value is a mistake or an attack.
MAX_VALUE_LENGTH = 1000
MAX_QUERY_VALUES = 64
# The request as a whole. gunicorn's own limits (gunicorn.conf.py) are looser, so these are refused here, in
# the caller's format, and gunicorn answers (in plain text) only what is far past them (README "Bad input").
MAX_TARGET_LENGTH = 4096  # path and query as sent
MAX_HEADER_FIELDS = 100
MAX_HEADER_FIELD_SIZE = 8190  # name, ": " and value
# Paths whose query the declared parameters govern.
GUARDED_PREFIX = "/api/"
EXTENSION_KEY = "declared_query_parameters"
OPENAPI_DOCUMENT = "openapi_document"


class UnknownParameter(InvalidParameter):
    """Query parameters the route does not declare; each is named in `errors`."""

    title = "Unknown parameter"
    slug = "unknown-parameter"

    def __init__(self, names: list[str], accepted: Iterable[str]):
        self.names = names
        self.accepted = sorted(accepted)
        takes = ", ".join(self.accepted) if self.accepted else "no query parameters"
        detail = f"Unknown query parameter: {', '.join(names)}. This route takes: {takes}."
        super().__init__(detail, names[0], None)

    def errors(self) -> dict[str, list[str]]:
        """One message per unknown parameter."""
        return {name: ["Unknown parameter."] for name in self.names}


class URITooLong(InvalidParameter):
    """The path and query together are longer than any address this service gives out."""

    status = 414
    title = "URI too long"
    slug = "uri-too-long"


class HeaderFieldsTooLarge(InvalidParameter):
    """Too many header fields, or one too long; the field at fault is named (cut to 80 characters)."""

    status = 431
    title = "Request header fields too large"
    slug = "header-fields-too-large"


def refuse_oversize_request() -> None:
    """Raise for a request target or header fields past the limits above."""
    target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
    if len(target) > MAX_TARGET_LENGTH:
        raise URITooLong(f"The path and query must be at most {MAX_TARGET_LENGTH} characters.", "url", None)
    if len(request.headers) > MAX_HEADER_FIELDS:
        raise HeaderFieldsTooLarge(f"At most {MAX_HEADER_FIELDS} header fields are accepted.", "headers", None)
    for name, value in request.headers.items():
        if len(name) + 2 + len(value) > MAX_HEADER_FIELD_SIZE:
            shown = CONTROL.sub("?", name[:80])
            raise HeaderFieldsTooLarge(f"{shown} must be at most {MAX_HEADER_FIELD_SIZE} bytes.", shown, None)


def refuse_control_characters() -> None:
    """Raise InvalidParameter for the first parameter whose name or value holds a control character."""
    params = list((request.view_args or {}).items()) + list(request.args.items(multi=True))
    for name, value in params:
        if CONTROL.search(str(name)) or CONTROL.search(str(value)):
            shown = CONTROL.sub("?", str(name)) or "query"
            raise InvalidParameter(f"{shown} must not contain control characters.", shown, value)


def refuse_oversize() -> None:
    """Raise InvalidParameter for a value too long to mean anything, or too many values."""
    values = list(request.args.items(multi=True))
    if len(values) > MAX_QUERY_VALUES:
        raise InvalidParameter(f"At most {MAX_QUERY_VALUES} query values are accepted.", "query", len(values))
    for name, value in [*values, *((request.view_args or {}).items())]:
        if len(str(name)) > MAX_VALUE_LENGTH or len(str(value)) > MAX_VALUE_LENGTH:
            shown = str(name)[:80]
            raise InvalidParameter(f"{shown} must be at most {MAX_VALUE_LENGTH} characters.", shown, None)


def refuse_unknown_parameters() -> None:
    """Raise UnknownParameter when the query names a parameter the route does not declare."""
    rule = request.url_rule
    if rule is None or not request.path.startswith(GUARDED_PREFIX):
        return  # 404 and 405 are answered by their own handlers
    method = "get" if request.method == "HEAD" else request.method.lower()
    app = current_app._get_current_object()
    declared = declared_query_parameters(app).get(rule.rule, {}).get(method, frozenset())
    unknown = list(dict.fromkeys(name for name in request.args if name not in declared))
    if unknown:
        raise UnknownParameter(unknown, declared)


def _openapi_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: /a/<string:code> -> /a/{code}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def declared_query_parameters(app: Flask) -> dict[str, dict[str, frozenset[str]]]:
    """Per Flask rule and method, the query parameters the OpenAPI document lists (read once, then kept).

    The document comes from app.extensions[OPENAPI_DOCUMENT] (a callable, set by the API). Routes the
    document does not list (the document itself, the docs page) accept none.
    """
    if EXTENSION_KEY in app.extensions:
        return app.extensions[EXTENSION_KEY]
    document = app.extensions.get(OPENAPI_DOCUMENT)
    paths = document().get("paths", {}) if document else {}
    declared: dict[str, dict[str, frozenset[str]]] = {}
    for rule in app.url_map.iter_rules():
        item = paths.get(_openapi_path(rule.rule), {})
        shared = [p for p in item.get("parameters", []) if p.get("in") == "query"]
        declared[rule.rule] = {
            method: frozenset(p["name"] for p in [*shared, *op.get("parameters", [])] if p.get("in") == "query")
            for method, op in item.items()
            if method != "parameters" and isinstance(op, dict)
        }
    app.extensions[EXTENSION_KEY] = declared
    return declared


def refuse_oversize_body(limit: int, error: Exception) -> bytes:
    """The request body, read at most `limit` bytes far; `error` raised when it is longer.

    A stated Content-Length over the limit is refused before reading; a body without one (chunked) is read
    one byte past the limit (werkzeug stops there silently), so a longer one is refused, not cut short.
    The body is cached: a form or JSON parsed afterwards reads these bytes.
    """
    if (request.content_length or 0) > limit:
        raise error
    request.max_content_length = limit + 1
    if len(request.get_data(cache=True)) > limit:
        raise error
    return request.get_data(cache=True)


def guard() -> None:
    """Every check, in order: control characters, oversize values, an oversize request, unknown parameters.

    A value at fault is named before the request as a whole is refused.
    """
    refuse_control_characters()
    refuse_oversize()
    refuse_oversize_request()
    refuse_unknown_parameters()


def init_app(app: Flask) -> None:
    """Check every request before its view."""
    app.before_request(guard)

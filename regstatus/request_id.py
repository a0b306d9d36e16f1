"""A request id on every answer: the caller's `X-Request-ID` when well formed, else a new one."""

from __future__ import annotations

import re
import uuid

from flask import Flask, g, request

HEADER = "X-Request-ID"
# Short, and only characters that cannot break a log line or a header: letters, digits, - _ . : /
VALID = re.compile(r"[A-Za-z0-9._:/-]{8,128}")


def request_id() -> str:
    """This request's id (set before any other hook runs)."""
    rid = g.get("request_id")
    if rid is None:
        given = request.headers.get(HEADER, "")
        rid = given if VALID.fullmatch(given) else uuid.uuid4().hex
        g.request_id = rid
    return rid


def _remember() -> None:
    request_id()


def _answer(response):
    response.headers[HEADER] = request_id()
    # For the access log (gunicorn.conf.py), without a header that would only serve the log.
    request.environ["regstatus.route"] = request.url_rule.rule if request.url_rule else None
    return response


def init_app(app: Flask) -> None:
    """Accept or generate the id before other hooks; return it on every answer, errors and 304s included."""
    app.before_request_funcs.setdefault(None, []).insert(0, _remember)
    app.after_request(_answer)

"""Refuse control characters in any path or query parameter, naming the parameter, before a view runs.

A NUL byte reached PostgreSQL (which refuses it in text) and answered 500; no
legitimate code, name or date contains a control character.
"""

from __future__ import annotations

import re

from flask import Flask, request

from regstatus.errors import InvalidParameter

CONTROL_RANGE = r"\x00-\x1f\x7f"
CONTROL = re.compile(f"[{CONTROL_RANGE}]")
# The same rule as a JSON Schema pattern, so the OpenAPI document says what is refused.
TEXT_PATTERN = f"^[^{CONTROL_RANGE}]*$"


def refuse_control_characters() -> None:
    """Raise InvalidParameter for the first parameter whose name or value holds a control character."""
    params = list((request.view_args or {}).items()) + list(request.args.items(multi=True))
    for name, value in params:
        if CONTROL.search(str(name)) or CONTROL.search(str(value)):
            shown = CONTROL.sub("?", str(name)) or "query"
            raise InvalidParameter(f"{shown} must not contain control characters.", shown, value)


def init_app(app: Flask) -> None:
    """Check every request before its view."""
    app.before_request(refuse_control_characters)

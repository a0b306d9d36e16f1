"""Query parameters of the pages read through the API's own schemas, so both accept the same input."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from marshmallow import Schema, ValidationError


def messages(exc: ValidationError) -> dict[str, str]:
    """One readable message per field at fault."""
    out = {}
    for name, msgs in (exc.messages if isinstance(exc.messages, dict) else {"_": exc.messages}).items():
        text = " ".join(map(str, msgs)) if isinstance(msgs, list) else str(msgs)
        if "date" in text.lower():
            text += " Write dates as YYYY-MM-DD."
        out[str(name)] = text
    return out


def load_or_400(schema: Schema) -> dict[str, Any]:
    """The query loaded by `schema`, or a 400 page naming each field at fault."""
    try:
        return schema.load(request.args.to_dict())
    except ValidationError as exc:
        abort(400, description=" ".join(f"{k}: {v}" for k, v in messages(exc).items()))

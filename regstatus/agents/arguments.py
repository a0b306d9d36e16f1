"""The MCP tools' arguments: the API's query fields, refused as JSON-RPC "Invalid params" naming the argument.

The same validators as the JSON API (codes without control characters, the substance vocabulary, ISO
dates, at most MAX_STOPS transit stops), so a value the API refuses the tools refuse too. An argument a
tool does not take is refused as the API refuses an unknown query parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from regstatus.errors import DomainError, NotFoundError
from regstatus.input_guard import TEXT_PATTERN
from regstatus.schemas.travel import TravelArgs
from regstatus.vocab import SUBSTANCES


def _place(description: str, **kwargs) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=2, max=64), validate.Regexp(TEXT_PATTERN)],
        metadata={"description": description},
        **kwargs,
    )


PLACE = "ISO 3166-1 or 3166-2 code (TH, US-TX) or a locality code; any case"


class LookupArguments(Schema):
    """lookup(place, substance, as_of?)."""

    class Meta:
        unknown = RAISE

    place = _place(PLACE, required=True)
    substance = fields.String(
        required=True,
        validate=validate.OneOf(list(SUBSTANCES)),
        metadata={"description": "One of: " + ", ".join(SUBSTANCES)},
    )
    as_of = fields.Date(metadata={"description": "Answer for this legal date (YYYY-MM-DD); default today (UTC)"})


class RouteArguments(TravelArgs):
    """route_check(from, to, via?, substance?): the API's /api/v1/travel query."""

    class Meta:
        unknown = RAISE


class ChangeArguments(Schema):
    """changes(since, place?)."""

    class Meta:
        unknown = RAISE

    since = fields.Date(
        required=True, metadata={"description": "Legal change events on or after this day (YYYY-MM-DD)"}
    )
    place = _place("Only this place's own events: " + PLACE)


class SourceArguments(Schema):
    """sources(place)."""

    class Meta:
        unknown = RAISE

    place = _place(PLACE, required=True)


SCHEMAS: dict[str, type[Schema]] = {
    "lookup": LookupArguments,
    "route_check": RouteArguments,
    "changes": ChangeArguments,
    "sources": SourceArguments,
}
# The argument behind a domain error's field, where the service names it otherwise (its path's `code`).
FIELD_NAMES = {"code": "place", "jurisdiction": "place"}


def description(tool: str, name: str) -> str:
    """The description of one argument, as its field states it."""
    schema = SCHEMAS[tool]()
    field = next(f for f in schema.fields.values() if (f.data_key or f.name) == name)
    return field.metadata.get("description", "")


def _messages(value: Any) -> list[str]:
    if isinstance(value, Mapping):  # a list's items: {0: [...]}
        return [f"item {k}: {m}" for k, v in value.items() for m in _messages(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def invalid(errors: dict[str, list[str]], detail: str | None = None, **extra: Any) -> MCPError:
    """JSON-RPC -32602 "Invalid params", naming each argument at fault in `data.errors`."""
    message = detail or "Invalid value for: " + ", ".join(sorted(errors)) + "."
    return MCPError(INVALID_PARAMS, message, {"errors": errors, **extra})


def load(tool: str, arguments: Any) -> dict[str, Any]:
    """The arguments of a call, checked and typed; MCPError (invalid params) naming every one at fault."""
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, Mapping):
        raise invalid({"arguments": ["Must be an object."]})
    given = {k: v for k, v in arguments.items() if v is not None}  # null is the argument left out
    try:
        return SCHEMAS[tool]().load(given)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, Mapping) else {"arguments": exc.messages}
        raise invalid({str(k): _messages(v) for k, v in messages.items()}) from None


def refused(exc: DomainError) -> MCPError:
    """A service's refusal (an unknown place, a bad value) as invalid params naming the argument."""
    name = FIELD_NAMES.get(exc.field or "", exc.field) or "arguments"
    extra = {"suggestions": exc.suggestions} if isinstance(exc, NotFoundError) else {}
    return invalid({name: [exc.detail]}, exc.detail, **extra)

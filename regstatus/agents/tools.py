"""The four read-only MCP tools: their published signatures, and one runner that answers inside Flask.

Each tool's signature (what `tools/list` publishes) is a stub below; the tool itself is `run`, given the
arguments by name. The stubs exist because the route check's first argument is `from`, as in the API,
which no Python parameter can be called; the runner takes every argument by name.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable
from typing import Annotated, Any

from flask import Flask, current_app, request
from mcp.server.mcpserver import Context
from mcp.shared.exceptions import MCPError
from mcp_types import INTERNAL_ERROR, ToolAnnotations
from pydantic import Field
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from regstatus.agents import answers
from regstatus.agents.arguments import description, load, refused
from regstatus.errors import DATABASE_RETRY_AFTER, DomainError
from regstatus.extensions import db
from regstatus.services.lookup import today

log = logging.getLogger(__name__)

UNAVAILABLE = "The database is not answering; please try again shortly."
# Set on the WSGI environ by the /mcp view: the app whose request context the tool answers in.
APP_KEY = "regstatus.mcp.app"
# Every tool only reads: an agent may call them freely and repeat them with the same answer.
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


def _about(tool: str, name: str) -> Any:
    return Field(description=description(tool, name))


def lookup(
    ctx: Context,
    place: Annotated[str, _about("lookup", "place")],
    substance: Annotated[str, _about("lookup", "substance")],
    as_of: Annotated[str | None, _about("lookup", "as_of")] = None,
) -> dict[str, Any]:
    """The status of a substance at a place on a date, as the API's /api/v1/jurisdictions/{code} answers it.

    The levels (country, state, locality) are composed per activity; the answer carries its words, the
    status, every activity with the level that set it, caveats, advisories and pending measures, the law
    of each level with its sources' URLs and dates, the dataset version and a permalink: quote `quote`.
    """


def route_check(
    ctx: Context,
    from_: Annotated[str, Field(alias="from", description=description("route_check", "from"))],
    to: Annotated[str, _about("route_check", "to")],
    via: Annotated[list[str] | None, _about("route_check", "via")] = None,
    substance: Annotated[str | None, _about("route_check", "substance")] = None,
    as_of: Annotated[str | None, _about("route_check", "as_of")] = None,
) -> dict[str, Any]:
    """May one leave `from` with it, change planes at each `via`, bring it into `to` and possess it there?

    As /api/v1/travel answers: each stop's checks with their verdicts (ok, caution, unknown, prohibited),
    the level and law behind each, the overall verdict and its reasons, citations, dataset and permalink.
    """


def changes(
    ctx: Context,
    since: Annotated[str, _about("changes", "since")],
    place: Annotated[str | None, _about("changes", "place")] = None,
) -> dict[str, Any]:
    """Legal change events since a date, newest legal date first, as /api/v1/changes lists them.

    Rules taking effect or lapsing, advisories issued, pending measures' stages; each with its date, the
    old and new status and the version id; the newest 100, with the total and the address of the rest.
    """


def sources(
    ctx: Context,
    place: Annotated[str, _about("sources", "place")],
) -> dict[str, Any]:
    """Every source the place's own rules, advisories and pending measures cite: URL, title, publisher, kind,
    the source's own date and the date it was read, as /api/v1/sources?jurisdiction= lists them."""


STUBS: dict[str, Callable[..., Any]] = {
    "lookup": lookup,
    "route_check": route_check,
    "changes": changes,
    "sources": sources,
}
WORK: dict[str, Callable[..., dict[str, Any]]] = {
    "lookup": lambda s, a: answers.lookup(s, a["place"], a["substance"], a.get("as_of")),
    "route_check": lambda s, a: answers.route_check(
        s, a["from_"], a["to"], a.get("via"), a.get("substance") or "kratom", a.get("as_of")
    ),
    "changes": lambda s, a: answers.changes(s, a["since"], a.get("place")),
    "sources": lambda s, a: answers.sources(s, a["place"]),
}


def _cache_key(tool: str, raw: dict[str, Any]) -> tuple:
    """Every input of the answer: the tool, its arguments, the host (absolute links), the dataset, the day."""
    ext = current_app.extensions["http_cache"]
    published = ext["watch"].current(db.session)
    asked = json.dumps(raw, sort_keys=True, default=str)
    return ("mcp", tool, asked, request.url_root, published.version, published.dated, today())


def answer(tool: str, ctx: Context, arguments: dict[str, Any]) -> dict[str, Any]:
    """Answer one call in the request context of the /mcp request that carried it (database, limits, URLs)."""
    environ = ctx.request_context.request.scope["wsgi_environ"]
    app: Flask = environ[APP_KEY]
    checked = load(tool, arguments)
    with app.request_context(environ):
        cache = app.extensions["http_cache"]["answers"]
        try:
            key = _cache_key(tool, {k: v for k, v in arguments.items() if v is not None})
            found = cache.get(key)
            if found is not None:
                return found
            body = WORK[tool](db.session, checked)
        except DomainError as exc:
            raise refused(exc) from None
        except (OperationalError, PoolTimeout) as exc:
            # As the API's 503: one log line, no traceback, and a message the agent can act on.
            log.warning("database unavailable: tools/call %s: %s", tool, str(getattr(exc, "orig", exc)).strip()[:200])
            raise MCPError(INTERNAL_ERROR, UNAVAILABLE, {"retry_after": DATABASE_RETRY_AFTER}) from None
        cache.put(key, body, len(json.dumps(body, default=str)))
        return body


def runner(tool: str) -> Callable[..., dict[str, Any]]:
    """The callable registered for a tool: the stub's signature, `answer` behind it."""

    @functools.wraps(STUBS[tool])
    def run(ctx: Context, **arguments: Any) -> dict[str, Any]:
        return answer(tool, ctx, arguments)

    run.__signature__ = inspect.signature(STUBS[tool], eval_str=True)  # type: ignore[attr-defined]
    return run

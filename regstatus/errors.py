"""Domain exceptions and the one error handler: problem JSON under /api/, an HTML page elsewhere."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, make_response, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

PROBLEM_TYPE_BASE = "/api/v1/problems/"
# Seconds a client should wait before asking again while the database is unreachable.
DATABASE_RETRY_AFTER = 5


class DomainError(Exception):
    """An error a caller can act on; carries its HTTP status and the field at fault."""

    status = 400
    title = "Bad request"
    slug = "bad-request"

    def __init__(self, detail: str, field: str | None = None, value: Any = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.value = value

    def extra(self) -> dict[str, Any]:
        """Extension members added to the problem document."""
        return {}

    def errors(self) -> dict[str, list[str]] | None:
        """Messages per parameter or field at fault (the problem's `errors` member)."""
        return {self.field: [self.detail]} if self.field else None


class NotFoundError(DomainError):
    """Nothing has this identifier."""

    status = 404
    title = "Not found"
    slug = "not-found"

    def __init__(self, detail: str, field: str | None, value: Any, suggestions: list[str] | None = None):
        super().__init__(detail, field, value)
        self.suggestions = suggestions or []

    def extra(self) -> dict[str, Any]:
        """Close matches for the unknown identifier."""
        return {"suggestions": self.suggestions}


class InvalidParameter(DomainError):
    """A parameter has a value the service cannot use."""

    status = 400
    title = "Invalid parameter"
    slug = "invalid-parameter"


class AmbiguousName(NotFoundError):
    """A name that several places bear: no single place has it, and the caller chooses among them."""

    title = "Ambiguous name"
    slug = "ambiguous-name"

    def __init__(self, detail: str, field: str | None, value: Any, choices: list[dict[str, str]]):
        super().__init__(detail, field, value, [c["code"] for c in choices])
        self.choices = choices

    def extra(self) -> dict[str, Any]:
        """The places the name may mean, each with its code, full name and a query naming it alone."""
        return {"suggestions": self.suggestions, "choices": self.choices}


class UnresolvedNames(InvalidParameter):
    """Several fields name no place, or more than one: each is reported at its own field."""

    title = "Places not found"
    slug = "unresolved-names"

    def __init__(self, problems: list[DomainError]):
        super().__init__(f"{len(problems)} fields name no single place.", problems[0].field, problems[0].value)
        self.problems = problems
        if all(p.status == 404 for p in problems):
            self.status, self.title = 404, "Not found"

    def errors(self) -> dict[str, list[str]]:
        """Each field's own message."""
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.field or "_", []).append(p.detail)
        return out

    def extra(self) -> dict[str, Any]:
        """Per field, its close matches or its choices."""
        return {"fields": {p.field: p.extra() for p in self.problems}}


# Paths read by programs that cannot show a page: a feed reader, an <img>. They ask for their own types
# (Atom, image/*), so an error there is problem JSON unless the request names text/html itself (a browser
# that opened the address) or sends no Accept at all.
MACHINE_PREFIXES = ("/feeds/", "/badge/")


def wants_problem_json() -> bool:
    """API paths always answer JSON; feeds and badges unless HTML is named; other paths when JSON is preferred."""
    if request.path.startswith("/api/"):
        return True
    if request.path.startswith(MACHINE_PREFIXES) and request.accept_mimetypes:
        return not any(kind == "text/html" and q > 0 for kind, q in request.accept_mimetypes)
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _not_stored(response: Response) -> Response:
    """An error belongs to one exchange: no cache may keep it (a 429 or a refused Host least of all)."""
    response.headers["Cache-Control"] = "no-store"
    return response


def problem(status: int, title: str, detail: str, slug: str, errors: dict | None = None, **extra: Any) -> Response:
    """An RFC 9457 problem details response."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.full_path.rstrip("?"),
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _flatten_messages(messages: Any) -> dict[str, list[str]]:
    """webargs messages {location: {field: [msg]}} -> {field: [msg]}."""
    out: dict[str, list[str]] = {}
    if not isinstance(messages, dict):
        return {"_": [str(messages)]}
    for location, fields in messages.items():
        if not isinstance(fields, dict):
            out.setdefault(str(location), []).extend(map(str, fields if isinstance(fields, list) else [fields]))
            continue
        for name, msgs in fields.items():
            out.setdefault(str(name), []).extend(map(str, msgs if isinstance(msgs, list) else [msgs]))
    return out


def _page(status: int, title: str, detail: str, **extra: Any) -> tuple[str, int]:
    return render_template("error.html", status=status, title=title, detail=detail, **extra), status


def handle_domain_error(exc: DomainError):
    """Render a domain error in the caller's format."""
    if wants_problem_json():
        return _not_stored(problem(exc.status, exc.title, exc.detail, exc.slug, exc.errors(), **exc.extra()))
    return _not_stored(make_response(_page(exc.status, exc.title, exc.detail, **exc.extra())))


def handle_http_exception(exc: HTTPException):
    """Render werkzeug's HTTP errors, including webargs validation errors, in the caller's format."""
    status = exc.code or 500
    title = exc.name
    detail = exc.description or title
    errors = None
    data = getattr(exc, "data", None) or {}
    if "messages" in data:
        errors = _flatten_messages(data["messages"])
        title = "Invalid parameter"
        detail = "Invalid value for: " + ", ".join(sorted(errors)) + "."
    if not wants_problem_json():
        response = make_response(_page(status, title, detail))
    else:
        slug = "invalid-parameter" if errors else title.lower().replace(" ", "-")
        response = problem(status, title, detail, slug, errors)
    if status == 405 and getattr(exc, "valid_methods", None):
        # RFC 9110: a 405 says which methods would work, on pages as on the API.
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return _not_stored(response)


def handle_unexpected(exc: Exception):
    """Log and answer 500 without leaking internals (HTTP errors have their own handler)."""
    log.exception("unhandled error", exc_info=exc)
    return handle_http_exception(InternalServerError())


def _is_read_only(exc: Exception) -> bool:
    return "readonly database" in str(getattr(exc, "orig", exc))


def handle_database_error(exc: Exception):
    """Database refused, dropped, timed out or read-only: 503 with Retry-After and one log line, no traceback."""
    if isinstance(exc, DBAPIError) and not (isinstance(exc, OperationalError) or exc.connection_invalidated):
        return handle_unexpected(exc)  # a bug (bad SQL, integrity), not an outage
    cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    # One line: an outage fails every request, and a traceback each would bury the log.
    log.warning(
        "database unavailable: %s %s: %s", request.method, request.path, cause[0] if cause else type(exc).__name__
    )
    if _is_read_only(exc):
        title, slug, detail = (
            "Database is read-only",
            "database-read-only",
            "This deployment serves a read-only database; it cannot store changes.",
        )
    else:
        title, slug, detail = (
            "Service unavailable",
            "database-unavailable",
            "The database is not answering; please try again shortly.",
        )
    json = wants_problem_json()
    response = problem(503, title, detail, slug) if json else make_response(_page(503, title, detail))
    if slug == "database-unavailable":
        response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return _not_stored(response)


def init_app(app: Flask) -> None:
    """Register the handlers; after the API so they replace flask-smorest's JSON-only one."""
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(PoolTimeout, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)

"""The route check page: a GET form, and the same answer as /api/v1/travel below it."""

from __future__ import annotations

import re

from flask import render_template, request, url_for
from marshmallow import ValidationError

from regstatus.errors import AmbiguousName, DomainError, NotFoundError, UnresolvedNames
from regstatus.extensions import db
from regstatus.pages.args import messages
from regstatus.pages.place import caveat_parts
from regstatus.pages.views import bp
from regstatus.schemas.travel import TravelArgs
from regstatus.services import notices
from regstatus.services.travel import MAX_STOPS, ROLE_ACTIVITIES, check_route

CODES = re.compile(r"^(?:[A-Za-z]{2}(?:-[A-Za-z0-9-]+)?\s+)+[A-Za-z]{2}(?:-[A-Za-z0-9-]+)?$")


def _stops(values: list[str]) -> list[str]:
    """Stops typed in one box or repeated as via=SG&via=JP.

    Stops are separated by commas ("SG, Tokyo"), or by semicolons when a name has a comma of its own
    ("Springfield, Illinois; Tokyo"); codes may also be separated by spaces ("SG JP").
    """
    out = []
    for value in values:
        for part in re.split(";" if ";" in value else ",", value):
            part = part.strip()
            out += part.split() if CODES.match(part) else [part] if part else []
    return out


def _joined(stops: list[str]) -> str:
    """Stops for the one box again: by commas, or semicolons if a stop's name has a comma."""
    return ("; " if any("," in s for s in stops) else ", ").join(stops)


def _retry(form: dict, field: str, typed: str, value: str) -> str:
    """The form's address with one field's typed name replaced (a choice of an ambiguous name)."""
    query = {k: v for k, v in form.items() if v}
    if field == "via":
        query["via"] = _joined([value if s == typed else s for s in _stops([form["via"]])])
    else:
        query[field] = value
    return url_for("pages.travel", **query)


def _problems(exc: DomainError, form: dict, errors: dict, suggestions: dict, choices: dict) -> None:
    """Each field at fault with its message, close matches or choices."""
    for p in exc.problems if isinstance(exc, UnresolvedNames) else [exc]:
        name = p.field or "from"
        errors[name] = p.detail
        if isinstance(p, AmbiguousName):
            choices[name] = [(c["name"], _retry(form, name, p.value, c["query"])) for c in p.choices]
        elif isinstance(p, NotFoundError):
            suggestions[name] = p.suggestions


def _form() -> dict:
    """The form's values as typed, for re-showing them."""
    return {
        "from": request.args.get("from", "").strip(),
        "to": request.args.get("to", "").strip(),
        "via": _joined(_stops(request.args.getlist("via"))),
        "substance": request.args.get("substance", "kratom"),
        "as_of": request.args.get("as_of", "").strip(),
    }


@bp.get("/travel")
def travel():
    """May one leave with it, change planes with it, bring it in and possess it: per stop and overall."""
    form = _form()
    errors: dict[str, str] = {}
    suggestions: dict[str, list[str]] = {}
    choices: dict[str, list[tuple[str, str]]] = {}
    route = None
    twin = share = None
    stop_notices: list = []
    if form["from"] or form["to"] or form["via"]:
        raw = {k: v for k, v in form.items() if v and k != "via"}
        stops = _stops(request.args.getlist("via"))
        if stops:
            raw["via"] = stops
        try:
            args = TravelArgs().load(raw)
        except ValidationError as exc:
            errors = messages(exc)
        else:
            try:
                route = check_route(
                    db.session, args["from_"], args["to"], args.get("via"), args["substance"], args.get("as_of")
                )
            except DomainError as exc:
                _problems(exc, form, errors, suggestions, choices)
        if route is not None:
            query = {"from": args["from_"], "to": args["to"], "substance": args["substance"]}
            if args.get("via"):
                query["via"] = args["via"]
            if args.get("as_of"):
                query["as_of"] = args["as_of"].isoformat()
            twin = url_for("travel.Travel", **query)
            # Each stop lists its own advisories; a level above's are counted and linked, not repeated.
            stop_notices = [notices.split(s.jurisdiction, s.answer.levels, s.advisories) for s in route.stops]
            share = url_for("pages.travel", **query)
    status = 400 if errors else 200
    return (
        render_template(
            "travel.html",
            form=form,
            errors=errors,
            suggestions=suggestions,
            choices=choices,
            route=route,
            stop_notices=stop_notices,
            caveat_parts=caveat_parts,
            twin=twin,
            share=share,
            max_stops=MAX_STOPS,
            role_activities=ROLE_ACTIVITIES,
        ),
        status,
    )

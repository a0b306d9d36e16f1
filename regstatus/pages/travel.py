"""The route check page: a GET form, and the same answer as /api/v1/travel below it."""

from __future__ import annotations

import re

from flask import render_template, request, url_for
from marshmallow import ValidationError

from regstatus.errors import DomainError, NotFoundError
from regstatus.extensions import db
from regstatus.pages.args import messages
from regstatus.pages.place import caveat_parts
from regstatus.pages.views import bp
from regstatus.schemas.travel import TravelArgs
from regstatus.services import notices
from regstatus.services.travel import MAX_STOPS, ROLE_ACTIVITIES, check_route


def _stops(values: list[str]) -> list[str]:
    """Stops typed in one box ("SG, JP") or repeated as via=SG&via=JP."""
    return [code for value in values for code in re.split(r"[\s,;]+", value) if code]


def _form() -> dict:
    """The form's values as typed, for re-showing them."""
    return {
        "from": request.args.get("from", "").strip(),
        "to": request.args.get("to", "").strip(),
        "via": ", ".join(_stops(request.args.getlist("via"))),
        "substance": request.args.get("substance", "kratom"),
        "as_of": request.args.get("as_of", "").strip(),
    }


@bp.get("/travel")
def travel():
    """May one leave with it, change planes with it, bring it in and possess it: per stop and overall."""
    form = _form()
    errors: dict[str, str] = {}
    suggestions: dict[str, list[str]] = {}
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
            except NotFoundError as exc:
                errors[exc.field or "from"] = exc.detail
                suggestions[exc.field or "from"] = exc.suggestions
            except DomainError as exc:
                errors[exc.field or "from"] = exc.detail
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

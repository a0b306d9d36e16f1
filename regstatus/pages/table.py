"""The table page: every place with its status per substance, filtered and sorted by query parameters."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from flask import render_template, request, url_for
from marshmallow import ValidationError

from regstatus.errors import NotFoundError
from regstatus.extensions import db
from regstatus.pages.args import messages
from regstatus.pages.place import STALE_AFTER_DAYS, freshness
from regstatus.pages.views import bp
from regstatus.schemas.publish import ExportArgs
from regstatus.services import lookup
from regstatus.services.publish import exports
from regstatus.vocab import LEVELS, START_KINDS, STATUSES, SUBSTANCES

PER_PAGE = 100
# The filters the CSV export takes under the same names, so its link repeats this view.
FILTERS = ("level", "parent", "status", "substance", "as_of")
# Each sort key's value for a place (None sorts last in either direction; ties stay in name order).
SORTS = {
    "name": lambda p, s: p["name"].casefold(),
    "code": lambda p, s: p["code"],
    "level": lambda p, s: LEVELS.index(p["level"]),
    # Unknown is no rank: it sorts with the missing values, last either way.
    "status": lambda p, s: None if p["rows"][s]["status"] == "unknown" else STATUSES.index(p["rows"][s]["status"]),
    "effective": lambda p, s: next((p["rows"][s][k] for k in START_KINDS if p["rows"][s].get(k) is not None), None),
    "verified": lambda p, s: p["rows"][s].get("last_verified_on"),
    "tier": lambda p, s: p["rows"][s].get("best_source_tier"),
}


def sorted_places(places: list[dict], key: str, substance: str, descending: bool) -> list[dict]:
    """Places by one column, then by name; places without a value for the column go last."""
    places = sorted(places, key=lambda p: (p["name"].casefold(), p["code"]))
    value = SORTS[key]
    valued = [p for p in places if value(p, substance) is not None]
    missing = [p for p in places if value(p, substance) is None]
    return sorted(valued, key=lambda p: value(p, substance), reverse=descending) + missing


def _places(rows) -> list[dict]:
    """Export rows (one per place and substance) gathered per place."""
    places: dict[str, dict] = {}
    for r in rows:
        p = places.setdefault(
            r["jurisdiction"],
            {"code": r["jurisdiction"], "name": r["name"], "level": r["level"], "parent": r["parent"], "rows": {}},
        )
        p["rows"][r["substance"]] = r
    return list(places.values())


@bp.get("/table")
def table():
    """Every jurisdiction with status, effective date, last verification and best source tier per substance."""
    raw = {k: v for k in FILTERS if (v := request.args.get(k, "").strip())}
    errors: dict[str, str] = {}
    try:
        args = ExportArgs().load(raw)
    except ValidationError as exc:
        errors, args = messages(exc), {}
    substance = args.get("substance") or "kratom"
    sort = request.args.get("sort", "name")
    key = sort.lstrip("-") if sort.lstrip("-") in SORTS else "name"
    descending = sort.startswith("-")
    places: list[dict] = []
    if not errors:
        query = exports.ExportQuery(
            as_of=args.get("as_of") or lookup.today(), level=args.get("level"), parent=args.get("parent")
        )
        try:
            exports.check(db.session, query)
            places = _places(exports.rows(db.session, query))
        except NotFoundError as exc:
            errors["parent"] = exc.detail
    if args.get("status"):
        places = [p for p in places if p["rows"][substance]["status"] == args["status"]]
    places = sorted_places(places, key, substance, descending)
    pages = max(1, math.ceil(len(places) / PER_PAGE))
    try:
        page = min(max(1, int(request.args.get("page", 1))), pages)
    except ValueError:
        page = 1
    today = lookup.today()
    shown = places[(page - 1) * PER_PAGE : page * PER_PAGE]
    for p in shown:
        p["fresh"] = freshness(p["rows"][substance].get("last_verified_on"), today)
    kept = {k: raw[k] for k in raw if k not in errors}

    def link(**change) -> str:
        """This view with some parameters changed (page resets unless given)."""
        params = {**kept, "sort": sort, **change}
        return url_for("pages.table", **{k: v for k, v in params.items() if v not in (None, "", 1)})

    csv = dict(kept)
    if kept.get("status"):
        csv["substance"] = substance
    return render_template(
        "table.html",
        places=shown,
        total=len(places),
        page=page,
        pages=pages,
        form=raw,
        errors=errors,
        substance=substance,
        substances=SUBSTANCES,
        levels=LEVELS,
        sort=key,
        descending=descending,
        link=link,
        csv_url="/api/v1/export.csv" + ("?" + urlencode(csv) if csv else ""),
        twin=url_for("jurisdictions.JurisdictionList", **kept),
        stale_days=STALE_AFTER_DAYS,
        as_of=args.get("as_of") or today,
    )

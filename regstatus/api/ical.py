"""/feeds/*.ics: iCalendar feeds of scheduled changes, for the whole dataset and for one place."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request, url_for

from regstatus.errors import InvalidParameter
from regstatus.extensions import db
from regstatus.services import jurisdictions, rules
from regstatus.services.publish import calendar
from regstatus.vocab import SUBSTANCES

bp = Blueprint("ical", __name__, url_prefix="/feeds")

ICS = "text/calendar"
PARAMETERS = ("substance",)


def _substance() -> str | None:
    """`substance=` (one of SUBSTANCES), or None for every substance; any other parameter is refused."""
    for name in request.args:
        if name not in PARAMETERS:
            raise InvalidParameter(f"Unknown parameter; this feed takes only: {', '.join(PARAMETERS)}.", name, None)
    values = request.args.getlist("substance")
    if not values:
        return None
    if len(values) > 1 or values[0] not in SUBSTANCES:
        raise InvalidParameter(f"Substance must be one of: {', '.join(SUBSTANCES)}.", "substance", values[0])
    return values[0]


def _page_of(e: calendar.CalendarEvent) -> str:
    return url_for("pages.jurisdiction", code=e.place.code, _external=True)


def _answer(document: bytes) -> Response:
    # Validators and 304s come from regstatus/http_cache.py, as for every GET.
    return Response(document, mimetype=ICS, headers={"Content-Disposition": "inline"})


def _named(head: str, substance: str | None) -> str:
    return head + (f" ({SUBSTANCES[substance][0]})" if substance else "")


@bp.get("/upcoming.ics")
def upcoming():
    """Rules taking effect, emergency rules expiring and measures' stages, everywhere, as iCalendar."""
    substance = _substance()
    ds = rules.dataset(db.session)
    since = calendar.window_start(ds.dated)
    document = calendar.ics(
        name=_named("regstatus: kratom law dates", substance),
        description=f"Dates the law has set, from {since.isoformat()} on (dataset {ds.version} of {ds.dated}).",
        events=calendar.events(db.session, since, substance=substance),
        page_url=_page_of,
        dated=ds.dated,
        license_id=current_app.config["DATA_LICENSE"],
    )
    return _answer(document)


@bp.get("/jurisdictions/<string:code>.ics")
def jurisdiction(code: str):
    """One place's dates and those of every level above it (the levels of its answer), as iCalendar."""
    substance = _substance()
    place = jurisdictions.get_by_code(db.session, code)
    ds = rules.dataset(db.session)
    since = calendar.window_start(ds.dated)
    document = calendar.ics(
        name=_named(f"regstatus: kratom law dates for {place.name}", substance),
        description=(
            f"Dates the law has set for {place.name} and the levels above it, from {since.isoformat()} on "
            f"(dataset {ds.version} of {ds.dated}). {url_for('pages.jurisdiction', code=place.code, _external=True)}"
        ),
        events=calendar.of_place(db.session, place, since, substance),
        page_url=_page_of,
        dated=ds.dated,
        license_id=current_app.config["DATA_LICENSE"],
    )
    return _answer(document)

"""The home page: the world map coloured by each country's effective status, counts, recent changes, the list."""

from __future__ import annotations

from flask import render_template, request

from regstatus.errors import InvalidParameter
from regstatus.extensions import db
from regstatus.pages import maps
from regstatus.pages.views import bp
from regstatus.services import changes as change_log
from regstatus.services import lookup
from regstatus.vocab import SUBSTANCES

RECENT_CHANGES = 5


@bp.app_template_global()
def us_states_map(children: list, substance: str = "kratom") -> maps.Map:
    """The US states map for a place page's children (their effective statuses come with the listing)."""
    return maps.us_map(children, substance)


@bp.get("/")
def index():
    """A search box, the world map for one substance, the counts per status, recent changes, every country listed."""
    substance = maps.substance_or_default(request.args.get("substance"))
    if substance is None:
        raise InvalidParameter(f"Substance must be one of: {', '.join(SUBSTANCES)}.", "substance", None)
    today = lookup.today()
    groups = lookup.countries_by_status(db.session, today, substance)
    recent = change_log.changes(db.session, until=today, substance=substance, kind="in-force")[:RECENT_CHANGES]
    return render_template(
        "index.html",
        world=maps.world_map(groups),
        groups=list(groups.items()),
        substance=substance,
        other="7-oh" if substance == "kratom" else "kratom",
        recent=recent,
        today=today,
    )

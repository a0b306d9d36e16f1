"""Page views: thin wrappers over the lookup services."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from regstatus import vocab
from regstatus.extensions import db
from regstatus.services import lookup

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static", static_url_path="/static")


@bp.app_context_processor
def _globals():
    return {"status_labels": vocab.STATUS_LABELS, "vocab": vocab, "license": current_app.config["DATA_LICENSE"]}


@bp.get("/")
def index():
    """A search box and every country grouped by kratom status."""
    today = lookup.today()
    groups = lookup.countries_by_status(db.session, today)
    ordered = list(groups.items())
    return render_template("index.html", groups=ordered, today=today)


@bp.get("/search")
def search():
    """Jurisdictions whose name, alias or code matches the query."""
    q = request.args.get("q", "").strip()[:100]
    if not q:
        return redirect(url_for("pages.index"))
    page, briefs = lookup.listing(db.session, q=q, per_page=50)
    if page.total == 1:
        return redirect(url_for("pages.jurisdiction", code=briefs[0].code))
    return render_template("search.html", q=q, page=page, results=briefs)


def _date_arg(name: str) -> dt.date | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        abort(400, description=f"{name} must be a date written YYYY-MM-DD, not {raw!r}.")


@bp.get("/jurisdictions/<string:code>")
def jurisdiction(code: str):
    """A status card per substance, the levels above, sources, history, parent and children."""
    as_of = _date_arg("as_of")
    found = lookup.describe(db.session, code, as_of)
    if found.jurisdiction.code != code:
        # Only the parameters this page knows: anything else from the query could steer url_for.
        known = {"as_of": as_of.isoformat()} if as_of else {}
        return redirect(url_for("pages.jurisdiction", code=found.jurisdiction.code, **known), 301)
    past = lookup.history_of(db.session, found.jurisdiction).versions
    _page, children = lookup.listing(db.session, as_of=found.as_of, parent=found.jurisdiction.code, per_page=500)
    return render_template("jurisdiction.html", d=found, history=past, children=children, chosen_date=as_of)


@bp.get("/about")
def about():
    """What the statuses mean, where the data comes from, the licence."""
    return render_template("about.html")

"""The place page: the answer first, its caveats, each substance's rules, sources, history, children, citation."""

from __future__ import annotations

import datetime as dt

from flask import redirect, render_template, url_for

from regstatus.config import STALE_AFTER_DAYS
from regstatus.extensions import db
from regstatus.pages.args import load_or_400
from regstatus.pages.views import bp
from regstatus.schemas.args import AsOfArgs
from regstatus.services import listing_filters as lf
from regstatus.services import lookup
from regstatus.services.answer import EffectiveAnswer

# Advisories shown in full per substance, newest first; older ones are listed by title (keeps a
# federal page light: the US has dozens).
ADVISORIES_IN_FULL = 4


def freshness(last_verified: dt.date | None, today: dt.date) -> dict:
    """When the rules behind an answer were last verified, and whether that is too long ago to trust blindly."""
    if last_verified is None:
        return {"on": None, "stale": True, "days": None}
    days = (today - last_verified).days
    return {"on": last_verified, "stale": days > STALE_AFTER_DAYS, "days": days}


def verified_on(answer: EffectiveAnswer) -> dt.date | None:
    """The oldest verification among the rules the answer rests on (levels that set an activity, and the place's own).

    None when any of them was never verified, so the page warns.
    """
    setters = {c.set_by for c in answer.activities.values() if c.set_by} | {answer.place.code}
    behind = [lvl.version for lvl in answer.levels if lvl.version is not None and lvl.jurisdiction.code in setters]
    dates = [v.last_verified_on for v in behind]
    return None if not dates or None in dates else min(dates)


def _known_at_of(dataset) -> str:
    """The end of the dataset's newest day: a `known_at` that reproduces this record of the place."""
    return f"{dataset.dated.isoformat()}T23:59:59Z"


@bp.get("/jurisdictions/<string:code>")
def jurisdiction(code: str):
    """A place's answer per substance on a date: caveats, activities and the level behind each, sources, history."""
    args = load_or_400(AsOfArgs())
    as_of, known_at = args.get("as_of"), args.get("known_at")
    found = lookup.describe(db.session, code, as_of, known_at)
    if found.jurisdiction.code != code:
        # Only the parameters this page knows: anything else from the query could steer url_for.
        known = {k: v for k, v in (("as_of", as_of), ("known_at", known_at)) if v}
        known = {k: v.isoformat() for k, v in known.items()}
        return redirect(url_for("pages.jurisdiction", code=found.jurisdiction.code, **known), 301)
    j = found.jurisdiction
    past = lookup.history_of(db.session, j).versions
    _page, children = lookup.listing(db.session, as_of=found.as_of, parent=j.code, per_page=500)
    today = lookup.today()
    checked = [freshness(verified_on(a), today) for a in found.effective]
    tiers = [lf.best_tier(a) for a in found.effective]
    # Places within with no rule of their own only repeat the answer above: fold them away (77 Thai provinces).
    all_unknown = bool(children) and all(s["own_status"] == "unknown" for c in children for s in c.statuses)
    timeline: dict[str, list] = {}
    for v in past:
        timeline.setdefault(v.substance.name, []).append(v)
    known_at_text = known_at.isoformat() if known_at else _known_at_of(found.dataset)
    permalink = url_for(
        "pages.jurisdiction", code=j.code, as_of=found.as_of.isoformat(), known_at=known_at_text, _external=True
    )
    json_permalink = url_for(
        "jurisdictions.JurisdictionItem", code=j.code, as_of=found.as_of.isoformat(), known_at=known_at_text
    )
    return render_template(
        "jurisdiction.html",
        d=found,
        history=past,
        timeline=timeline,
        children=children,
        children_unknown=all_unknown,
        chosen_date=as_of,
        known_at=known_at,
        checked=checked,
        tiers=tiers,
        today=today,
        stale_days=STALE_AFTER_DAYS,
        advisories_in_full=ADVISORIES_IN_FULL,
        permalink=permalink,
        json_permalink=json_permalink,
    )

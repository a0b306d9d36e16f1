"""The methodology page: statuses, the derivation table, tiers, confidence, dates, licence, citation, corrections."""

from __future__ import annotations

from flask import render_template

from regstatus.pages.place import STALE_AFTER_DAYS
from regstatus.pages.views import bp
from regstatus.services import dating


@bp.get("/about")
def about():
    """What the statuses mean, how answers are worked out, where the data comes from, the licence."""
    return render_template("about.html", stale_days=STALE_AFTER_DAYS, start_examples=dating.start_examples())

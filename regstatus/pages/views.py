"""The pages blueprint, the values every template sees, the search view (the home page is in home.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from regstatus import vocab
from regstatus.extensions import db
from regstatus.services import dating, lookup, place_names
from regstatus.services.answer import where
from regstatus.services.language import gettext, place_name

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static", static_url_path="/static")


@bp.app_context_processor
def _globals():
    return {
        "status_labels": {status: gettext(label) for status, label in vocab.STATUS_LABELS.items()},
        "name_of": place_name,  # a place's name in the page's language (CLDR's, for countries)
        "where": where,  # a place as it reads after "in"
        "vocab": vocab,
        "dating": dating,  # how a start or an event's date is printed: one definition with the API's
        "license": current_app.config["DATA_LICENSE"],
    }


@bp.get("/search")
def search():
    """Places ranked by how they match, a pointer for the substance's local names, "did you mean" for typos.

    One exact match (a name, alias or code, case and accents aside) with no local-name pointer redirects to
    its page: "texas", "UK" and "US-TX" land there; two exact matches ("georgia") and typos ("texs") list.
    With no place of that name, a city answers: its own page if the dataset has it ("san diego"), else the
    levels above it ("los angeles"); several cities of the name about as large ("springfield") list.
    """
    q = request.args.get("q", "").strip()[:100]
    if not q:
        return redirect(url_for("pages.index"))
    page, briefs = lookup.listing(db.session, q=q, per_page=50)
    found = page.found
    exact = [b for b in briefs if b.match.kind == "exact"]
    if len(exact) == 1 and found.local_name is None:
        return redirect(url_for("pages.jurisdiction", code=exact[0].code))
    city = found.cities.best
    if city is not None and city.own:
        return redirect(url_for("pages.jurisdiction", code=city.code))
    city_answer = place_names.city_answer(db.session, city) if city else None
    names = {b.code: b.name for b in briefs}
    return render_template(
        "search.html",
        q=q,
        page=page,
        results=briefs,
        found=found,
        names=names,
        match_kinds=vocab.MATCH_KINDS,
        city_answer=city_answer,
    )

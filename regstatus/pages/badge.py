"""The status badge, `/badge/{code}.svg`: a place's effective status in words and the date of the data, to embed."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for

from regstatus.errors import NotFoundError, problem
from regstatus.extensions import db
from regstatus.pages import maps
from regstatus.pages.views import bp
from regstatus.services import lookup
from regstatus.vocab import STATUS_LABELS, SUBSTANCES

PAD = 6  # pixels either side of each half's text, as shields.io draws them


@bp.get("/badge/<string:code>.svg")
def badge(code: str):
    """An SVG badge: "kratom in Texas | Regulated · 2026-11-30"; a problem document for an unknown code."""
    substance = maps.substance_or_default(request.args.get("substance"))
    if substance is None:
        detail = f"Substance must be one of: {', '.join(SUBSTANCES)}."
        return problem(400, "Invalid parameter", detail, "invalid-parameter", {"substance": [detail]})
    try:
        found = lookup.describe(db.session, code)
    except NotFoundError as exc:
        # A problem document, not an image: an embed of a wrong code should fail visibly, and say why.
        return problem(404, exc.title, exc.detail, exc.slug, exc.errors(), suggestions=exc.suggestions)
    place = found.jurisdiction
    if place.code != code:
        kept = {"substance": substance} if substance != "kratom" else {}
        return redirect(url_for("pages.badge", code=place.code, **kept), 301)
    answer = next(a for a in found.effective if a.substance.slug == substance)
    label = f"{SUBSTANCES[substance][0]} in {place.code}"
    value = f"{STATUS_LABELS[answer.status]} · {found.dataset.dated.isoformat()}"
    left, right = maps.text_width(label) + 2 * PAD, maps.text_width(value) + 2 * PAD
    svg = render_template(
        "badge.svg",
        label=label,
        value=value,
        status=answer.status,
        title=f"{SUBSTANCES[substance][0]} in {place.name}: {STATUS_LABELS[answer.status]}, "
        f"data of {found.dataset.dated.isoformat()} (regstatus)",
        left=left,
        right=right,
    )
    return Response(svg, mimetype="image/svg+xml")

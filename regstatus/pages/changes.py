"""The changes page: legal changes newest first, filtered by place and substance, with the Atom feed beside it."""

from __future__ import annotations

import math

from flask import render_template, request, url_for

from regstatus.errors import NotFoundError
from regstatus.extensions import db
from regstatus.pages.views import bp
from regstatus.services import changes as change_log
from regstatus.services import jurisdictions as jur
from regstatus.vocab import CHANGE_KINDS, SUBSTANCES

PER_PAGE = 50


@bp.get("/changes")
def changes():
    """Recent legal changes (other kinds on asking): old status -> new, legal and recorded dates, the reason."""
    place = request.args.get("jurisdiction", "").strip()[:64]
    substance = request.args.get("substance", "").strip()
    kind = request.args.get("kind", "").strip()
    errors: dict[str, str] = {}
    suggestions: list[str] = []
    if substance and substance not in SUBSTANCES:
        errors["substance"] = f"Substance must be one of: {', '.join(SUBSTANCES)}."
    if kind and kind not in CHANGE_KINDS and kind != change_log.ALL_KINDS:
        errors["kind"] = f"Kind must be one of: {', '.join(CHANGE_KINDS)}, or {change_log.ALL_KINDS}."
    named = None
    if place:
        try:
            named = jur.get_by_code(db.session, place)
        except NotFoundError as exc:
            errors["jurisdiction"], suggestions = exc.detail, exc.suggestions
    events = []
    if not errors:
        events = change_log.changes(
            db.session, jurisdiction=named.code if named else None, substance=substance or None, kind=kind or None
        )
    pages = max(1, math.ceil(len(events) / PER_PAGE))
    try:
        page = min(max(1, int(request.args.get("page", 1))), pages)
    except ValueError:
        page = 1
    kept = {k: v for k, v in (("jurisdiction", named.code if named else ""), ("substance", substance), ("kind", kind))}
    kept = {k: v for k, v in kept.items() if v and k not in errors}
    return render_template(
        "changes.html",
        events=events[(page - 1) * PER_PAGE : page * PER_PAGE],
        total=len(events),
        page=page,
        pages=pages,
        form={"jurisdiction": place, "substance": substance, "kind": kind},
        named=named,
        errors=errors,
        suggestions=suggestions,
        kinds=CHANGE_KINDS,
        substances=SUBSTANCES,
        link=lambda n: url_for("pages.changes", **kept, **({"page": n} if n > 1 else {})),
        twin=url_for("changes.ChangeList", **kept),
    ), (400 if errors else 200)

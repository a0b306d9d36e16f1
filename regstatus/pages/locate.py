"""The locate page: a latitude and longitude, and the chain of jurisdictions there (the API's /api/v1/locate)."""

from __future__ import annotations

from flask import render_template, request, url_for
from marshmallow import ValidationError

from regstatus.errors import DomainError
from regstatus.extensions import db
from regstatus.pages.args import messages
from regstatus.pages.views import bp
from regstatus.schemas.locate import LocateArgs
from regstatus.services import locate as locator


@bp.get("/locate")
def locate():
    """Which country, state and county contain a point, each level with its status, and the answer there."""
    form = {k: request.args.get(k, "").strip()[:40] for k in ("lat", "lon")}
    errors: dict[str, str] = {}
    found = twin = None
    status = 200
    if form["lat"] or form["lon"]:
        try:
            args = LocateArgs().load({k: v for k, v in form.items() if v})
        except ValidationError as exc:
            errors, status = messages(exc), 400
        else:
            try:
                found = locator.locate(db.session, args["lat"], args["lon"])
            except DomainError as exc:
                errors, status = {exc.field or "lat": exc.detail}, exc.status
            else:
                twin = url_for("locate.Locate", lat=args["lat"], lon=args["lon"])
    return render_template("locate.html", form=form, errors=errors, found=found, twin=twin), status

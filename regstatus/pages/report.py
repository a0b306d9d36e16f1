"""The correction report page: the form (also at the end of every place page), and its post."""

from __future__ import annotations

import re

from flask import current_app, render_template, request
from marshmallow import ValidationError

from regstatus.errors import DomainError, NotFoundError
from regstatus.extensions import db
from regstatus.input_guard import refuse_oversize_body
from regstatus.pages.args import messages
from regstatus.pages.views import bp
from regstatus.schemas.reports import ReportIn
from regstatus.services import lookup
from regstatus.services.reports import filing
from regstatus.services.reports import token as form_token

# Controls a refused post typed are shown back as U+FFFD: the form still shows where they were.
SHOWN_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FIELDS = ("jurisdiction", "substance", "version_id", "message", "evidence_url", "contact", "token", "website")
NO_STORE = {"Cache-Control": "no-store"}


@bp.app_context_processor
def _report_form_globals():
    # A function, so only pages that show the form sign a token.
    return {
        "report_form_token": lambda: form_token.issue(current_app.config["SECRET_KEY"]),
        "report_limits": filing,
    }


def _subject(code: str | None):
    """The place a report is about and its versions, or (None, []) when no such place."""
    if not code:
        return None, []
    try:
        found = lookup.describe(db.session, code, None, None)
    except (NotFoundError, DomainError):
        return None, []
    return found.jurisdiction, found.statuses


def _posted() -> dict[str, str]:
    """The form's fields as typed; `about` (substance:version on a place's form) split into its two fields."""
    form = {name: request.form.get(name, "") for name in FIELDS}
    if "about" in request.form:
        form["about"] = request.form.get("about", "")
        form["substance"], _, form["version_id"] = form["about"].partition(":")
    return form


def _render(form: dict, errors: dict, status: int, receipt=None):
    place, statuses = _subject(form.get("jurisdiction")) if "about" in form else (None, [])
    if "about" in form:  # the place's form shows substance and version as one choice
        for name in ("substance", "version_id"):
            if name in errors:
                errors.setdefault("about", errors.pop(name))
    page = render_template(
        "report.html",
        receipt=receipt,
        report_form={k: SHOWN_CONTROL.sub("\ufffd", v) for k, v in form.items()},
        report_errors=errors,
        report_place=place,
        report_statuses=statuses,
    )
    return page, status, NO_STORE if request.method == "POST" else {}


@bp.route("/report", methods=["GET", "POST"])
def report():
    """GET: the form (prefilled by `jurisdiction`, `substance`, `version_id`); POST: file it, show the reference."""
    if request.method == "GET":
        form = {name: request.args.get(name, "")[: filing.CODE_MAX] for name in ("jurisdiction", "substance")}
        form["version_id"] = request.args.get("version_id", "")[:16]
        place, statuses = _subject(form["jurisdiction"])
        if place is not None:
            form["about"] = f"{form['substance']}:{form['version_id']}" if form["substance"] else ""
        page = render_template(
            "report.html", report_form=form, report_errors={}, report_place=place, report_statuses=statuses
        )
        return page
    refuse_oversize_body(filing.MAX_BODY_BYTES, filing.PayloadTooLarge())
    form = _posted()
    try:
        fields = ReportIn().load({k: v for k, v in form.items() if k in FIELDS and v != ""})
    except ValidationError as exc:
        return _render(form, messages(exc), 400)
    try:
        receipt = filing.file_report(db.session, fields, current_app.config["SECRET_KEY"])
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return _render(form, {exc.field or "message": exc.detail}, exc.status)
    return _render({}, {}, 200, receipt)

"""/api/v1/reports: file a correction report (the service's one write), and the form token it needs."""

from __future__ import annotations

import json

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from regstatus.api.v1.catalog import problem_doc
from regstatus.errors import DomainError
from regstatus.extensions import db
from regstatus.input_guard import refuse_oversize_body
from regstatus.schemas.reports import FormTokenOut, ReceiptOut, ReportIn
from regstatus.services.reports import filing
from regstatus.services.reports import token as form_token

blp = Blueprint(
    "reports",
    __name__,
    url_prefix="/api/v1/reports",
    description="Correction reports: tell the maintainers an answer is wrong, with your evidence",
)

EXAMPLE_REPORT = {
    "jurisdiction": "US-TX",
    "substance": "kratom",
    "message": "The age limit in Texas is 21, not 18: see the statute as amended in 2025.",
    "evidence_url": "https://statutes.capitol.texas.gov/",
    "token": "cmVwb3J0.Z1Ra4A.x0E9b8QnM2pW1kqVb7w6fXk0jQ4",
}
EXAMPLE_RECEIPT = {
    "reference": "R-7K3M9Q2X",
    "status": "new",
    "received_at": "2026-12-07T14:03:11+00:00",
    "jurisdiction": "US-TX",
    "substance": "kratom",
    "version_id": None,
    "next_steps": filing.NEXT_STEPS,
}
EXAMPLE_TOKEN = {
    "token": EXAMPLE_REPORT["token"],
    "issued_at": "2026-12-07T00:00:00+00:00",
    "expires_at": "2026-12-09T00:00:00+00:00",
}


def _problem(status: int, slug: str, title: str, field: str, detail: str) -> dict:
    return {
        "type": f"/api/v1/problems/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": "/api/v1/reports",
        "errors": {field: [detail]},
    }


TOKEN_REFUSED = _problem(
    403,
    "invalid-token",
    "Form token refused",
    "token",
    "The form has expired: reload the page (or ask GET /api/v1/reports/token) and send again.",
)
INVALID_REPORT = {
    **_problem(422, "invalid-parameter", "Invalid parameter", "message", "Shorter than minimum length 10."),
    "detail": "Invalid value for: message.",
}
NOT_JSON = _problem(415, "unsupported-media-type", "Unsupported media type", "body", "Send the report as JSON.")
TOO_LARGE = _problem(
    413, "payload-too-large", "Payload too large", "body", f"A report body is at most {filing.MAX_BODY_BYTES} bytes."
)
MALFORMED = _problem(400, "malformed-body", "Malformed body", "body", "The body is not a JSON object.")


class UnsupportedBody(DomainError):
    """A report body that is not JSON."""

    status = 415
    title = "Unsupported media type"
    slug = "unsupported-media-type"


class MalformedBody(DomainError):
    """A JSON body that does not parse, or is not an object."""

    title = "Malformed body"
    slug = "malformed-body"


@blp.before_request
def _refuse_what_cannot_be_a_report():
    """Before any parsing: too large, not JSON, or not a JSON object; each named `body`, nothing read further."""
    if request.method != "POST":
        return
    data = refuse_oversize_body(filing.MAX_BODY_BYTES, filing.PayloadTooLarge())
    if not request.is_json:
        raise UnsupportedBody("Send the report as JSON (Content-Type: application/json).", "body")
    try:
        # Parsed here first: a body nested thousands deep exhausts the parser's recursion, which
        # werkzeug's get_json would let through as a 500.
        body = json.loads(data)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise MalformedBody("The body is not a JSON object.", "body")


@blp.route("")
class Reports(MethodView):
    """Correction reports."""

    @blp.arguments(ReportIn, location="json", example=EXAMPLE_REPORT)
    @blp.response(201, ReceiptOut, example=EXAMPLE_RECEIPT)
    @blp.alt_response(400, **problem_doc("The body is not a JSON object", MALFORMED))
    @blp.alt_response(403, **problem_doc("The form token is missing its signature or has expired", TOKEN_REFUSED))
    @blp.alt_response(413, **problem_doc("The body is larger than any report can be", TOO_LARGE))
    @blp.alt_response(415, **problem_doc("The body is not JSON", NOT_JSON))
    @blp.alt_response(422, **problem_doc("A field is missing, too long, malformed or unknown", INVALID_REPORT))
    def post(self, fields):
        """Report that an answer is wrong: the place (and substance, version), what is wrong, your evidence.

        Get a `token` from `GET /api/v1/reports/token` first (the page's form carries one). `website` is a
        honeypot and must be left out or empty. The answer carries the report's `reference`; `contact` is
        never published and is purged after a while. Reports are counted per address on top of the general
        limit (`REPORT_RATE_LIMIT`). Nothing is stored unless the whole report is accepted.
        """
        receipt = filing.file_report(db.session, fields, current_app.config["SECRET_KEY"])
        db.session.commit()
        return receipt, 201, {"Cache-Control": "no-store"}


@blp.route("/token")
class ReportToken(MethodView):
    """The form token."""

    @blp.response(200, FormTokenOut, example=EXAMPLE_TOKEN)
    def get(self):
        """Today's form token, to send as `token` with a report; accepted until `expires_at`.

        Every client gets the same token on a day: it shows a report comes from someone who asked this
        service recently, not who they are.
        """
        return {
            "token": form_token.issue(current_app.config["SECRET_KEY"]),
            "issued_at": form_token.issued_at(),
            "expires_at": form_token.expires_at(),
        }

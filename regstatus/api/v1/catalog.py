"""/api/v1/advisories and /api/v1/pending: agency measures and bills, filtered and paginated."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from regstatus.api import PROBLEM_CONTENT_TYPE
from regstatus.api.v1 import paging
from regstatus.api.v1.paging import LINK_HEADER_DOC
from regstatus.extensions import db
from regstatus.schemas.api import ProblemOut
from regstatus.schemas.examples import ADVISORY_PAGE, INVALID_PARAMETER, NOT_FOUND_JURISDICTION, PENDING_PAGE
from regstatus.schemas.publish import AdvisoryArgs, AdvisoryPage, PendingArgs, PendingPage
from regstatus.services.publish import catalog

blp = Blueprint("catalog", __name__, url_prefix="/api/v1", description="Advisories and pending measures")


def problem_doc(description: str, example: dict) -> dict:
    """How an error response is documented: a problem document, with a real example."""
    return {"schema": ProblemOut, "content_type": PROBLEM_CONTENT_TYPE, "description": description, "example": example}


def page_body(found: catalog.Slice, endpoint: str) -> tuple[dict, dict]:
    """A catalog page's body and `Link` header."""
    return paging.page_body(endpoint, found.items, found.total, found.page, found.per_page)


@blp.route("/advisories")
class AdvisoryList(MethodView):
    """Advisories: import alerts, warning letters, consumer warnings, recalls, notices of intent."""

    @blp.arguments(AdvisoryArgs, location="query", as_kwargs=True, unknown=RAISE)
    @blp.response(200, AdvisoryPage, headers=LINK_HEADER_DOC, example=ADVISORY_PAGE)
    @blp.alt_response(400, **problem_doc("A parameter holds a control character", INVALID_PARAMETER))
    @blp.alt_response(404, **problem_doc("Unknown jurisdiction", NOT_FOUND_JURISDICTION))
    def get(self, **filters):
        """Advisories, newest issued first; by place, substance, kind, in effect on a date, or issued since.

        An advisory is an agency measure beside the law; it never changes a status."""
        body, headers = page_body(catalog.advisories(db.session, **filters), "catalog.AdvisoryList")
        return (body, headers) if headers else body


@blp.route("/pending")
class PendingList(MethodView):
    """Bills and proposed rules."""

    @blp.arguments(PendingArgs, location="query", as_kwargs=True, unknown=RAISE)
    @blp.response(200, PendingPage, headers=LINK_HEADER_DOC, example=PENDING_PAGE)
    @blp.alt_response(400, **problem_doc("A parameter holds a control character", INVALID_PARAMETER))
    @blp.alt_response(404, **problem_doc("Unknown jurisdiction", NOT_FOUND_JURISDICTION))
    def get(self, **filters):
        """Pending measures by id; by place, substance, stage reached, open on a date, or moved since a date.

        `stage` is each measure's last stage reached (on `open_on`, when given).
        """
        body, headers = page_body(catalog.pending(db.session, **filters), "catalog.PendingList")
        return (body, headers) if headers else body

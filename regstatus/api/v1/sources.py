"""/api/v1/sources: the documents read, and what each supports."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from regstatus.api.v1.catalog import page_body, problem_doc
from regstatus.api.v1.paging import LINK_HEADER_DOC
from regstatus.extensions import db
from regstatus.input_guard import TEXT_PATTERN
from regstatus.schemas.examples import (
    INVALID_PARAMETER,
    NOT_FOUND_JURISDICTION,
    NOT_FOUND_SOURCE,
    SOURCE_DETAIL,
    SOURCE_PAGE,
)
from regstatus.schemas.publish import SourceArgs, SourceDetail, SourcePage
from regstatus.services import rules
from regstatus.services.publish import catalog

blp = Blueprint("sources", __name__, url_prefix="/api/v1/sources", description="Sources")

ID_PARAMETER = {
    "in": "path",
    "name": "id",
    "description": "The source's id in the dataset (as in seed/sources): the same in every deployment",
    "schema": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": TEXT_PATTERN},
    "example": SOURCE_DETAIL["id"],
}


@blp.route("")
class SourceList(MethodView):
    """Every source document read."""

    @blp.arguments(SourceArgs, location="query", as_kwargs=True, unknown=RAISE)
    @blp.response(200, SourcePage, headers=LINK_HEADER_DOC, example=SOURCE_PAGE)
    @blp.alt_response(400, **problem_doc("A parameter holds a control character", INVALID_PARAMETER))
    @blp.alt_response(404, **problem_doc("Unknown jurisdiction", NOT_FOUND_JURISDICTION))
    def get(self, **filters):
        """Sources by id; by kind, tier, a place whose rows, advisories or measures cite them, publisher.

        "Every tier 1 source for Florida": `?tier=1&jurisdiction=US-FL`.
        """
        body, headers = page_body(catalog.sources(db.session, **filters), "sources.SourceList")
        return (body, headers) if headers else body


@blp.route("/<string:id>", parameters=[ID_PARAMETER])
class SourceItem(MethodView):
    """One source."""

    @blp.response(200, SourceDetail, example=SOURCE_DETAIL)
    @blp.alt_response(400, **problem_doc("A parameter holds a control character", INVALID_PARAMETER))
    @blp.alt_response(404, **problem_doc("No source has this id", NOT_FOUND_SOURCE))
    def get(self, id: str):
        """A source with the rule versions (corrected texts included), advisories and pending measures citing it."""
        found = catalog.source(db.session, id)
        found.dataset = rules.dataset(db.session)
        found.license = current_app.config["DATA_LICENSE"]
        return found

"""/api/v1/jurisdictions: listing, one place on a date, and its history."""

from __future__ import annotations

from flask import current_app, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from regstatus.api.v1.paging import LINK_HEADER_DOC, page_body
from regstatus.extensions import db
from regstatus.input_guard import TEXT_PATTERN
from regstatus.schemas.api import HistoryOut, JurisdictionDetail, JurisdictionPage
from regstatus.schemas.args import AsOfArgs, HistoryArgs, ListArgs
from regstatus.schemas.examples import LISTING_EXAMPLES
from regstatus.services import lookup

blp = Blueprint(
    "jurisdictions", __name__, url_prefix="/api/v1/jurisdictions", description="Jurisdictions and their rules"
)


@blp.route("")
class JurisdictionList(MethodView):
    """Jurisdictions, filtered and paginated."""

    @blp.arguments(ListArgs, location="query", as_kwargs=True)
    @blp.response(200, JurisdictionPage, headers=LINK_HEADER_DOC, examples=LISTING_EXAMPLES)
    def get(self, **filters):
        """List jurisdictions with the answer for each substance.

        `q` finds places by name, alias or code, case and accents aside, typos forgiven; results come best
        first and each carries `match.kind`: `exact`, `local-name` (the query is a name of the substance,
        such as ketum or กระท่อม: `local_name` says where it is used), `prefix`, then `fuzzy` (rapidfuzz
        ratio of at least 80 against a name or a word of it; queries under four letters are not fuzzy).
        When no place is called exactly `q`, `cities` lists the cities of that name (any recorded name, typos
        forgiven; "Springfield, Illinois" narrows) from the GeoNames gazetteer, each with the jurisdiction
        whose answer applies (`code`: the city's own page, else its state or country).

        `status`, `confidence`, `source_tier`, `effective_from`/`effective_to` and `changed_since` filter on
        the answer for `substance` (default kratom) on `as_of`: the levels above composed, as on the place's
        own page. `expand=summary,activities,sources` adds the answer's sentence, per-activity values and
        citations to each substance's entry; `fields=` trims each place to the members named.
        """
        only = filters.pop("fields", None)
        page, briefs = lookup.listing(db.session, **filters)
        for b in briefs:
            b.url = url_for("jurisdictions.JurisdictionItem", code=b.code)
            b.only_fields = only
        as_of = filters.get("as_of") or lookup.today()
        body, headers = page_body(
            "jurisdictions.JurisdictionList", briefs, page.total, page.page, page.per_page, as_of=as_of
        )
        body["local_name"] = page.found.local_name if page.found else None
        body["cities"] = page.found.cities if page.found else None
        return (body, headers) if headers else body


CODE_PARAMETER = {
    "in": "path",
    "name": "code",
    "description": "ISO 3166-1 or 3166-2 code, or a locality code; any case",
    "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": TEXT_PATTERN},
    "example": "TH",
}


@blp.route("/<string:code>", parameters=[CODE_PARAMETER])
class JurisdictionItem(MethodView):
    """One jurisdiction."""

    @blp.arguments(AsOfArgs, location="query", as_kwargs=True)
    @blp.response(200, JurisdictionDetail)
    def get(self, code: str, as_of=None, known_at=None):
        """A jurisdiction's answer per substance on a date: its own rule, and the levels composed per activity.

        `effective` holds, per substance, the status derived from the composed activities (each naming the
        level that set it), minimum age, potency caps, caveats (shown first: disputed, lapsed, not yet
        known or unresearched levels), advisories and pending measures, which never change the status.

        The code is matched without regard to case. Unknown codes answer 404 with close matches.
        """
        found = lookup.describe(db.session, code, as_of, known_at)
        canonical = found.jurisdiction.code
        found.links = {
            "self": url_for("jurisdictions.JurisdictionItem", code=canonical),
            "history": url_for("jurisdictions.JurisdictionHistory", code=canonical),
            "html": url_for("pages.jurisdiction", code=canonical),
        }
        found.license = current_app.config["DATA_LICENSE"]
        return found


@blp.route("/<string:code>/history", parameters=[CODE_PARAMETER])
class JurisdictionHistory(MethodView):
    """Every version recorded for a jurisdiction."""

    @blp.arguments(HistoryArgs, location="query", as_kwargs=True)
    @blp.response(200, HistoryOut)
    def get(self, code: str, substance=None):
        """Every version, oldest legal date first, superseded corrections included, each with its sources."""
        found = lookup.history(db.session, code, substance)
        found.license = current_app.config["DATA_LICENSE"]
        return found

"""/api/v1/ and /api/v1/meta: what the API offers, what the dataset holds, under which licence."""

from __future__ import annotations

from flask import current_app, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields

from regstatus import vocab
from regstatus.api.v1.catalog import problem_doc
from regstatus.extensions import db
from regstatus.schemas.examples import INVALID_PARAMETER, META
from regstatus.schemas.publish import MetaArgs, MetaOut
from regstatus.services import lookup, rules
from regstatus.services.publish import catalog

blp = Blueprint("meta", __name__, url_prefix="/api/v1", description="About the API")


class IndexOut(Schema):
    """Entry points and licence."""

    name = fields.String()
    version = fields.String()
    license = fields.String()
    license_url = fields.String()
    statuses = fields.Dict(keys=fields.String(), values=fields.String())
    activities = fields.Dict(keys=fields.String(), values=fields.String())
    activity_values = fields.Dict(keys=fields.String(), values=fields.String())
    derivation = fields.List(
        fields.Dict(keys=fields.String(), values=fields.String()),
        metadata={"description": "How the status is derived from the composed activities; first match wins"},
    )
    composition = fields.List(
        fields.Dict(keys=fields.String(), values=fields.String()),
        metadata={"description": "How the levels of a place combine into its activities, in the order they apply"},
    )
    condition_kinds = fields.Dict(keys=fields.String(), values=fields.String())
    needs_possession = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "Each activity that needs possession, and its value where a level bans possession"},
    )
    dataset = fields.Dict(keys=fields.String(), values=fields.String())
    links = fields.Dict(keys=fields.String(), values=fields.String())


@blp.route("/")
class Index(MethodView):
    """The API's front door."""

    @blp.response(200, IndexOut)
    def get(self):
        """Links to every collection, the vocabularies, the derivation table, the dataset version and the licence."""
        ds = rules.dataset(db.session)
        return {
            "name": "regstatus",
            "version": "v1",
            "license": current_app.config["DATA_LICENSE"],
            "license_url": current_app.config["DATA_LICENSE_URL"],
            "statuses": vocab.STATUS_MEANINGS,
            "activities": vocab.ACTIVITY_MEANINGS,
            "activity_values": vocab.ACTIVITY_VALUE_MEANINGS,
            "derivation": [{"status": s, "when": when} for s, when in vocab.DERIVATION],
            "composition": [{"rule": name, "what": what} for name, what in vocab.COMPOSITION],
            "condition_kinds": vocab.CONDITION_KINDS,
            "needs_possession": vocab.NEEDS_POSSESSION,
            "dataset": {"version": ds.version, "date": ds.dated.isoformat()},
            "links": {
                "jurisdictions": url_for("jurisdictions.JurisdictionList"),
                "travel": url_for("travel.Travel"),
                "locate": url_for("locate.Locate"),
                "changes": url_for("changes.ChangeList"),
                **collection_links(),
                "openapi": "/api/v1/openapi.json",
            },
        }


def collection_links() -> dict[str, str]:
    """The catalogs, exports and feeds, by name."""
    return {
        "sources": url_for("sources.SourceList"),
        "advisories": url_for("catalog.AdvisoryList"),
        "pending": url_for("catalog.PendingList"),
        "meta": url_for("meta.Meta"),
        "export_csv": url_for("exports.ExportCsv"),
        "export_json": url_for("exports.ExportJson"),
        "export_ndjson": url_for("exports.ExportNdjson"),
        "datapackage": url_for("exports.DataPackage"),
        "changes_feed": url_for("feeds.changes"),
    }


@blp.route("/meta")
class Meta(MethodView):
    """The dataset at a glance."""

    @blp.arguments(MetaArgs, location="query", as_kwargs=True, unknown=RAISE)
    @blp.response(200, MetaOut, example=META)
    @blp.alt_response(400, **problem_doc("A parameter holds a control character", INVALID_PARAMETER))
    def get(self, as_of=None):
        """The dataset at a glance: version, date, counts, licence, newest change and newest verification.

        Counts: places, places researched (with a rule version of their own, a searched-and-nothing-found
        row included), effective statuses per substance on `as_of`, versions, sources, advisories, pending
        measures (and those open on `as_of`), change events. The newest change is the latest on or before
        `as_of` (future-dated events are left out).
        """
        as_of = as_of or lookup.today()
        return {
            "dataset": rules.dataset(db.session),
            "as_of": as_of,
            "counts": catalog.counts(db.session, as_of),
            "license": current_app.config["DATA_LICENSE"],
            "license_url": current_app.config["DATA_LICENSE_URL"],
            "newest_change": catalog.newest_change(db.session, as_of),
            "newest_verification": catalog.newest_verification(db.session),
            "links": {"index": url_for("meta.Index"), **collection_links()},
        }

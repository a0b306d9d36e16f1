"""/api/v1/: what the API offers and under which licence."""

from __future__ import annotations

from flask import current_app, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from regstatus import vocab
from regstatus.extensions import db
from regstatus.services import rules

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
            "dataset": {"version": ds.version, "date": ds.dated.isoformat()},
            "links": {
                "jurisdictions": url_for("jurisdictions.JurisdictionList"),
                "travel": url_for("travel.Travel"),
                "changes": url_for("changes.ChangeList"),
                "openapi": "/api/v1/openapi.json",
            },
        }

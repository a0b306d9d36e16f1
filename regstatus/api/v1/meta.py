"""/api/v1/: what the API offers and under which licence."""

from __future__ import annotations

from flask import current_app, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

blp = Blueprint("meta", __name__, url_prefix="/api/v1", description="About the API")


class IndexOut(Schema):
    """Entry points and licence."""

    name = fields.String()
    version = fields.String()
    license = fields.String()
    license_url = fields.String()
    statuses = fields.Dict(keys=fields.String(), values=fields.String())
    links = fields.Dict(keys=fields.String(), values=fields.String())


STATUS_MEANINGS = {
    "legal": "no kratom-specific control was found in the sources read",
    "regulated": "legal under kratom-specific rules (age limit, labelling, registration, potency caps)",
    "restricted": "partly controlled: prescription only, or supply/import banned while possession is not an offence",
    "banned": "controlled: possession is an offence",
    "disputed": "sources disagree, or the rule is in flux",
    "unknown": "not researched, or no source found",
}


@blp.route("/")
class Index(MethodView):
    """The API's front door."""

    @blp.response(200, IndexOut)
    def get(self):
        """Links to every collection, the status vocabulary and the data licence."""
        return {
            "name": "regstatus",
            "version": "v1",
            "license": current_app.config["DATA_LICENSE"],
            "license_url": current_app.config["DATA_LICENSE_URL"],
            "statuses": STATUS_MEANINGS,
            "links": {
                "jurisdictions": url_for("jurisdictions.JurisdictionList"),
                "openapi": "/api/v1/openapi.json",
            },
        }

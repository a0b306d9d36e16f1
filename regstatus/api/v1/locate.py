"""/api/v1/locate: the jurisdictions containing a point, and their answer."""

from __future__ import annotations

from flask import current_app, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from regstatus.extensions import db
from regstatus.schemas.locate import LocateArgs, LocationOut
from regstatus.services import locate, rules

blp = Blueprint("locate", __name__, url_prefix="/api/v1/locate", description="Jurisdictions at a point")


@blp.route("")
class Locate(MethodView):
    """A point's chain of jurisdictions."""

    @blp.arguments(LocateArgs, location="query", as_kwargs=True)
    @blp.response(200, LocationOut)
    def get(self, lat: float, lon: float, substance: str = "kratom", as_of=None):
        """Which country, state and county (where the dataset has counties) contain the point, and their answer.

        By point-in-polygon on packaged outlines, offline: countries from world-atlas 2.0.2 (Natural Earth
        1:50m), US states and counties from us-atlas 3.0.1 (US Census Bureau 1:10m). `levels` is the chain,
        country first, as in the jurisdiction detail's `effective[].levels`; `status` and `words` are the
        deepest level's answer for `substance`. A point no outline contains is answered by the nearest one
        within 20 km (`offshore_km` says how far: the coasts are coarse, and 20 km is inside the territorial
        sea); farther out at sea it answers 404 naming `lat`. A coordinate missing, out of range or not a
        number answers 422 naming it, as every invalid parameter of this API does.
        """
        found = locate.locate(db.session, lat, lon, substance, as_of)
        code = found.jurisdiction.code
        found.links = {
            "jurisdiction": url_for("jurisdictions.JurisdictionItem", code=code),
            "html": url_for("pages.jurisdiction", code=code),
        }
        found.dataset = rules.dataset(db.session)
        found.license = current_app.config["DATA_LICENSE"]
        return found

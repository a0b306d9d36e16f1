"""/api/v1/travel: a traveler's route checked stop by stop."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from regstatus.extensions import db
from regstatus.schemas.travel import RouteOut, TravelArgs
from regstatus.services.travel import check_route

blp = Blueprint("travel", __name__, url_prefix="/api/v1/travel", description="Route check for travelers")


@blp.route("")
class Travel(MethodView):
    """A route check."""

    @blp.arguments(TravelArgs, location="query", as_kwargs=True)
    @blp.response(200, RouteOut)
    def get(self, **args):
        """May one leave `from` with it, change planes in each `via`, bring it into `to` and possess it there?

        Each stop lists the activities that matter there (origin: export; transit: transit; destination:
        import and possess), each with its composed value, the level that set it and its citation, plus
        the place's caveats and advisories. The verdict is the worst of: `ok` (allowed), `caution`
        (conditions, prescription, a disputed or lapsed level, a level nobody researched), `unknown` (not
        established), `prohibited`.
        """
        route = check_route(
            db.session, args["from_"], args["to"], args.get("via"), args["substance"], args.get("as_of")
        )
        route.license = current_app.config["DATA_LICENSE"]
        return route

"""/api/v1/check: does a product, as its label describes it, pass at a place?"""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from regstatus.extensions import db
from regstatus.schemas.check import CheckArgs, ProductCheckOut
from regstatus.services.product_check import check_label

blp = Blueprint("check", __name__, url_prefix="/api/v1/check", description="Product check against caps and ages")


@blp.route("")
class Check(MethodView):
    """A product check."""

    # A figure that is negative, not a number or over 100% is a bad request (400), naming the field.
    @blp.arguments(CheckArgs, location="query", as_kwargs=True, error_status_code=400)
    @blp.response(200, ProductCheckOut)
    def get(self, **args):
        """Compare a product with every level's recorded caps, age limits and sale rules at a place.

        Each level of the place's answer (country, state, locality) is `fails` (a cited rule bars the
        product: its sale is prohibited, a cap is exceeded, the buyer is too young), `unknown` (the level is
        unresearched, disputed or lapsed, no cap is recorded where sale is allowed under conditions, or a
        cap needs a figure not given) or `passes`; the overall verdict is the worst. A rule that prohibits
        sale and records caps bars only the products above them.
        """
        result = check_label(db.session, args)
        result.license = current_app.config["DATA_LICENSE"]
        return result

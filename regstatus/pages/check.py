"""The product check page: a GET form, and the same answer as /api/v1/check below it."""

from __future__ import annotations

from flask import render_template, request, url_for
from marshmallow import ValidationError

from regstatus.errors import DomainError, NotFoundError
from regstatus.extensions import db
from regstatus.pages.args import messages
from regstatus.pages.views import bp
from regstatus.schemas.check import MAX_AGE, MAX_MG, CheckArgs
from regstatus.services.product_check import check_label
from regstatus.vocab import LABEL_FIGURES

FIELDS = ("place", "product", *LABEL_FIGURES, "buyer_age", "substance", "as_of")
FIGURE_MAX = {"mg_7oh_per_serving": MAX_MG, "pct_7oh_of_alkaloids": 100, "mg_mitragynine_per_serving": MAX_MG}


@bp.get("/check")
def check():
    """Does this label pass here? Each level of the place's answer: passes, fails (cited) or unknown."""
    form = {name: request.args.get(name, "").strip() for name in FIELDS}
    errors: dict[str, str] = {}
    suggestions: dict[str, list[str]] = {}
    result = twin = None
    if form["place"] or form["product"]:
        try:
            args = CheckArgs().load({k: v for k, v in form.items() if v})
        except ValidationError as exc:
            errors = messages(exc)
        else:
            try:
                result = check_label(db.session, args)
            except NotFoundError as exc:
                errors["place"] = exc.detail
                suggestions["place"] = exc.suggestions
            except DomainError as exc:
                errors[exc.field or "place"] = exc.detail
        if result is not None:
            twin = url_for("check.Check", **{k: v for k, v in form.items() if v})
    return (
        render_template(
            "check.html",
            form=form,
            errors=errors,
            suggestions=suggestions,
            result=result,
            twin=twin,
            figures=LABEL_FIGURES,
            figure_max=FIGURE_MAX,
            max_age=MAX_AGE,
        ),
        400 if errors else 200,
    )

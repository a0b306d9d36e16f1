"""/api/v1/changes: legal change events (by default), newest first."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from regstatus.api.v1.paging import LINK_HEADER_DOC, page_body
from regstatus.extensions import db
from regstatus.input_guard import TEXT_PATTERN
from regstatus.schemas.api import PageLinks, PageMeta
from regstatus.schemas.args import ChoiceList, PagedArgs
from regstatus.schemas.changes import ChangeOut
from regstatus.services import changes
from regstatus.vocab import CHANGE_KINDS, LEGAL_CHANGE_KINDS, SUBSTANCES

blp = Blueprint("changes", __name__, url_prefix="/api/v1/changes", description="What changed, and when")


class ChangeArgs(PagedArgs):
    """Filters of the change log."""

    since = fields.Date(
        metadata={
            "description": "Events dated on or after this day (YYYY-MM-DD). A legal event's date is the law's: an "
            "`in-force` date of month or year precision (`date_precision`) is stored as its first day, so it "
            "matches when that first day is in the range; a `recorded` or `corrected` event is dated on the "
            "day the dataset recorded it."
        }
    )
    until = fields.Date(metadata={"description": "Events dated on or before this day (see `since`)"})
    jurisdiction = fields.String(
        validate=[validate.Length(min=2, max=64), validate.Regexp(TEXT_PATTERN)],
        metadata={"description": "Only this place's events (its own, not those of places within it)"},
    )
    substance = fields.String(validate=validate.OneOf(list(SUBSTANCES)))
    kind = ChoiceList(
        [*CHANGE_KINDS, changes.ALL_KINDS],
        metadata={
            "description": "Comma-separated kinds of event; default the legal events ("
            + ", ".join(f"`{k}`" for k in LEGAL_CHANGE_KINDS)
            + "). `kind=recorded,corrected` asks for the dataset's own events, `kind=all` for every kind: "
            + "; ".join(f"`{k}`: {v}" for k, v in CHANGE_KINDS.items())
        },
    )


class ChangePage(Schema):
    """A page of change events."""

    data = fields.List(fields.Nested(ChangeOut))
    meta = fields.Nested(PageMeta)
    links = fields.Nested(PageLinks)
    license = fields.String()


@blp.route("")
class ChangeList(MethodView):
    """The change log."""

    @blp.arguments(ChangeArgs, location="query", as_kwargs=True)
    @blp.response(200, ChangePage, headers=LINK_HEADER_DOC)
    def get(self, page: int, per_page: int, **filters):
        """Legal change events, newest legal date first, with their data dates; filter by date, place, kind.

        By default only legal events, each dated by the law: `in-force` (a version took effect on a date a
        source states: old -> new status, with its `date_precision`), `lapsed`, `advisory` (issued),
        `measure-stage` (a bill or proposed rule reached a stage). `kind=` asks for others: `recorded` (the
        dataset recorded a rule whose legal start no source gives, dated on that day, never a change in
        law), `corrected` (our record was corrected); `kind=all` for every kind. Future-dated events (a law in
        force from next year) are included.
        """
        events = changes.changes(db.session, **filters)
        chunk = events[(page - 1) * per_page : page * per_page]
        body, headers = page_body("changes.ChangeList", chunk, len(events), page, per_page)
        return (body, headers) if headers else body

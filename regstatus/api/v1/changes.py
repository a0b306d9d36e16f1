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
from regstatus.services import changes
from regstatus.vocab import CHANGE_KINDS, DATE_PRECISIONS, LEGAL_CHANGE_KINDS, STATUSES, SUBSTANCES

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


class ChangeOut(Schema):
    """One event: a version in force, a lapse, a correction, an advisory issued, a measure's stage."""

    id = fields.String(attribute="uid", metadata={"description": "Stable across deployments of one dataset"})
    kind = fields.String(metadata={"enum": list(CHANGE_KINDS)})
    jurisdiction = fields.String(attribute="jurisdiction.code")
    name = fields.String(attribute="jurisdiction.name")
    substance = fields.String()
    happened_on = fields.Date(
        metadata={
            "description": "For a legal event (in-force, lapsed, advisory, measure-stage) the legal date: in force, "
            "lapsed, issued, stage reached; for `recorded` and `corrected` the day the dataset recorded it"
        }
    )
    date_precision = fields.String(
        allow_none=True,
        metadata={
            "enum": [*DATE_PRECISIONS, None],
            "description": "For an in-force event, how much of `happened_on` a source states (a month or a year "
            "is given as its first day)",
        },
    )
    recorded_on = fields.Date(metadata={"description": "When the dataset said it"})
    old_status = fields.String(allow_none=True, metadata={"enum": [*STATUSES, None]})
    new_status = fields.String(allow_none=True, metadata={"enum": [*STATUSES, None]})
    version_id = fields.String(attribute="version_uid", allow_none=True)
    previous_version_id = fields.String(attribute="previous_uid", allow_none=True)
    advisory = fields.String(attribute="advisory_key", allow_none=True)
    measure = fields.String(attribute="measure_key", allow_none=True)
    detail = fields.String()
    introduced_in = fields.String(
        allow_none=True, metadata={"description": "The dataset commit that introduced the record behind the event"}
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

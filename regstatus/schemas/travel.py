"""The route check's contract: its query and its answer."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from regstatus.input_guard import TEXT_PATTERN
from regstatus.schemas.api import AdvisoryOut, CaveatOut, ConditionOut, DatasetOut, SourceOut
from regstatus.schemas.contacts import AskOut
from regstatus.schemas.search import CityOut
from regstatus.services.travel import MAX_STOPS, VERDICTS
from regstatus.vocab import ACTIVITY_VALUES, SUBSTANCES


def _code(description: str, **kwargs) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=2, max=64), validate.Regexp(TEXT_PATTERN)],
        metadata={"description": description},
        **kwargs,
    )


class TravelArgs(Schema):
    """Where from, where to, and the stops between."""

    class Meta:
        unknown = EXCLUDE

    from_ = _code("Code or name of the place one leaves (a city works)", data_key="from", required=True)
    to = _code("Code or name of the place one goes to (a locality or city works)", required=True)
    via = fields.List(
        _code("A transit stop (code or name), in order"),
        validate=validate.Length(max=MAX_STOPS),
        metadata={"description": f"Transit stops in order; repeat the parameter (at most {MAX_STOPS})"},
    )
    substance = fields.String(validate=validate.OneOf(list(SUBSTANCES)), load_default="kratom")
    as_of = fields.Date(metadata={"description": "Travel date (YYYY-MM-DD); default today (UTC)."})


class CheckOut(Schema):
    """One activity at one stop."""

    activity = fields.String()
    value = fields.String(metadata={"enum": list(ACTIVITY_VALUES)})
    verdict = fields.String(metadata={"enum": list(VERDICTS)})
    set_by = fields.String(
        allow_none=True,
        metadata={
            "description": "The level whose rule decides the check: the one that set `value` (with `because: "
            "possess`, the one that prohibits possession at this stop). `citation` and `sources` are that level's."
        },
    )
    because = fields.String(
        allow_none=True,
        metadata={"enum": ["possess", None], "description": "`possess`: decided by the stop's possession ban"},
    )
    citation = fields.String(allow_none=True)
    reason = fields.String()
    conditions = fields.List(
        fields.Nested(ConditionOut),
        metadata={"description": "For `conditional`: the recorded conditions, each with its level and citation"},
    )
    sources = fields.List(fields.Nested(SourceOut))


class StopOut(Schema):
    """One stop of the route."""

    role = fields.String(metadata={"enum": ["origin", "transit", "destination"]})
    code = fields.String(attribute="jurisdiction.code")
    name = fields.String(attribute="jurisdiction.name")
    status = fields.String(attribute="answer.status")
    words = fields.String(attribute="answer.words")
    verdict = fields.String(metadata={"enum": list(VERDICTS)})
    checks = fields.List(fields.Nested(CheckOut))
    caveats = fields.List(fields.Nested(CaveatOut), attribute="answer.caveats")
    advisories = fields.List(fields.Nested(AdvisoryOut))
    city = fields.Nested(
        CityOut, allow_none=True, metadata={"description": "The city the stop was named by, if a city name was given"}
    )
    ask = fields.Nested(AskOut, allow_none=True, metadata={"description": "Whom to ask or confirm with at this stop"})


class RouteOut(Schema):
    """A route checked stop by stop, with the overall verdict and its reasons."""

    substance = fields.String()
    as_of = fields.Date()
    verdict = fields.String(metadata={"enum": list(VERDICTS)})
    reasons = fields.List(fields.String())
    stops = fields.List(fields.Nested(StopOut))
    dataset = fields.Nested(DatasetOut)
    license = fields.String()

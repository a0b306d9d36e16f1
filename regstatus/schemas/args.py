"""Query arguments of the JSON API and the pages: one base class, the dates they take, the listing's filters."""

from __future__ import annotations

import datetime as dt

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from webargs.fields import DelimitedList

from regstatus.input_guard import TEXT_PATTERN
from regstatus.vocab import (
    CONFIDENCE,
    EFFECTIVE_FILTER_RULE,
    LEVELS,
    LISTING_EXPANSIONS,
    LISTING_FIELDS,
    SOURCE_TIERS,
    STATUSES,
    SUBSTANCES,
)


class UTCDateTime(fields.DateTime):
    """A stored UTC time, written with its offset (stored values carry no tzinfo)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class BoundedDateTime(fields.DateTime):
    """An ISO 8601 time in the years 1900-2999, so converting it to UTC cannot overflow."""

    # The same bound as a pattern, so the OpenAPI document says what is accepted.
    PATTERN = "^(19|2[0-9])[0-9]{2}-"

    def __init__(self, **kwargs):
        kwargs["metadata"] = {"pattern": self.PATTERN, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= parsed.year <= 2999:
            raise ValidationError("Must be a time in the years 1900 to 2999.")
        return parsed


class ChoiceList(DelimitedList):
    """A comma-separated list of words of one vocabulary, refused with one message naming them."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        super().__init__(fields.String(validate=validate.OneOf(self.choices)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError:
            raise ValidationError(f"Must be a comma-separated list of: {', '.join(self.choices)}.") from None


class QueryArgs(Schema):
    """Base of every query schema.

    Unknown parameters are refused for every route, before its view, by regstatus/input_guard.py: it
    accepts exactly the query parameters the OpenAPI document lists for the route, so a new filter or a
    new endpoint needs only its field here and `@blp.arguments(TheArgs, location="query")` on the view;
    nothing else. An unknown one answers 400 with `errors` keyed by its name; a bad value of a declared
    one answers 422 naming it (webargs). Give every field a validator for its range and length.
    EXCLUDE here only because the guard has already refused anything undeclared.
    """

    class Meta:
        unknown = EXCLUDE


class PagedArgs(QueryArgs):
    """Base of every paginated listing's arguments: one definition of the page size bounds."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class AsOfArgs(QueryArgs):
    """When to answer for."""

    as_of = fields.Date(metadata={"description": "Answer for this legal date (YYYY-MM-DD); default today (UTC)."})
    known_at = BoundedDateTime(
        metadata={"description": "Answer as the record stood at this time (ISO 8601; UTC if no offset); default now."},
    )


class ListArgs(PagedArgs):
    """Filters of the jurisdiction listing."""

    level = fields.String(validate=validate.OneOf(LEVELS))
    parent = fields.String(
        validate=[validate.Length(min=2, max=64), validate.Regexp(TEXT_PATTERN)],
        metadata={"description": "Parent's code"},
    )
    status = fields.String(
        validate=validate.OneOf(STATUSES),
        metadata={"description": "Effective status of `substance` (levels above included)"},
    )
    substance = fields.String(validate=validate.OneOf(list(SUBSTANCES)), load_default="kratom")
    q = fields.String(
        validate=[validate.Length(min=1, max=100), validate.Regexp(TEXT_PATTERN)],
        metadata={"description": "Name, alias or code"},
    )
    as_of = fields.Date(metadata={"description": "Statuses on this date (YYYY-MM-DD); default today (UTC)."})
    changed_since = fields.Date(
        metadata={
            "description": "Places whose answer for `substance` changed from this date to `as_of`: their own rule "
            "took effect or lapsed (legal change events, see /api/v1/changes), or a level above's did and "
            "the place's status moved with it. A rule dated only by in_force_since_at_least or known_since has "
            "no known day it took effect, so it counts as no change."
        }
    )
    effective_from = fields.Date(
        metadata={
            "description": "Places whose own rule in force for `substance` took effect on or after this date. "
            + EFFECTIVE_FILTER_RULE
        }
    )
    effective_to = fields.Date(
        metadata={
            "description": "Places whose own rule in force for `substance` took effect on or before this date "
            "(a range ending before it starts matches nothing; see `effective_from` for dates that are not days)"
        }
    )
    confidence = fields.String(
        validate=validate.OneOf(CONFIDENCE), metadata={"description": "Confidence of the answer for `substance`"}
    )
    source_tier = fields.Integer(
        validate=validate.Range(min=min(SOURCE_TIERS.values()), max=max(SOURCE_TIERS.values())),
        metadata={"description": "Best tier among the sources of the place's own rule for `substance`"},
    )
    expand = ChoiceList(
        LISTING_EXPANSIONS,
        metadata={
            "description": "Comma-separated members to add to each substance's entry: "
            + "; ".join(f"`{k}`: {v}" for k, v in LISTING_EXPANSIONS.items())
        },
    )
    fields_ = ChoiceList(
        LISTING_FIELDS,
        data_key="fields",
        attribute="fields",
        metadata={"description": "Comma-separated members of each listed place to return (`code` always is)"},
    )


class HistoryArgs(QueryArgs):
    """Filter of the history."""

    substance = fields.String(validate=validate.OneOf(list(SUBSTANCES)))

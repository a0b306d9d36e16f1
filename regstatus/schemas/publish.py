"""The contract of the publishing endpoints: sources, advisories, pending measures, exports, meta."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from regstatus.input_guard import TEXT_PATTERN
from regstatus.schemas.api import (
    AdvisoryOut,
    DatasetOut,
    MeasureOut,
    PageLinks,
    PageMeta,
    SourceOut,
    StageOut,
)
from regstatus.schemas.args import PagedArgs, QueryArgs
from regstatus.vocab import (
    ADVISORY_KINDS,
    CHANGE_KINDS,
    CONFIDENCE,
    DATE_PRECISIONS,
    EFFECTIVE_FILTER_RULE,
    EXPORT_COLUMNS,
    LEVELS,
    MEASURE_STAGES,
    SOURCE_KINDS,
    SOURCE_TIERS,
    STATUSES,
    SUBSTANCES,
    precision,
)


def _code(description: str) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=1, max=64), validate.Regexp(TEXT_PATTERN)],
        metadata={"description": description},
    )


class SourceArgs(PagedArgs):
    """Filters of the source catalog."""

    kind = fields.String(validate=validate.OneOf(list(SOURCE_KINDS)), metadata={"description": "Kind of document"})
    tier = fields.Integer(
        validate=validate.Range(min=min(SOURCE_TIERS.values()), max=max(SOURCE_TIERS.values())),
        metadata={"description": "Tier of its kind: 1 (statute, regulation) to 6 (vendor)"},
    )
    jurisdiction = _code("Only sources cited by this place's own rule versions, advisories or measures (any case)")
    publisher = fields.String(
        validate=[validate.Length(min=1, max=100), validate.Regexp(TEXT_PATTERN)],
        metadata={"description": "Part of the publisher's name, any case"},
    )


class SourcedVersionOut(Schema):
    """A rule version that cites the source."""

    version_id = fields.String(attribute="uid", metadata={"description": "Stable id of the version"})
    jurisdiction = fields.String(attribute="jurisdiction.code")
    substance = fields.String(attribute="substance.slug", metadata={"enum": list(SUBSTANCES)})
    status = fields.String(metadata={"enum": list(STATUSES)})
    effective_from = fields.Date(allow_none=True)
    date_precision = fields.Function(
        precision,
        allow_none=True,
        metadata={"type": ["string", "null"], "enum": [*DATE_PRECISIONS, None], "description": "With effective_from"},
    )
    in_force_since_at_least = fields.Date(allow_none=True)
    known_since = fields.Date(allow_none=True)
    citation = fields.String(allow_none=True)
    current = fields.Function(
        lambda v: v.superseded_at is None,
        metadata={"type": "boolean", "description": "False for a text a correction replaced"},
    )


class SourcedItemOut(Schema):
    """An advisory or pending measure that cites the source."""

    id = fields.String(attribute="key")
    jurisdiction = fields.String(attribute="jurisdiction.code")
    substances = fields.List(fields.String())
    kind = fields.String()
    title = fields.String()


class SourceDetail(SourceOut):
    """A source with everything it supports."""

    notes = fields.String(allow_none=True)
    versions = fields.List(fields.Nested(SourcedVersionOut), metadata={"description": "Rule versions citing it"})
    advisories = fields.List(fields.Nested(SourcedItemOut))
    pending = fields.List(fields.Nested(SourcedItemOut))
    governs = fields.Function(
        lambda s: [g.territory.code for g in s.governance],
        metadata={
            "type": "array",
            "items": {"type": "string"},
            "description": "Territories it shows answering through another state's law",
        },
    )
    dataset = fields.Nested(DatasetOut)
    license = fields.String()


class SourcePage(Schema):
    """A page of sources, by id."""

    data = fields.List(fields.Nested(SourceOut))
    meta = fields.Nested(PageMeta)
    links = fields.Nested(PageLinks)
    license = fields.String()


class AdvisoryArgs(PagedArgs):
    """Filters of the advisory catalog."""

    jurisdiction = _code("Only advisories of this place (not of places above or within it; any case)")
    substance = fields.String(validate=validate.OneOf(list(SUBSTANCES)))
    kind = fields.String(validate=validate.OneOf(list(ADVISORY_KINDS)))
    active_on = fields.Date(metadata={"description": "Only advisories issued by and not ended on this date"})
    since = fields.Date(metadata={"description": "Only advisories issued on or after this date"})


class AdvisoryPage(Schema):
    """A page of advisories, newest issued first."""

    data = fields.List(fields.Nested(AdvisoryOut))
    meta = fields.Nested(PageMeta)
    links = fields.Nested(PageLinks)
    license = fields.String()


class PendingArgs(PagedArgs):
    """Filters of the pending-measure catalog."""

    jurisdiction = _code("Only measures of this place (any case)")
    substance = fields.String(validate=validate.OneOf(list(SUBSTANCES)))
    stage = fields.String(
        validate=validate.OneOf(list(MEASURE_STAGES)),
        metadata={"description": "Only measures whose last stage (by `open_on`, if given) is this one"},
    )
    open_on = fields.Date(metadata={"description": "Only measures filed by and not closed on this date"})
    since = fields.Date(metadata={"description": "Only measures that reached a stage on or after this date"})


class PendingOut(MeasureOut):
    """A pending measure with the stage it stood at."""

    stage = fields.Nested(StageOut, allow_none=True, metadata={"description": "Last stage (by `open_on`, if given)"})


class PendingPage(Schema):
    """A page of pending measures, by id."""

    data = fields.List(fields.Nested(PendingOut))
    meta = fields.Nested(PageMeta)
    links = fields.Nested(PageLinks)
    license = fields.String()


class ExportArgs(QueryArgs):
    """What to export."""

    as_of = fields.Date(
        metadata={
            "description": "Answers for this legal date (YYYY-MM-DD); default today (UTC). With history=1: only "
            "versions that started by then"
        }
    )
    history = fields.Boolean(
        load_default=False,
        metadata={"description": "1: every recorded version (corrections included) instead of current answers"},
    )
    level = fields.String(validate=validate.OneOf(LEVELS))
    parent = _code("Only places directly under this code")
    substance = fields.String(validate=validate.OneOf(list(SUBSTANCES)), metadata={"description": "Default: all"})
    status = fields.String(
        validate=validate.OneOf(STATUSES),
        metadata={"description": "Only rows with this status (the answer's; with history=1 the version's)"},
    )
    confidence = fields.String(
        validate=validate.OneOf(CONFIDENCE),
        metadata={"description": "Only rows of this confidence (the answer's; with history=1 the version's)"},
    )
    source_tier = fields.Integer(
        validate=validate.Range(min=min(SOURCE_TIERS.values()), max=max(SOURCE_TIERS.values())),
        metadata={"description": "Only rows whose own rule's best source has this tier"},
    )
    effective_from = fields.Date(
        metadata={"description": "Only rows whose own rule took effect on or after this date. " + EFFECTIVE_FILTER_RULE}
    )
    effective_to = fields.Date(
        metadata={"description": "Only rows whose own rule took effect on or before this date (see effective_from)"}
    )
    changed_since = fields.Date(
        metadata={
            "description": "Only places whose answer changed from this date to `as_of`, as in the jurisdiction "
            "listing (with history=1: versions that started on or after it)"
        }
    )


def _export_field(column) -> fields.Field:
    meta = {"description": column.description}
    if column.enum:
        meta["enum"] = [*column.enum, None]
    if column.is_list:
        return fields.List(fields.String(), metadata=meta)
    kind = {"integer": fields.Integer, "date": fields.Date}.get(column.type, fields.String)
    return kind(allow_none=True, metadata=meta)


# One row of the JSON and NDJSON exports; the CSV has the same columns in the same order.
ExportRow = Schema.from_dict({c.name: _export_field(c) for c in EXPORT_COLUMNS}, name="ExportRow")


class ExportOut(Schema):
    """The JSON export: dataset, date, licence and every row."""

    dataset = fields.Nested(DatasetOut)
    as_of = fields.Date(allow_none=True)
    history = fields.Boolean()
    license = fields.String()
    columns = fields.List(fields.String())
    data = fields.List(fields.Nested(ExportRow))


class DataPackageOut(Schema):
    """A Frictionless Data Package (https://specs.frictionlessdata.io/data-package/)."""

    profile = fields.String()
    name = fields.String()
    title = fields.String()
    version = fields.String(metadata={"description": "The dataset version"})
    created = fields.String(metadata={"description": "The dataset's date (newest date it records), at midnight UTC"})
    licenses = fields.List(fields.Dict(keys=fields.String(), values=fields.String()))
    resources = fields.List(
        fields.Dict(keys=fields.String()),
        metadata={"description": "The CSV export, its dialect and its Table Schema (the columns)"},
    )


class MetaArgs(QueryArgs):
    """When to count statuses."""

    as_of = fields.Date(metadata={"description": "Count effective statuses on this legal date; default today (UTC)"})


class EventBrief(Schema):
    """A change event, briefly."""

    id = fields.String(attribute="uid")
    kind = fields.String(metadata={"enum": list(CHANGE_KINDS)})
    jurisdiction = fields.String(attribute="jurisdiction.code")
    substance = fields.String()
    happened_on = fields.Date()
    recorded_on = fields.Date()
    detail = fields.String()


class VerifiedBrief(Schema):
    """The version verified most recently."""

    version_id = fields.String(attribute="uid")
    jurisdiction = fields.String(attribute="jurisdiction.code")
    substance = fields.String(attribute="substance.slug")
    last_verified_on = fields.Date()


class CountsOut(Schema):
    """How much the dataset holds."""

    jurisdictions = fields.Integer(metadata={"description": "Every place, researched or not"})
    researched = fields.Integer(metadata={"description": "Places with at least one rule version of their own"})
    statuses = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.Integer()),
        metadata={"description": "Per substance, how many places have each effective status on `as_of`"},
    )
    versions = fields.Integer(metadata={"description": "Rule versions, corrected texts included"})
    sources = fields.Integer()
    advisories = fields.Integer()
    pending = fields.Integer(metadata={"description": "Bills and proposed rules recorded"})
    pending_open = fields.Integer(metadata={"description": "Of those, open on `as_of`"})
    changes = fields.Integer(metadata={"description": "Legal change events (those /api/v1/changes lists by default)"})


class MetaOut(Schema):
    """The dataset: version, date, counts, licence, newest change and verification."""

    dataset = fields.Nested(DatasetOut)
    as_of = fields.Date()
    counts = fields.Nested(CountsOut)
    license = fields.String()
    license_url = fields.String()
    newest_change = fields.Nested(EventBrief, allow_none=True, metadata={"description": "Latest on or before as_of"})
    newest_verification = fields.Nested(VerifiedBrief, allow_none=True)
    links = fields.Dict(keys=fields.String(), values=fields.String())

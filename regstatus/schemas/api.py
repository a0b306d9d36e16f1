"""The JSON API contract: query arguments and response bodies of /api/v1."""

from __future__ import annotations

import datetime as dt

from marshmallow import EXCLUDE, Schema, fields, validate

from regstatus.models.jurisdiction import LEVELS
from regstatus.models.rule import STATUSES
from regstatus.schemas.seed import SUBSTANCES


class UTCDateTime(fields.DateTime):
    """A stored UTC time, written with its offset (stored values carry no tzinfo)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class _Args(Schema):
    class Meta:
        unknown = EXCLUDE


class AsOfArgs(_Args):
    """When to answer for."""

    as_of = fields.Date(metadata={"description": "Answer for this legal date (YYYY-MM-DD); default today (UTC)."})
    known_at = fields.DateTime(
        metadata={"description": "Answer as the record stood at this time (ISO 8601; UTC if no offset); default now."},
    )


class ListArgs(_Args):
    """Filters of the jurisdiction listing."""

    level = fields.String(validate=validate.OneOf(LEVELS))
    parent = fields.String(validate=validate.Length(min=2, max=64), metadata={"description": "Parent's code"})
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "Status of `substance`"})
    substance = fields.String(validate=validate.OneOf(SUBSTANCES), load_default="kratom")
    q = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "Name, alias or code"})
    as_of = fields.Date(metadata={"description": "Statuses on this date (YYYY-MM-DD); default today (UTC)."})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class HistoryArgs(_Args):
    """Filter of the history."""

    substance = fields.String(validate=validate.OneOf(SUBSTANCES))


class SourceOut(Schema):
    """A source a status cites."""

    id = fields.String(attribute="key", required=True)
    url = fields.String(required=True)
    title = fields.String(required=True)
    publisher = fields.String(required=True)
    kind = fields.String(required=True)
    tier = fields.Integer(required=True, metadata={"description": "1 (statute) .. 6 (vendor)"})
    published_on = fields.Date(allow_none=True)
    accessed_on = fields.Date(required=True)
    archive_url = fields.String(allow_none=True)
    language = fields.String(allow_none=True)


class ThresholdOut(Schema):
    """A potency cap."""

    analyte = fields.String(required=True)
    max = fields.Float(required=True)
    unit = fields.String(required=True)
    note = fields.String()


class ActivitiesOut(Schema):
    """What is allowed per activity: allowed | restricted | prohibited | unknown, or null if not recorded."""

    possess = fields.String(allow_none=True)
    buy = fields.String(allow_none=True)
    sell = fields.String(allow_none=True)
    import_ = fields.String(data_key="import", attribute="import", allow_none=True)
    cultivate = fields.String(allow_none=True)


class StatusOut(Schema):
    """One substance's status: one rule version."""

    version_id = fields.Integer(attribute="id", allow_none=True)
    substance = fields.String(attribute="substance.slug", required=True)
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    summary = fields.String(required=True)
    effective_from = fields.Date(allow_none=True)
    effective_to = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    activities = fields.Nested(ActivitiesOut)
    min_age = fields.Integer(allow_none=True)
    thresholds = fields.List(fields.Nested(ThresholdOut))
    citation = fields.String(allow_none=True)
    enforcement = fields.String(allow_none=True)
    preemption = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)
    confidence = fields.String(allow_none=True)
    last_verified_on = fields.Date(allow_none=True)
    verified_by = fields.String(allow_none=True)
    recorded_at = UTCDateTime(allow_none=True)
    superseded_at = UTCDateTime(allow_none=True)
    sources = fields.List(fields.Nested(SourceOut))


class LevelOut(Schema):
    """One level of the country -> subdivision -> locality chain."""

    code = fields.String(attribute="jurisdiction.code")
    level = fields.String(attribute="jurisdiction.level")
    status = fields.String()


class EffectiveOut(Schema):
    """The combined answer for a substance at a place."""

    substance = fields.String(attribute="substance.slug")
    status = fields.String(metadata={"description": "The strictest known status along the chain"})
    determined_by = fields.Function(lambda a: a.determined_by.code if a.determined_by else None, allow_none=True)
    levels = fields.List(fields.Nested(LevelOut))
    preemption = fields.List(fields.String())


class StatusBrief(Schema):
    """A substance's status in a listing."""

    substance = fields.String()
    status = fields.String()
    effective_from = fields.Date(allow_none=True)
    last_verified_on = fields.Date(allow_none=True)


class JurisdictionBrief(Schema):
    """A jurisdiction in a listing."""

    code = fields.String(required=True)
    name = fields.String(required=True)
    level = fields.String(required=True)
    kind = fields.String(allow_none=True)
    parent = fields.Function(lambda j: j.parent.code if j.parent else None, allow_none=True)
    statuses = fields.List(fields.Nested(StatusBrief))
    url = fields.String()


class PageMeta(Schema):
    """Where a page stands in the listing."""

    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()
    as_of = fields.Date()


class PageLinks(Schema):
    """Links to this, the next and the previous page."""

    self = fields.String()
    next = fields.String(allow_none=True)
    prev = fields.String(allow_none=True)


class JurisdictionPage(Schema):
    """A page of jurisdictions."""

    data = fields.List(fields.Nested(JurisdictionBrief))
    meta = fields.Nested(PageMeta)
    links = fields.Nested(PageLinks)
    license = fields.String()


class JurisdictionDetail(Schema):
    """A jurisdiction with its status per substance on a date."""

    code = fields.String(attribute="jurisdiction.code", required=True)
    name = fields.String(attribute="jurisdiction.name", required=True)
    official_name = fields.String(attribute="jurisdiction.official_name", allow_none=True)
    level = fields.String(attribute="jurisdiction.level", required=True)
    kind = fields.String(attribute="jurisdiction.kind", allow_none=True)
    parent = fields.Function(lambda r: r.jurisdiction.parent.code if r.jurisdiction.parent else None, allow_none=True)
    ocd_id = fields.String(attribute="jurisdiction.ocd_id", allow_none=True)
    aliases = fields.List(fields.String())
    as_of = fields.Date()
    known_at = UTCDateTime(allow_none=True)
    statuses = fields.List(fields.Nested(StatusOut))
    effective = fields.List(fields.Nested(EffectiveOut))
    children = fields.Function(lambda r: [c.code for c in r.jurisdiction.children])
    links = fields.Dict(keys=fields.String(), values=fields.String())
    license = fields.String()


class HistoryOut(Schema):
    """Every version recorded for a jurisdiction."""

    code = fields.String(attribute="jurisdiction.code")
    name = fields.String(attribute="jurisdiction.name")
    versions = fields.List(fields.Nested(StatusOut))
    license = fields.String()


class ProblemOut(Schema):
    """RFC 9457 problem details, the one error shape of the API."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String()
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per parameter or field at fault"},
    )
    suggestions = fields.List(fields.String(), metadata={"description": "Close matches, on a 404"})

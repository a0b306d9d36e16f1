"""One change event as the API, the feeds and the agent tools give it."""

from __future__ import annotations

from marshmallow import Schema, fields

from regstatus.vocab import CHANGE_KINDS, DATE_PRECISIONS, STATUSES


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

"""The locate endpoint's contract: a point, and the chain of jurisdictions containing it."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from regstatus.schemas.api import DatasetOut, LevelOut
from regstatus.vocab import STATUSES, SUBSTANCES


class LocateArgs(Schema):
    """A point in decimal degrees (WGS 84)."""

    class Meta:
        unknown = EXCLUDE

    lat = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=-90, max=90),
        metadata={"description": "Latitude, -90 to 90", "example": 13.75},
    )
    lon = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=-180, max=180),
        metadata={"description": "Longitude, -180 to 180", "example": 100.5},
    )
    substance = fields.String(validate=validate.OneOf(list(SUBSTANCES)), load_default="kratom")
    as_of = fields.Date(metadata={"description": "Answer for this legal date (YYYY-MM-DD); default today (UTC)."})


class CountyOut(Schema):
    """The census county containing a US point."""

    fips = fields.String(metadata={"description": "Five-digit FIPS code"})
    name = fields.String(metadata={"description": "The county's name without 'County'"})
    code = fields.String(allow_none=True, metadata={"description": "The dataset's locality code, if it has the county"})


class LocationOut(Schema):
    """The jurisdictions at a point, country first, and the deepest one's answer."""

    lat = fields.Float()
    lon = fields.Float()
    code = fields.String(attribute="jurisdiction.code", metadata={"description": "The deepest level the dataset has"})
    name = fields.String(attribute="jurisdiction.name")
    level = fields.String(attribute="jurisdiction.level")
    county = fields.Nested(CountyOut, allow_none=True)
    offshore_km = fields.Integer(
        metadata={
            "description": "0 when an outline contains the point; else the distance (2, 5, 10 or 20 km) at which "
            "the nearest outline was found (the 1:50m coasts are coarse; 20 km is inside the territorial sea)"
        }
    )
    substance = fields.String(attribute="answer.substance.slug")
    status = fields.String(attribute="answer.status", metadata={"enum": list(STATUSES)})
    words = fields.String(attribute="answer.words")
    levels = fields.List(fields.Nested(LevelOut), attribute="answer.levels")
    links = fields.Dict(keys=fields.String(), values=fields.String())
    dataset = fields.Nested(DatasetOut)
    license = fields.String()

"""Schemas of the seed files (see seed/README.md); they validate and normalise one record each."""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema

from regstatus.models.rule import ACTIVITY_RULES, CONFIDENCE, STATUSES
from regstatus.models.source import SOURCE_TIERS

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")
CODE = re.compile(r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?(-[A-Za-z0-9]+)*$")
LOCALITY_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}(-[A-Z0-9]+)+$")
SUBSTANCES = ("kratom", "7-oh")
LOCALITY_KINDS = ("city", "county", "town", "municipality", "district", "borough", "parish", "village")
ANALYTES = ("7-oh", "mitragynine", "total-alkaloids")
UNITS = ("pct_alkaloid_fraction", "pct_weight", "mg_per_serving", "mg_per_package")


def _str(required: bool = False, max_len: int = 4000) -> fields.String:
    return fields.String(required=required, validate=validate.Length(min=1, max=max_len))


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class SourceRecord(_Strict):
    """One entry of sources/*.yaml."""

    id = fields.String(required=True, validate=validate.Regexp(SOURCE_ID, error="use 3-80 of a-z, 0-9 and -"))
    url = fields.Url(required=True, schemes={"http", "https"})
    title = _str(True, 500)
    publisher = _str(True, 300)
    kind = fields.String(required=True, validate=validate.OneOf(sorted(SOURCE_TIERS)))
    published_on = fields.Date()
    accessed_on = fields.Date(required=True)
    archive_url = fields.Url(schemes={"http", "https"})
    language = fields.String(validate=validate.Regexp(r"^[a-z]{2}$", error="use an ISO 639-1 code"))
    notes = _str()

    @validates_schema
    def _dates(self, data, **_kwargs):
        if data.get("accessed_on") and data["accessed_on"] > dt.date.today():
            raise ValidationError("a source cannot be read in the future", "accessed_on")


class JurisdictionRecord(_Strict):
    """One entry of jurisdictions/*.yaml."""

    code = fields.String(required=True, validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    name = _str(max_len=200)
    aliases = fields.List(_str(max_len=200))
    ocd_id = fields.String(validate=validate.Regexp(r"^ocd-division/country:[a-z]{2}(/[a-z_]+:[^/\s]+)*$"))
    level = fields.String(validate=validate.OneOf(["locality"]))
    parent = fields.String(validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    kind = fields.String(validate=validate.OneOf(LOCALITY_KINDS))

    @validates_schema
    def _locality(self, data, **_kwargs):
        if data.get("level") != "locality":
            for key in ("parent", "kind"):
                if key in data:
                    raise ValidationError("only a locality record sets this", key)
            return
        for key in ("parent", "name", "kind"):
            if key not in data:
                raise ValidationError("a locality needs it", key)
        code, parent = data["code"].upper(), data["parent"].upper()
        if not LOCALITY_CODE.match(code) or not code.startswith(parent + "-"):
            raise ValidationError(f"a locality code is its parent's code, a hyphen and a slug ({parent}-NAME)", "code")

    @post_load
    def _upper(self, data, **_kwargs):
        data["code"] = data["code"].upper()
        if "parent" in data:
            data["parent"] = data["parent"].upper()
        return data


class ActivitiesRecord(_Strict):
    """Per-activity rules of a rule record."""

    possess = fields.String(validate=validate.OneOf(ACTIVITY_RULES))
    buy = fields.String(validate=validate.OneOf(ACTIVITY_RULES))
    sell = fields.String(validate=validate.OneOf(ACTIVITY_RULES))
    import_ = fields.String(data_key="import", validate=validate.OneOf(ACTIVITY_RULES))
    cultivate = fields.String(validate=validate.OneOf(ACTIVITY_RULES))


class ThresholdRecord(_Strict):
    """A potency cap."""

    analyte = fields.String(required=True, validate=validate.OneOf(ANALYTES))
    max = fields.Float(required=True, validate=validate.Range(min=0))
    unit = fields.String(required=True, validate=validate.OneOf(UNITS))
    note = _str(max_len=500)


class RuleRecord(_Strict):
    """One entry of rules/*.yaml: one version of one substance's status in one jurisdiction."""

    jurisdiction = fields.String(required=True, validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    substance = fields.String(required=True, validate=validate.OneOf(SUBSTANCES))
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    effective_from = fields.Date()
    effective_to = fields.Date()
    expires_on = fields.Date()
    summary = _str(True, 1000)
    activities = fields.Nested(ActivitiesRecord)
    min_age = fields.Integer(strict=True, validate=validate.Range(min=0, max=99))
    thresholds = fields.List(fields.Nested(ThresholdRecord))
    citation = _str(max_len=1000)
    enforcement = _str()
    preemption = _str()
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE))
    last_verified_on = fields.Date()
    verified_by = _str(max_len=200)
    sources = fields.List(fields.String(validate=validate.Regexp(SOURCE_ID, error="not a source id")))
    notes = _str()

    @validates_schema
    def _consistency(self, data, **_kwargs):
        if data.get("status") != "unknown" and not data.get("sources"):
            raise ValidationError("a row with a status other than unknown cites at least one source", "sources")
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end <= start:
            raise ValidationError("must be after effective_from", "effective_to")
        if data.get("last_verified_on"):
            if data["last_verified_on"] > dt.date.today():
                raise ValidationError("cannot be in the future", "last_verified_on")
            if not data.get("verified_by"):
                raise ValidationError("say who verified the row", "verified_by")
        elif data.get("verified_by"):
            raise ValidationError("verified_by needs a last_verified_on date", "last_verified_on")

    @post_load
    def _normalise(self, data, **_kwargs):
        data["jurisdiction"] = data["jurisdiction"].upper()
        activities = data.pop("activities", {}) or {}
        for name in ("possess", "buy", "sell", "import_", "cultivate"):
            data[name] = activities.get(name)
        data["thresholds"] = data.get("thresholds") or []
        data["sources"] = data.get("sources") or []
        return data

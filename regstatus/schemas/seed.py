"""Schemas of the seed files (see seed/README.md); they validate and normalise one record each."""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema

from regstatus.vocab import (
    ACTIVITIES,
    ACTIVITY_VALUES,
    ADVISORY_KINDS,
    CONDITION_KINDS,
    CONFIDENCE,
    CONTACT_ROLES,
    DATE_PRECISIONS,
    DEFAULT_PRECISION,
    LOCALITY_KINDS,
    MEASURE_KINDS,
    MEASURE_STAGES,
    OWN_DRUG_LAW,
    SOURCE_TIERS,
    START_KINDS,
    STATUSES,
    SUBSTANCES,
)

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")
CODE = re.compile(r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?(-[A-Za-z0-9]+)*$")
LOCALITY_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}(-[A-Z0-9]+)+$")
ANALYTES = ("7-oh", "mitragynine", "total-alkaloids")
UNITS = ("pct_alkaloid_fraction", "pct_weight", "mg_per_serving", "mg_per_package")


# PostgreSQL refuses NUL in text, and no other control character belongs in a record (tabs and newlines do).
_NO_CONTROL = validate.Regexp(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$", error="contains a control character")


def _str(required: bool = False, max_len: int = 4000) -> fields.String:
    return fields.String(required=required, validate=[validate.Length(min=1, max=max_len), _NO_CONTROL])


def _url(required: bool = False) -> fields.Url:
    # The columns hold 2000 characters on both engines.
    return fields.Url(required=required, schemes={"http", "https"}, validate=validate.Length(max=2000))


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class SourceRecord(_Strict):
    """One entry of sources/*.yaml."""

    id = fields.String(required=True, validate=validate.Regexp(SOURCE_ID, error="use 3-80 of a-z, 0-9 and -"))
    url = _url(required=True)
    title = _str(True, 500)
    publisher = _str(True, 300)
    kind = fields.String(required=True, validate=validate.OneOf(sorted(SOURCE_TIERS)))
    published_on = fields.Date()
    accessed_on = fields.Date(required=True)
    archive_url = _url()
    language = fields.String(validate=validate.Regexp(r"^[a-z]{2}$", error="use an ISO 639-1 code"))
    notes = _str()
    # Read while researching these places, but supports none of their records: kept so nobody
    # searches for it twice, never cited as support.
    consulted_for = fields.List(fields.String(validate=validate.Regexp(CODE, error="not a jurisdiction code")))

    @validates_schema
    def _dates(self, data, **_kwargs):
        if data.get("accessed_on") and data["accessed_on"] > dt.date.today():
            raise ValidationError("a source cannot be read in the future", "accessed_on")


class GovernanceRecord(_Strict):
    """`governed_by` of a jurisdiction record: another state's law applies in this territory."""

    state = fields.String(required=True, validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    own_drug_law = fields.String(required=True, validate=validate.OneOf(OWN_DRUG_LAW))
    summary = _str(True, 1000)
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE))
    recorded_on = fields.Date(required=True)
    sources = fields.List(
        fields.String(validate=validate.Regexp(SOURCE_ID, error="not a source id")),
        required=True,
        validate=validate.Length(min=1, error="cite at least one source"),
    )

    @validates_schema
    def _dates(self, data, **_kwargs):
        if data.get("recorded_on") and data["recorded_on"] > dt.date.today():
            raise ValidationError("cannot be in the future", "recorded_on")

    @post_load
    def _upper(self, data, **_kwargs):
        data["state"] = data["state"].upper()
        return data


class JurisdictionRecord(_Strict):
    """One entry of jurisdictions/*.yaml."""

    code = fields.String(required=True, validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    name = _str(max_len=200)
    aliases = fields.List(_str(max_len=200))
    ocd_id = fields.String(validate=validate.Regexp(r"^ocd-division/country:[a-z]{2}(/[a-z_]+:[^/\s]+)*$"))
    level = fields.String(validate=validate.OneOf(["locality"]))
    parent = fields.String(validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    kind = fields.String(validate=validate.OneOf(LOCALITY_KINDS))
    governed_by = fields.Nested(GovernanceRecord)

    @validates_schema
    def _locality(self, data, **_kwargs):
        if data.get("level") == "locality" and "governed_by" in data:
            raise ValidationError("a locality answers through its parent already", "governed_by")
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


# Per-activity values of a rule record, one field per activity of the vocabulary.
ActivitiesRecord = _Strict.from_dict(
    {a: fields.String(validate=validate.OneOf(ACTIVITY_VALUES)) for a in ACTIVITIES}, name="ActivitiesRecord"
)


class ThresholdRecord(_Strict):
    """A potency cap."""

    analyte = fields.String(required=True, validate=validate.OneOf(ANALYTES))
    max = fields.Float(required=True, validate=validate.Range(min=0))
    unit = fields.String(required=True, validate=validate.OneOf(UNITS))
    note = _str(max_len=500)


class ConditionRecord(_Strict):
    """A named condition of a rule record: what one must meet for some of its activities."""

    kind = fields.String(required=True, validate=validate.OneOf([k for k in CONDITION_KINDS if k != "age"]))
    activities = fields.List(
        fields.String(validate=validate.OneOf(ACTIVITIES)), required=True, validate=validate.Length(min=1)
    )
    text = _str(True, 1000)
    amount = fields.Float(validate=validate.Range(min=0))
    unit = _str(max_len=50)
    sources = fields.List(
        fields.String(validate=validate.Regexp(SOURCE_ID, error="not a source id")),
        required=True,
        validate=validate.Length(min=1, error="name the sources among the row's that state it"),
    )

    @validates_schema
    def _amount(self, data, **_kwargs):
        if ("amount" in data) != ("unit" in data):
            raise ValidationError("give amount and unit together", "unit" if "amount" in data else "amount")
        if data.get("kind") == "product-cap" and data.get("unit") in UNITS:
            raise ValidationError("a cap in this unit is a threshold: write it under thresholds", "unit")


def _check_precision(data: dict) -> None:
    """date_precision qualifies effective_from, and a month or year date is stored as its first day."""
    prec, day = data.get("date_precision"), data.get("effective_from")
    if prec is None:
        return
    if day is None:
        raise ValidationError("date_precision qualifies effective_from: give effective_from too", "date_precision")
    if prec == "month" and day.day != 1:
        raise ValidationError(
            "a month-precision date is written as the month's first day (YYYY-MM-01)", "effective_from"
        )
    if prec == "year" and (day.month, day.day) != (1, 1):
        raise ValidationError("a year-precision date is written as 1 January (YYYY-01-01)", "effective_from")


class RuleRecord(_Strict):
    """One entry of rules/*.yaml: one version of one substance's status in one jurisdiction."""

    dated = True  # a current row must say when it took effect

    jurisdiction = fields.String(required=True, validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    substance = fields.String(required=True, validate=validate.OneOf(list(SUBSTANCES)))
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    effective_from = fields.Date()
    date_precision = fields.String(validate=validate.OneOf(list(DATE_PRECISIONS)))
    in_force_since_at_least = fields.Date()
    known_since = fields.Date()
    effective_to = fields.Date()
    expires_on = fields.Date()
    summary = _str(True, 1000)
    activities = fields.Nested(ActivitiesRecord)
    min_age = fields.Integer(strict=True, validate=validate.Range(min=0, max=99))
    thresholds = fields.List(fields.Nested(ThresholdRecord))
    conditions = fields.List(fields.Nested(ConditionRecord))
    citation = _str(max_len=1000)
    enforcement = _str()
    preemption = _str()
    preempts = fields.List(fields.String(validate=validate.OneOf(ACTIVITIES)))
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE))
    recorded_on = fields.Date(required=True)
    last_verified_on = fields.Date()
    verified_by = _str(max_len=200)
    sources = fields.List(fields.String(validate=validate.Regexp(SOURCE_ID, error="not a source id")))
    notes = _str()

    @validates_schema
    def _consistency(self, data, **_kwargs):
        if data.get("status") != "unknown" and not data.get("sources"):
            raise ValidationError("a row with a status other than unknown cites at least one source", "sources")
        given = [k for k in START_KINDS if data.get(k)]
        if len(given) > 1:
            raise ValidationError(f"give one start, not {' and '.join(given)}: " + ", ".join(START_KINDS), given[-1])
        _check_precision(data)
        start = data.get(given[0]) if given else None
        if self.dated and data.get("status") != "unknown" and not start:
            raise ValidationError(
                "a row needs effective_from (the law's date), in_force_since_at_least (the act's date or the "
                "oldest dated source showing it in force), or known_since when no such date was found",
                "effective_from",
            )
        for end_field in ("effective_to", "expires_on"):
            if start and data.get(end_field) and data[end_field] <= start:
                raise ValidationError("must be after the row's start", end_field)
        if data.get("recorded_on") and data["recorded_on"] > dt.date.today():
            raise ValidationError("cannot be in the future", "recorded_on")
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
        for name in ACTIVITIES:
            data["import_" if name == "import" else name] = activities.get(name)
        data["starts_on"] = next((data[k] for k in START_KINDS if data.get(k)), None)
        data["date_precision"] = data.get("date_precision") or DEFAULT_PRECISION
        data["thresholds"] = data.get("thresholds") or []
        data["conditions"] = data.get("conditions") or []
        data["preempts"] = data.get("preempts") or []
        data["sources"] = data.get("sources") or []
        return data


class CorrectionRecord(RuleRecord):
    """One entry of corrections/*.yaml: the superseded text of a rule record, as the dataset once said it.

    It is kept as it was, so it may be undated: the dataset once said so.
    """

    dated = False

    corrected_on = fields.Date(required=True)
    reason = _str(True, 1000)

    @validates_schema
    def _corrected_after(self, data, **_kwargs):
        if data.get("corrected_on") and data.get("recorded_on") and data["corrected_on"] <= data["recorded_on"]:
            raise ValidationError("a correction comes after the text it replaces was recorded", "corrected_on")


class _Sourced(_Strict):
    id = fields.String(required=True, validate=validate.Regexp(SOURCE_ID, error="use 3-80 of a-z, 0-9 and -"))
    jurisdiction = fields.String(required=True, validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    substances = fields.List(
        fields.String(validate=validate.OneOf(list(SUBSTANCES))), required=True, validate=validate.Length(min=1)
    )
    recorded_on = fields.Date(required=True)
    sources = fields.List(
        fields.String(validate=validate.Regexp(SOURCE_ID, error="not a source id")),
        required=True,
        validate=validate.Length(min=1, error="cite at least one source"),
    )
    notes = _str()

    @post_load
    def _upper(self, data, **_kwargs):
        data["jurisdiction"] = data["jurisdiction"].upper()
        return data


class AdvisoryRecord(_Sourced):
    """One entry of advisories/*.yaml: an agency measure that is not itself the law."""

    kind = fields.String(required=True, validate=validate.OneOf(list(ADVISORY_KINDS)))
    issuer = _str(True, 300)
    title = _str(True, 500)
    issued_on = fields.Date(required=True)
    ends_on = fields.Date()
    summary = _str(True, 1000)
    affects = fields.List(fields.String(validate=validate.OneOf(ACTIVITIES)))

    @validates_schema
    def _dates(self, data, **_kwargs):
        if data.get("ends_on") and data.get("issued_on") and data["ends_on"] <= data["issued_on"]:
            raise ValidationError("must be after issued_on", "ends_on")


class StageRecord(_Strict):
    """One stage a pending measure reached."""

    stage = fields.String(required=True, validate=validate.OneOf(list(MEASURE_STAGES)))
    on = fields.Date(required=True)
    note = _str(max_len=500)


class MeasureRecord(_Sourced):
    """One entry of pending/*.yaml: a bill or proposed rule."""

    kind = fields.String(required=True, validate=validate.OneOf(list(MEASURE_KINDS)))
    identifier = _str(True, 100)
    title = _str(True, 500)
    stages = fields.List(fields.Nested(StageRecord), required=True, validate=validate.Length(min=1))
    would = _str(True, 1000)
    would_status = fields.String(validate=validate.OneOf(STATUSES))

    @validates_schema
    def _ordered(self, data, **_kwargs):
        days = [s["on"] for s in data.get("stages", [])]
        if days != sorted(days):
            raise ValidationError("list the stages oldest first", "stages")


class ContactRecord(_Strict):
    """One entry of contacts/*.yaml: an authority to ask about a place, as a source names it."""

    jurisdiction = fields.String(required=True, validate=validate.Regexp(CODE, error="not a jurisdiction code"))
    role = fields.String(required=True, validate=validate.OneOf(list(CONTACT_ROLES)))
    name = _str(True, 300)
    # Only an address the source gives; a source that names the authority without one leaves it out.
    url = _url()
    source = fields.String(required=True, validate=validate.Regexp(SOURCE_ID, error="not a source id"))
    notes = _str()

    @post_load
    def _upper(self, data, **_kwargs):
        data["jurisdiction"] = data["jurisdiction"].upper()
        return data

"""The JSON API contract: response bodies of /api/v1 (query arguments are in schemas/args.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, post_dump

from regstatus.schemas.args import UTCDateTime
from regstatus.schemas.contacts import AskOut, ContactOut
from regstatus.schemas.search import CitiesOut, LocalNameOut, MatchOut
from regstatus.services import dating
from regstatus.vocab import (
    ACTIVITIES,
    ACTIVITY_VALUES,
    ADVISORY_KINDS,
    CAVEAT_KINDS,
    CONDITION_KINDS,
    CONFIDENCE,
    DATE_PRECISIONS,
    LEVEL_RELATIONS,
    MEASURE_STAGES,
    OWN_DRUG_LAW,
    START_KINDS,
    STATUSES,
    precision,
    start_kind,
)


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


class RuleConditionOut(Schema):
    """A named condition of a rule: what one must meet for some of its activities."""

    kind = fields.String(required=True, metadata={"enum": list(CONDITION_KINDS)})
    activities = fields.List(fields.String(metadata={"enum": list(ACTIVITIES)}), required=True)
    text = fields.String(required=True)
    amount = fields.Float(allow_none=True)
    unit = fields.String(allow_none=True)
    sources = fields.List(fields.String(), metadata={"description": "Ids of the row's sources that state it"})
    derived_from = fields.String(
        allow_none=True,
        metadata={"enum": ["min_age", "thresholds", None], "description": "Set where the row's field states it"},
    )


ActivitiesOut = Schema.from_dict(
    {
        a: fields.String(allow_none=True, metadata={"enum": [*ACTIVITY_VALUES, None]}, attribute=a, data_key=a)
        for a in ACTIVITIES
    },
    name="ActivitiesOut",
)
ActivitiesOut.__doc__ = "A row's own value per activity (see /about), or null where the row records none."


class DatasetOut(Schema):
    """Which dataset an answer quotes: cite it with the date."""

    version = fields.String(required=True, metadata={"description": "Digest of the dataset's content"})
    date = fields.Date(attribute="dated", required=True, metadata={"description": "Newest date the dataset records"})


class LapsedOut(Schema):
    """The rule that lapsed, for a place whose own rule has ended with nothing after it."""

    version_id = fields.String(attribute="uid")
    status = fields.String()
    expires_on = fields.Date(allow_none=True)
    effective_to = fields.Date(allow_none=True)


class StatusOut(Schema):
    """One substance's status: one rule version."""

    version_id = fields.String(
        attribute="uid", allow_none=True, metadata={"description": "Stable id: a digest of content and record date"}
    )
    substance = fields.String(attribute="substance.slug", required=True)
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    summary = fields.String(required=True)
    start_kind = fields.Function(
        start_kind,
        allow_none=True,
        metadata={
            "type": ["string", "null"],
            "enum": [*START_KINDS, None],
            "description": "Which date starts the version: " + "; ".join(f"`{k}`: {v}" for k, v in START_KINDS.items()),
        },
    )
    effective_from = fields.Date(
        allow_none=True, metadata={"description": "The date the version took legal effect, as a source states it"}
    )
    date_precision = fields.Function(
        precision,
        allow_none=True,
        metadata={
            "type": ["string", "null"],
            "enum": [*DATE_PRECISIONS, None],
            "description": "With effective_from: how much of it a source states (a month or a year is given as its "
            "first day)",
        },
    )
    in_force_since_at_least = fields.Date(
        allow_none=True,
        metadata={
            "description": "Otherwise a lower bound: the act's date, or the oldest dated source showing the rule in "
            "force; it took effect on or before it"
        },
    )
    known_since = fields.Date(
        allow_none=True,
        metadata={
            "description": "Otherwise a research date: when the dataset found the rule in force, its law's own date "
            "not found (never the law's date)"
        },
    )
    start_words = fields.Function(
        lambda v: dating.since_phrase(v) if start_kind(v) else None,
        allow_none=True,
        metadata={
            "type": ["string", "null"],
            "description": 'The start in words: "since 2018-03-01", "from 2016", "since at least 2018-03-01"',
        },
    )
    effective_to = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    activities = fields.Nested(ActivitiesOut)
    min_age = fields.Integer(allow_none=True)
    thresholds = fields.List(fields.Nested(ThresholdOut))
    conditions = fields.List(
        fields.Nested(RuleConditionOut),
        attribute="named_conditions",
        metadata={"description": "The row's named conditions, with those its min_age and thresholds state"},
    )
    citation = fields.String(allow_none=True)
    enforcement = fields.String(allow_none=True)
    preemption = fields.String(allow_none=True)
    preempts = fields.List(fields.String(), metadata={"description": "Activities this rule preempts below it"})
    notes = fields.String(allow_none=True)
    confidence = fields.String(allow_none=True)
    last_verified_on = fields.Date(allow_none=True)
    verified_by = fields.String(allow_none=True)
    recorded_at = UTCDateTime(allow_none=True)
    superseded_at = UTCDateTime(allow_none=True)
    correction_reason = fields.String(allow_none=True)
    introduced_in = fields.String(
        allow_none=True,
        metadata={"description": "The dataset commit that introduced this version (null when not known)"},
    )
    lapsed = fields.Nested(LapsedOut, attribute="lapsed_from", allow_none=True)
    sources = fields.List(fields.Nested(SourceOut))


class VersionOut(StatusOut):
    """One version in a history, with the date it stopped applying."""

    ends_on = fields.Date(allow_none=True, metadata={"description": "Own end or expiry, else the next version's start"})


class LevelOut(Schema):
    """One level of the country -> subdivision -> locality chain."""

    code = fields.String(attribute="jurisdiction.code")
    name = fields.String(attribute="jurisdiction.name")
    level = fields.String(attribute="jurisdiction.level")
    status = fields.String(metadata={"description": "The level's own status word"})
    state = fields.String(metadata={"enum": ["in-force", "lapsed", "not-yet-known", "none"]})
    relation = fields.String(
        metadata={
            "enum": list(LEVEL_RELATIONS),
            "description": "`governing-state`: another state whose law applies in this territory (see `governed_by`)",
        }
    )
    version_id = fields.Function(lambda lvl: lvl.version.uid if lvl.version else None, allow_none=True)


class ConditionOut(Schema):
    """A condition of an activity allowed under conditions, with the level whose rule states it."""

    kind = fields.String(metadata={"enum": list(CONDITION_KINDS)})
    text = fields.String()
    amount = fields.Float(allow_none=True)
    unit = fields.String(allow_none=True)
    level = fields.String(metadata={"description": "Code of the level whose rule states it"})
    citation = fields.String(allow_none=True, metadata={"description": "That rule's legal citation"})
    sources = fields.List(fields.Nested(SourceOut), metadata={"description": "The rule's sources that state it"})
    derived_from = fields.String(allow_none=True, metadata={"enum": ["min_age", "thresholds", None]})


class ComposedOut(Schema):
    """One activity composed along the chain."""

    value = fields.String(metadata={"enum": list(ACTIVITY_VALUES)})
    set_by = fields.String(
        allow_none=True,
        metadata={
            "description": "Code of the level whose rule sets the value; with `because`, the level whose rule "
            "on that other activity decides this one"
        },
    )
    because = fields.String(
        allow_none=True,
        metadata={
            "enum": ["possess", None],
            "description": "`possess`: the value follows from the possession ban of `set_by` (see /about)",
        },
    )
    note = fields.String(
        allow_none=True, metadata={"description": "Why, in words; or that the conditions are not recorded"}
    )
    conditions = fields.List(
        fields.Nested(ConditionOut),
        metadata={"description": "For `conditional`: each recorded condition, with its level, citation and sources"},
    )
    uncertain_at = fields.List(fields.String(), metadata={"description": "Levels where it is not established"})
    preempted_at = fields.List(fields.String(), metadata={"description": "Levels whose own rule is preempted"})


class SetValueOut(Schema):
    """A value with the level that set it."""

    value = fields.Integer()
    set_by = fields.String()


class CaveatOut(Schema):
    """Something uncertain about the answer; shown before it."""

    kind = fields.String(metadata={"enum": list(CAVEAT_KINDS)})
    level = fields.String()
    message = fields.String()
    sources = fields.List(fields.Nested(SourceOut))


class AdvisoryOut(Schema):
    """An agency measure beside the law; it never changes the status."""

    id = fields.String(attribute="key")
    jurisdiction = fields.String(attribute="jurisdiction.code")
    substances = fields.List(fields.String())
    kind = fields.String(metadata={"enum": list(ADVISORY_KINDS)})
    issuer = fields.String()
    title = fields.String()
    issued_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    summary = fields.String()
    affects = fields.List(fields.String())
    recorded_on = fields.Date()
    notes = fields.String(allow_none=True)
    sources = fields.List(fields.Nested(SourceOut))


class StageOut(Schema):
    """A stage a measure reached."""

    stage = fields.String(metadata={"enum": list(MEASURE_STAGES)})
    on = fields.String()
    note = fields.String()


class MeasureOut(Schema):
    """A bill or proposed rule that would change a status."""

    id = fields.String(attribute="key")
    jurisdiction = fields.String(attribute="jurisdiction.code")
    substances = fields.List(fields.String())
    kind = fields.String()
    identifier = fields.String()
    title = fields.String()
    stages = fields.List(fields.Nested(StageOut))
    would = fields.String()
    would_status = fields.String(allow_none=True)
    recorded_on = fields.Date()
    notes = fields.String(allow_none=True)
    sources = fields.List(fields.Nested(SourceOut))


class ThresholdSetOut(ThresholdOut):
    """A potency cap with the level that set it."""

    set_by = fields.String()


class GovernanceOut(Schema):
    """The finding that another state's law applies in a territory, and what shows it."""

    state = fields.String(attribute="state.code", metadata={"description": "Code of the state whose law applies"})
    state_name = fields.String(attribute="state.name")
    own_drug_law = fields.String(
        metadata={"enum": list(OWN_DRUG_LAW), "description": "`separate`: the territory also makes drug law of its own"}
    )
    summary = fields.String()
    confidence = fields.String(metadata={"enum": list(CONFIDENCE)})
    recorded_on = fields.Date()
    sources = fields.List(fields.Nested(SourceOut))


class EffectiveOut(Schema):
    """The answer for a substance at a place: the levels composed per activity."""

    substance = fields.String(attribute="substance.slug")
    status = fields.String(
        metadata={"enum": list(STATUSES), "description": "Derived from the composed activities (see /about)"}
    )
    words = fields.String(metadata={"description": "The answer in one plain sentence"})
    confidence = fields.String(metadata={"enum": list(CONFIDENCE)})
    determined_by = fields.Function(
        lambda a: a.determined_by.code if a.determined_by else None,
        allow_none=True,
        metadata={"description": "The lowest level that set a composed activity"},
    )
    activities = fields.Dict(keys=fields.String(), values=fields.Nested(ComposedOut))
    min_age = fields.Nested(SetValueOut, allow_none=True)
    thresholds = fields.List(fields.Nested(ThresholdSetOut))
    caveats = fields.List(fields.Nested(CaveatOut))
    advisories = fields.List(fields.Nested(AdvisoryOut))
    pending = fields.List(fields.Nested(MeasureOut))
    levels = fields.List(fields.Nested(LevelOut))
    governed_by = fields.Nested(
        GovernanceOut,
        allow_none=True,
        metadata={"description": "Set for a territory that answers through another state's law (a level above it)"},
    )
    preemption = fields.List(fields.String())
    ask = fields.Nested(
        AskOut, allow_none=True, metadata={"description": "Whom to ask or confirm with; null where none is recorded"}
    )


class StatusBrief(Schema):
    """A substance's status in a listing."""

    substance = fields.String()
    status = fields.String(metadata={"description": "The effective answer's status (levels above included)"})
    own_status = fields.String(metadata={"description": "This place's own row"})
    caveats = fields.Integer(metadata={"description": "How many caveats the answer carries"})
    confidence = fields.String(metadata={"enum": list(CONFIDENCE), "description": "The answer's confidence"})
    best_source_tier = fields.Integer(
        allow_none=True, metadata={"description": "Best tier among the sources of the place's own row (1 is best)"}
    )
    start_kind = fields.String(allow_none=True, metadata={"enum": [*START_KINDS, None]})
    effective_from = fields.Date(allow_none=True)
    date_precision = fields.String(allow_none=True, metadata={"enum": [*DATE_PRECISIONS, None]})
    in_force_since_at_least = fields.Date(allow_none=True)
    known_since = fields.Date(allow_none=True)
    last_verified_on = fields.Date(allow_none=True)
    words = fields.String(metadata={"description": "With expand=summary: the answer in one sentence"})
    summary = fields.String(allow_none=True, metadata={"description": "With expand=summary: the own row's summary"})
    citation = fields.String(allow_none=True, metadata={"description": "With expand=summary: the own row's law"})
    activities = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        metadata={"description": "With expand=activities: per activity, {value, set_by} (the level's code)"},
    )
    sources = fields.List(
        fields.Nested(SourceOut),
        metadata={"description": "With expand=sources: the sources of the rows behind the answer"},
    )


class JurisdictionBrief(Schema):
    """A jurisdiction in a listing: every member but `code` is left out when `fields=` does not name it."""

    code = fields.String(required=True)
    name = fields.String()
    level = fields.String()
    kind = fields.String(allow_none=True)
    parent = fields.Function(lambda j: j.parent.code if j.parent else None, allow_none=True)
    statuses = fields.List(fields.Nested(StatusBrief))
    url = fields.String()
    match = fields.Nested(MatchOut, metadata={"description": "With `q`: how the search found this place"})

    @post_dump(pass_original=True)
    def _only_asked(self, data, original, **kwargs):
        # `fields=` keeps the members asked for; the code always stays, so a row can be told apart.
        keep = getattr(original, "only_fields", None)
        if keep:
            return {k: v for k, v in data.items() if k == "code" or k in keep}
        return data


class PageMeta(Schema):
    """Where a page stands in the listing."""

    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()
    as_of = fields.Date()
    dataset = fields.Nested(DatasetOut)


class PageLinks(Schema):
    """Links to this, the first, the last, the next and the previous page (as the `Link` header)."""

    # Required: every page carries all five (next and prev null where there is none), so the contract
    # tests refuse a page without them.
    self = fields.String(required=True)
    first = fields.String(required=True, metadata={"description": "Page 1 of the same query"})
    last = fields.String(
        required=True, metadata={"description": "The last page of the same query (page 1 when it is empty)"}
    )
    next = fields.String(required=True, allow_none=True)
    prev = fields.String(required=True, allow_none=True)


class JurisdictionPage(Schema):
    """A page of jurisdictions."""

    data = fields.List(fields.Nested(JurisdictionBrief))
    local_name = fields.Nested(
        LocalNameOut, allow_none=True, metadata={"description": "With `q` naming the substance: where it is called so"}
    )
    cities = fields.Nested(
        CitiesOut,
        allow_none=True,
        metadata={"description": "With `q` and no place of exactly that name: the cities of that name (gazetteer)"},
    )
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
    contacts = fields.List(
        fields.Nested(ContactOut), metadata={"description": "Whom to ask about this place, its own level first"}
    )
    children = fields.Function(lambda r: [c.code for c in r.jurisdiction.children])
    dataset = fields.Nested(DatasetOut)
    links = fields.Dict(keys=fields.String(), values=fields.String())
    license = fields.String()


class HistoryOut(Schema):
    """Every version recorded for a jurisdiction."""

    code = fields.String(attribute="jurisdiction.code")
    name = fields.String(attribute="jurisdiction.name")
    versions = fields.List(fields.Nested(VersionOut))
    dataset = fields.Nested(DatasetOut)
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
    choices = fields.List(
        fields.Dict(keys=fields.String(), values=fields.String()),
        metadata={
            "description": "An ambiguous name (`ambiguous-name`): the places it may mean, each with its `code`, full "
            "`name` and a `query` that names it alone"
        },
    )
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.Dict(),
        metadata={
            "description": "Several fields at fault (`unresolved-names`): per field, its `suggestions` or `choices`"
        },
    )

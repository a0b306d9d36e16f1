"""The effective answer for a place: levels composed per activity, status derived, caveats carried.

Pure: takes what stands at each level (country first) and returns the answer; no
database. The rule, in one place: for each activity the strictest known value
along the chain wins and names the level that set it, unless a higher level's
rule preempts that activity; a level that bans possession decides the activities
that need possession (vocab.NEEDS_POSSESSION), so no permission from above reaches
below it; `disputed`, `unknown` and lapsed levels never compete, they become
caveats. A conditional activity lists the named conditions of the levels behind
it. The status word is derived from the composed activities by
`vocab.derive_status`; a disputed level makes the answer `disputed` unless a
level establishes a ban.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from regstatus.services import dating
from regstatus.services.in_force import Standing
from regstatus.services.language import N_, english, gettext, join, ngettext, place_name
from regstatus.vocab import (
    ACTIVITIES,
    ANALYTE_WORDS,
    CONFIDENCE,
    LEVEL_RELATIONS,
    NEEDS_POSSESSION,
    caps_words,
    complete_activities,
    derive_status,
    stricter,
)

# English, marked for extraction; translated where a sentence uses them (gettext(GERUNDS[a])).
GERUNDS = {
    "possess": N_("possessing it"),
    "buy": N_("buying it"),
    "sell": N_("selling it"),
    "import": N_("bringing it in"),
    "export": N_("taking it out"),
    "transit": N_("carrying it in transit"),
    "cultivate": N_("growing it"),
}
VALUE_WORDS = {
    "allowed": N_("allowed"),
    "conditional": N_("allowed under conditions"),
    "prescription": N_("prescription only"),
    "prohibited": N_("prohibited"),
}
NOT_RECORDED = N_("the conditions are not recorded in this dataset")
# A status word inside a sentence ("(banned)"), lower case.
STATUS_WORDS = {
    "legal": N_("legal"),
    "regulated": N_("regulated"),
    "restricted": N_("restricted"),
    "banned": N_("banned"),
    "disputed": N_("disputed"),
    "unknown": N_("unknown"),
}
CONDITION_LABELS = {
    "licence": N_("Licence"),
    "personal-amount": N_("Personal amount"),
    "age": N_("Age"),
    "product-cap": N_("Product cap"),
    "labelling": N_("Labelling"),
    "registration": N_("Registration"),
    "retail-restriction": N_("Retail restriction"),
}


@dataclass
class Level:
    """One level of the chain and what stands there for the substance."""

    jurisdiction: Any
    standing: Standing
    governs: bool = False  # a state whose law applies in the territory below it (a governance finding)

    @property
    def relation(self) -> str:
        """How the level stands to the place: `governing-state`, or `geographic` (the place and its parents)."""
        return LEVEL_RELATIONS[1] if self.governs else LEVEL_RELATIONS[0]

    @property
    def version(self):
        """The version in force at this level, if any."""
        return self.standing.version

    @property
    def status(self) -> str:
        """The level's own status word; `unknown` when nothing is in force."""
        return self.version.status if self.version else "unknown"

    @property
    def state(self) -> str:
        """in-force, lapsed, not-yet-known, or none (nothing recorded)."""
        if self.version is not None:
            return "in-force"
        if self.standing.lapsed is not None:
            return "lapsed"
        if self.standing.known_from is not None:
            return "not-yet-known"
        return "none"


@dataclass
class Condition:
    """A named condition of one level's rule that applies to a composed activity."""

    kind: str
    text: str
    level: str
    level_name: str
    citation: str | None
    sources: list[Any]
    amount: float | None = None
    unit: str | None = None
    derived_from: str | None = None

    @property
    def words(self) -> str:
        """'Licence (Thailand): Importing ... needs a licence ...': the condition as a reader sees it."""
        label = CONDITION_LABELS.get(self.kind)
        label = gettext(label) if label else self.kind.replace("-", " ").capitalize()
        return f"{label} ({self.level_name}): {self.text}"

    @property
    def cited(self) -> str:
        """The condition in words with the legal citation of the rule that states it."""
        return f"{self.words} [{self.citation}]" if self.citation else self.words


@dataclass
class Composed:
    """One activity's composed value, the level that set it, and why where it follows from another activity."""

    value: str
    set_by: str | None
    uncertain_at: list[str] = field(default_factory=list)
    preempted_at: list[str] = field(default_factory=list)
    because: str | None = None  # `possess`: the value follows from the set_by level's possession ban
    note: str | None = None  # the reason in words, or that the conditions are not recorded
    conditions: list[Condition] = field(default_factory=list)


@dataclass
class Caveat:
    """Something uncertain about the answer, shown before it."""

    kind: str
    level: str
    message: str
    sources: list[Any] = field(default_factory=list)


@dataclass
class EffectiveAnswer:
    """The answer for one substance at one place on one date."""

    substance: Any
    place: Any
    as_of: dt.date
    levels: list[Level]
    status: str
    activities: dict[str, Composed]
    min_age: dict[str, Any] | None
    thresholds: list[dict[str, Any]]
    caveats: list[Caveat]
    confidence: str
    preemption: list[str]
    advisories: list[Any] = field(default_factory=list)
    pending: list[Any] = field(default_factory=list)
    governed_by: Any = None  # the governance finding that puts a state's law above this territory
    ask: Any = None  # whom to ask or confirm with (services/contacts.py), where a contact is recorded

    def answered_above(self, lvl: Level) -> bool:
        """Whether this level is a governed territory whose answer is the governing state's."""
        return _answered_above(lvl, self.governed_by)

    @property
    def determined_by(self):
        """The level that set the strictest activity behind the status (kept for older clients)."""
        setters = [c.set_by for c in self.activities.values() if c.set_by]
        codes = [lvl.jurisdiction.code for lvl in self.levels]
        found = max(setters, key=codes.index, default=None) if setters else None
        return next((lvl.jurisdiction for lvl in self.levels if lvl.jurisdiction.code == found), None)

    @property
    def words(self) -> str:
        """The answer in one plain sentence."""
        return sentence(self)


def _own(name: str) -> str:
    """ "Texas's", "The United Kingdom's": a place's name as the subject of a sentence, possessive."""
    phrase = place_phrase(name)
    return phrase[0].upper() + phrase[1:] + "'s"


def where(j: Any) -> str:
    """A place as it reads after "in": English with its article ("the Netherlands"), else its local name."""
    return place_phrase(j.name) if english() else place_name(j)


def _subject(j: Any) -> str:
    """A place opening a sentence: "The Netherlands"; in another language its local name."""
    phrase = where(j)
    return phrase[0].upper() + phrase[1:]


def _owner(j: Any) -> str:
    """ "The Netherlands's" in English (the sentences' possessive); in another language the local name."""
    return _own(j.name) if english() else place_name(j)


# vocab.THRESHOLD_UNIT_WORDS and ANALYTE_WORDS, for translation (the English comes from vocab itself).
UNIT_WORDS = {
    "pct_alkaloid_fraction": N_("%(max)s%% of the alkaloid fraction"),
    "pct_weight": N_("%(max)s%% by weight"),
    "mg_per_serving": N_("%(max)s mg per serving"),
    "mg_per_package": N_("%(max)s mg per package"),
}
ANALYTES = {"mitragynine": N_("mitragynine"), "total-alkaloids": N_("total alkaloids")}


def _caps(thresholds: list[dict[str, Any]]) -> str | None:
    """vocab.caps_words in the answer's language (English is vocab's own text)."""
    if english() or not thresholds:
        return caps_words(thresholds)

    def limit(t) -> str:
        unit = UNIT_WORDS.get(t["unit"])
        return gettext(unit, max=f"{t['max']:g}") if unit else f"{t['max']:g} {t['unit']}"

    def analyte(t) -> str:
        name = ANALYTES.get(t["analyte"])
        return gettext(name) if name else ANALYTE_WORDS.get(t["analyte"], t["analyte"])

    if len(thresholds) == 1:
        t = thresholds[0]
        return gettext(
            "products whose %(analyte)s exceeds %(limit)s may not be sold", analyte=analyte(t), limit=limit(t)
        )
    by_analyte: dict[str, list[str]] = {}
    for t in thresholds:
        by_analyte.setdefault(analyte(t), []).append(limit(t))
    either = gettext(" or ")
    caps = gettext("; ").join(f"{a} {either.join(limits)}" for a, limits in by_analyte.items())
    return gettext("products may not be sold above these caps: %(caps)s", caps=caps)


def status_word(status: str) -> str:
    """A status word inside a sentence, in the answer's language."""
    return gettext(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def _answered_above(lvl: Level, governance: Any) -> bool:
    """A governed territory that makes no drug law of its own and has no row: its answer is the state's."""
    return (
        governance is not None
        and governance.own_drug_law == "none"
        and lvl.jurisdiction.id == governance.territory_id
        and lvl.state == "none"
    )


def _caveats(levels: list[Level], substance: str, governance: Any = None) -> list[Caveat]:
    out = []
    for lvl in levels:
        j = lvl.jurisdiction
        st = lvl.standing
        if _answered_above(lvl, governance):
            continue
        if lvl.state == "lapsed":
            v = st.lapsed
            out.append(
                Caveat(
                    "lapsed",
                    j.code,
                    gettext(
                        "%(owner)s %(substance)s rule (%(status)s) lapsed on %(date)s; "
                        "its status since then has not been verified.",
                        owner=_owner(j),
                        substance=substance,
                        status=status_word(v.status),
                        date=st.lapsed_on.isoformat(),
                    ),
                    list(v.sources),
                )
            )
        elif lvl.state == "not-yet-known":
            v = st.first
            rule = gettext(
                "The %(substance)s rule of %(place)s (%(status)s)",
                substance=substance,
                place=where(j),
                status=status_word(v.status),
            )
            out.append(Caveat("not-yet-known", j.code, dating.before_start_phrase(v, rule), list(v.sources)))
        elif lvl.state == "none":
            text = gettext(
                "%(owner)s own %(substance)s rules have not been researched.", owner=_owner(j), substance=substance
            )
            out.append(Caveat("unresearched", j.code, text))
        elif lvl.status == "disputed":
            v = lvl.version
            text = gettext("Disputed in %(place)s: %(summary)s", place=where(j), summary=v.summary)
            out.append(Caveat("disputed", j.code, text, list(v.sources)))
        elif lvl.status == "unknown":
            v = lvl.version
            note = f" {v.notes}" if v.notes else ""
            out.append(
                Caveat(
                    "searched",
                    j.code,
                    gettext(
                        "%(place)s was searched and no source on %(substance)s was found.",
                        place=_subject(j),
                        substance=substance,
                    )
                    + note,
                )
            )
    return out


def _possession_rules(composed: dict[str, Composed], acts: dict, preempted: set[str], lvl: Level) -> bool:
    """Apply a level's possession ban to the activities that need possession (vocab.NEEDS_POSSESSION).

    Where the level's own rule records nothing on such an activity, a permission from above does not
    reach below it: the activity takes the value the ban entails, set by this level, `because: possess`.
    A prohibition from above stands, and the level's own value, where it has one, has already competed.
    Returns whether this level set anything.
    """
    code = lvl.jurisdiction.code
    there = where(lvl.jurisdiction)
    changed = False
    for activity, entailed in NEEDS_POSSESSION.items():
        c = composed[activity]
        if activity in preempted or acts[activity] not in (None, "unknown"):
            continue
        if c.value == "prohibited" or c.because == "possess":
            continue
        c.value, c.set_by, c.because = entailed, code, "possess"
        if entailed == "prohibited":
            c.uncertain_at = [x for x in c.uncertain_at if x != code]
            c.note = gettext(
                "possessing it is prohibited in %(place)s, and %(doing)s means having it there",
                place=there,
                doing=gettext(GERUNDS[activity]),
            )
        else:
            c.note = gettext(
                "possessing it is prohibited in %(place)s; no source says whether that covers %(doing)s",
                place=there,
                doing=gettext(GERUNDS[activity]),
            )
        changed = True
    return changed


def _condition(cond: dict, lvl: Level) -> Condition:
    """A row's named condition as it applies in an answer: with its level, citation and cited sources."""
    v = lvl.version
    by_key = {s.key: s for s in v.sources}
    return Condition(
        cond["kind"],
        cond["text"],
        lvl.jurisdiction.code,
        lvl.jurisdiction.name,
        v.citation,
        [by_key[k] for k in cond.get("sources") or [] if k in by_key],
        cond.get("amount"),
        cond.get("unit"),
        cond.get("derived_from"),
    )


def compose(substance: Any, place: Any, levels: list[Level], as_of: dt.date, governance: Any = None) -> EffectiveAnswer:
    """Compose the levels (country first) into the answer for `place`.

    `governance` is the finding that the first level's law applies in the territory below it: the
    territory without its own rule is then answered, not unresearched, and the answer is no surer
    than that finding.
    """
    slug = substance.slug if hasattr(substance, "slug") else str(substance)
    name = gettext(substance.name if hasattr(substance, "name") else slug)  # "กระท่อม" in Thai
    caveats = _caveats(levels, name, governance)
    composed = {a: Composed("unknown", None) for a in ACTIVITIES}
    preempted: set[str] = set()
    setters_confidence: dict[str, str] = {}
    min_age = None
    thresholds: list[dict[str, Any]] = []
    preemption: list[str] = []
    found: dict[str, list[Condition]] = {a: [] for a in ACTIVITIES}
    for lvl in levels:
        code = lvl.jurisdiction.code
        v = lvl.version
        if _answered_above(lvl, governance):
            continue
        if v is None or lvl.status in ("disputed", "unknown"):
            for c in composed.values():
                c.uncertain_at.append(code)
            continue
        acts = complete_activities(v.status, v.activities)
        for activity, value in acts.items():
            c = composed[activity]
            if activity in preempted:
                if value:
                    c.preempted_at.append(code)
                continue
            if value == "unknown":
                c.uncertain_at.append(code)
            elif value and (c.set_by is None or stricter(value, c.value)):
                c.value, c.set_by, c.because, c.note = value, code, None, None
                setters_confidence[code] = v.confidence
        bans_possession = acts["possess"] == "prohibited" and "possess" not in preempted
        if bans_possession and _possession_rules(composed, acts, preempted, lvl):
            setters_confidence[code] = v.confidence
        for cond in v.named_conditions:
            for activity in cond["activities"]:
                if activity not in preempted:
                    found[activity].append(_condition(cond, lvl))
        preempted.update(v.preempts or [])
        if v.min_age is not None and (min_age is None or v.min_age > min_age["value"]):
            min_age = {"value": v.min_age, "set_by": code}
        thresholds += [{**t, "set_by": code} for t in v.thresholds or []]
        if v.preemption:
            preemption.append(v.preemption)
    for activity, c in composed.items():
        if c.value == "conditional":
            c.conditions = found[activity]
            c.note = None if c.conditions else gettext(NOT_RECORDED)
    status = derive_status({a: c.value for a, c in composed.items()})
    if status != "banned" and any(c.kind == "disputed" for c in caveats):
        status = "disputed"
    used = {c.set_by for c in composed.values() if c.set_by}
    confidence = max((setters_confidence[code] for code in used), key=CONFIDENCE.index, default="low")
    if governance is not None:
        confidence = max(confidence, governance.confidence, key=CONFIDENCE.index)
    own_level = levels[-1].jurisdiction.code
    doubts = ("disputed", "lapsed", "not-yet-known")
    if status == "unknown" or any(
        c.kind in doubts or (c.kind, c.level) == ("unresearched", own_level) for c in caveats
    ):
        confidence = "low"
    return EffectiveAnswer(
        substance,
        place,
        as_of,
        levels,
        status,
        composed,
        min_age,
        thresholds,
        caveats,
        confidence,
        preemption,
        governed_by=governance,
    )


# Place names that read with "the" in a sentence ("in the United States").
_WITH_THE = ("United ", "District of ", "Czech Republic", "Dominican Republic", "Central African Republic")
_WITH_THE_EXACT = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles"}


def place_phrase(name: str) -> str:
    """A place's name as it reads after "in"."""
    if name.startswith(_WITH_THE) or name in _WITH_THE_EXACT or name.endswith(" Islands"):
        return "the " + name
    return name


def sentence(answer: EffectiveAnswer) -> str:
    """'Kratom is regulated in Texas: possessing it is allowed; ...' from the composed answer."""
    sub = gettext(answer.substance.name if hasattr(answer.substance, "name") else str(answer.substance))
    sub = sub if sub[0].isdigit() or not english() else sub.lower()
    place = where(answer.place)
    heads = {
        "unknown": N_("The status of %(substance)s in %(place)s is not known"),
        "disputed": N_("The status of %(substance)s in %(place)s is disputed"),
        "legal": N_("%(substance)s is legal in %(place)s"),
        "regulated": N_("%(substance)s is regulated in %(place)s"),
        "restricted": N_("%(substance)s is restricted in %(place)s"),
        "banned": N_("%(substance)s is banned in %(place)s"),
    }
    head = gettext(heads[answer.status], substance=sub, place=place)
    groups: dict[str, list[str]] = {}
    for activity, c in answer.activities.items():
        # A prohibition stands whatever another level leaves open; anything milder is only said when
        # no level leaves it open (the table shows the rest with "not established in ...").
        if c.value in VALUE_WORDS and (c.value == "prohibited" or not c.uncertain_at):
            groups.setdefault(c.value, []).append(gettext(GERUNDS[activity]))
    parts = []
    for value in ("prohibited", "prescription", "conditional", "allowed"):
        if value in groups:
            n = len(groups[value])
            doing, value_words = join(groups[value]), gettext(VALUE_WORDS[value])
            parts.append(
                ngettext("%(doing)s is %(value)s", "%(doing)s are %(value)s", n, doing=doing, value=value_words)
            )
    # An age limit is a condition of a permission: said only where buying or selling is allowed under it.
    if answer.min_age and any(answer.activities[a].value == "conditional" for a in ("buy", "sell")):
        parts.append(gettext("buyers must be %(age)s or older", age=answer.min_age["value"]))
    caps = _caps(answer.thresholds)
    if caps:
        parts.append(caps)
    text = head + (gettext(": ") + gettext("; ").join(parts) if parts else "") + gettext(".")
    return text[0].upper() + text[1:]

"""The route check: may one leave with it, change planes with it, bring it in and possess it there.

Built on the effective answers: each stop's activities come composed along its
levels, so a locality as destination works, and uncertainty at any level makes the
verdict `unknown` or `caution`, never `ok`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from regstatus.errors import InvalidParameter
from regstatus.services import contacts, lookup, place_names, rules
from regstatus.services.answer import GERUNDS, VALUE_WORDS, EffectiveAnswer, where
from regstatus.services.language import gettext

# What a traveler does at each kind of stop.
ROLE_ACTIVITIES = {"origin": ("export",), "transit": ("transit",), "destination": ("import", "possess")}
# Each activity value read as a verdict; uncertainty is never `ok`.
VALUE_VERDICTS = {
    "prohibited": "prohibited",
    "prescription": "caution",
    "conditional": "caution",
    "allowed": "ok",
    "unknown": "unknown",
}
VERDICTS = ("ok", "caution", "unknown", "prohibited")  # from best to worst
CAVEAT_VERDICTS = {
    "disputed": "caution",
    "lapsed": "caution",
    "not-yet-known": "unknown",
    "searched": "unknown",
    "unresearched": "caution",
}
MAX_STOPS = 8
FIELDS = {"origin": "from", "destination": "to"}  # the query parameter that names each role's stop


@dataclass
class Check:
    """One activity at one stop."""

    activity: str
    value: str
    verdict: str
    set_by: str | None
    citation: str | None
    sources: list[Any]
    reason: str
    because: str | None = None
    conditions: list[Any] = field(default_factory=list)


@dataclass
class Stop:
    """One place on the route and what applies to the traveler there."""

    role: str
    jurisdiction: Any
    answer: EffectiveAnswer
    checks: list[Check]
    verdict: str
    advisories: list[Any] = field(default_factory=list)
    city: Any = None  # the gazetteer city the stop was named by, answered by the levels above it
    ask: Any = None  # whom to ask or confirm with about this stop (services/contacts.py)


@dataclass
class Route:
    """The answer for a whole route."""

    substance: str
    as_of: dt.date
    stops: list[Stop]
    verdict: str
    reasons: list[str]
    dataset: Any


def _worst(verdicts: list[str]) -> str:
    return max(verdicts, key=VERDICTS.index, default="ok")


def _check(answer: EffectiveAnswer, activity: str) -> Check:
    composed = answer.activities[activity]
    place = where(answer.place)
    level = next((lvl for lvl in answer.levels if lvl.jurisdiction.code == composed.set_by), None)
    version = level.version if level else None
    verdict = VALUE_VERDICTS[composed.value]
    if verdict == "ok" and composed.uncertain_at:
        verdict = "caution"
    doing = gettext(GERUNDS[activity])
    by_other = level is not None and level.jurisdiction.code != answer.place.code
    setter = gettext(" (set by %(place)s)", place=where(level.jurisdiction)) if by_other else ""
    said = {"doing": doing, "Doing": doing[0].upper() + doing[1:], "place": place, "set_by": setter}
    if composed.because == "possess":
        # Leaving with it or changing planes means having it on you there: the possession offence decides.
        reason = gettext(
            "No source speaks of %(doing)s in %(place)s, but possessing it there is prohibited%(set_by)s.", **said
        )
    elif composed.value == "unknown":
        reason = gettext("No source establishes whether %(doing)s is allowed in %(place)s.", **said)
    elif composed.value == "conditional" and not composed.conditions:
        reason = gettext(
            "%(Doing)s is allowed under conditions in %(place)s%(set_by)s, but %(note)s.", note=composed.note, **said
        )
    elif composed.value == "conditional":
        reason = gettext("%(Doing)s is allowed under conditions in %(place)s%(set_by)s, namely:", **said)
    else:
        value = gettext(VALUE_WORDS[composed.value])
        reason = gettext("%(Doing)s is %(value)s in %(place)s%(set_by)s.", value=value, **said)
    return Check(
        activity,
        composed.value,
        verdict,
        composed.set_by,
        version.citation if version else None,
        list(version.sources) if version else [],
        reason,
        composed.because,
        composed.conditions,
    )


def check_route(
    session: Session,
    origin: str,
    destination: str,
    via: list[str] | None = None,
    substance: str = "kratom",
    as_of: dt.date | None = None,
) -> Route:
    """Check a route stop by stop; the overall verdict is the worst of its checks and caveats."""
    via = via or []
    if len(via) > MAX_STOPS:
        raise InvalidParameter(f"At most {MAX_STOPS} stops may be given in via.", "via", len(via))
    as_of = as_of or lookup.today()
    plan = [("origin", origin), *(("transit", code) for code in via), ("destination", destination)]
    named = place_names.resolve_all(session, [(text, FIELDS.get(role, "via")) for role, text in plan])
    places = [(role, n.jurisdiction) for (role, _text), n in zip(plan, named, strict=True)]
    found = lookup.answers_for(session, [j for _role, j in places], as_of, with_sources=True, only=substance)
    answers = [found[(j.id, substance)] for _role, j in places]
    # One query for the advisories of every level on the route, then each stop takes its chain's.
    every_level = sorted({lvl.jurisdiction.id for a in answers for lvl in a.levels})
    advisories = [a for a in rules.advisories(session, every_level) if substance in a.substances and a.active_on(as_of)]
    by_place = contacts.for_places(session, every_level)
    stops, reasons = [], []
    for (role, j), answer, n in zip(places, answers, named, strict=True):
        checks = [_check(answer, activity) for activity in ROLE_ACTIVITIES[role]]
        caveat_verdicts = [CAVEAT_VERDICTS.get(c.kind, "caution") for c in answer.caveats]
        verdict = _worst([c.verdict for c in checks] + caveat_verdicts)
        chain_ids = {lvl.jurisdiction.id for lvl in answer.levels}
        on_chain = [a for a in advisories if a.jurisdiction_id in chain_ids]
        stops.append(
            Stop(role, j, answer, checks, verdict, on_chain, n.city, contacts.ask_for(answer, by_place, crossing=True))
        )
        for c in checks:
            if c.verdict != "ok":
                reasons.append((c.verdict, [c.reason, *(cond.cited for cond in c.conditions)]))
        reasons += [(v, [c.message]) for v, c in zip(caveat_verdicts, answer.caveats, strict=True)]
    verdict = _worst([s.verdict for s in stops])
    # What decides the verdict comes first: the worst reasons, then the others, each group in route order.
    ordered = [text for _v, texts in sorted(reasons, key=lambda r: -VERDICTS.index(r[0])) for text in texts]
    return Route(substance, as_of, stops, verdict, list(dict.fromkeys(ordered)), rules.dataset(session))

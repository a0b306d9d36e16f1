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

from regstatus.errors import InvalidParameter, NotFoundError
from regstatus.services import contacts, lookup, rules
from regstatus.services import jurisdictions as jur
from regstatus.services.answer import GERUNDS, VALUE_WORDS, EffectiveAnswer, place_phrase

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
    place = place_phrase(answer.place.name)
    level = next((lvl for lvl in answer.levels if lvl.jurisdiction.code == composed.set_by), None)
    version = level.version if level else None
    verdict = VALUE_VERDICTS[composed.value]
    if verdict == "ok" and composed.uncertain_at:
        verdict = "caution"
    doing = GERUNDS[activity]
    by_other = level is not None and level.jurisdiction.code != answer.place.code
    where = f" (set by {place_phrase(level.jurisdiction.name)})" if by_other else ""
    if composed.because == "possess":
        # Leaving with it or changing planes means having it on you there: the possession offence decides.
        reason = f"No source speaks of {doing} in {place}, but possessing it there is prohibited{where}."
    elif composed.value == "unknown":
        reason = f"No source establishes whether {doing} is allowed in {place}."
    elif composed.value == "conditional" and not composed.conditions:
        reason = f"{doing[0].upper()}{doing[1:]} is allowed under conditions in {place}{where}, but {composed.note}."
    elif composed.value == "conditional":
        reason = f"{doing[0].upper()}{doing[1:]} is allowed under conditions in {place}{where}, namely:"
    else:
        reason = f"{doing[0].upper()}{doing[1:]} is {VALUE_WORDS[composed.value]} in {place}{where}."
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
    places = []
    for role, code in plan:
        field_name = {"origin": "from", "destination": "to"}.get(role, "via")
        try:
            places.append((role, jur.get_by_code(session, code)))
        except NotFoundError as exc:
            # Name the parameter that held the unknown code, not the path's `code`.
            raise NotFoundError(exc.detail, field_name, code, exc.suggestions) from None
    found = lookup.answers_for(session, [j for _role, j in places], as_of, with_sources=True, only=substance)
    answers = [found[(j.id, substance)] for _role, j in places]
    # One query for the advisories of every level on the route, then each stop takes its chain's.
    every_level = sorted({lvl.jurisdiction.id for a in answers for lvl in a.levels})
    advisories = [a for a in rules.advisories(session, every_level) if substance in a.substances and a.active_on(as_of)]
    by_place = contacts.for_places(session, every_level)
    stops, reasons = [], []
    for (role, j), answer in zip(places, answers, strict=True):
        checks = [_check(answer, activity) for activity in ROLE_ACTIVITIES[role]]
        caveat_verdicts = [CAVEAT_VERDICTS.get(c.kind, "caution") for c in answer.caveats]
        verdict = _worst([c.verdict for c in checks] + caveat_verdicts)
        chain_ids = {lvl.jurisdiction.id for lvl in answer.levels}
        on_chain = [a for a in advisories if a.jurisdiction_id in chain_ids]
        stops.append(Stop(role, j, answer, checks, verdict, on_chain, contacts.ask_for(answer, by_place)))
        for c in checks:
            if c.verdict != "ok":
                reasons += [c.reason, *(cond.cited for cond in c.conditions)]
        reasons += [c.message for c in answer.caveats]
    verdict = _worst([s.verdict for s in stops])
    return Route(substance, as_of, stops, verdict, list(dict.fromkeys(reasons)), rules.dataset(session))

"""The place page: the answer per substance first, then the rules behind each, places within, history, citation.

Phone first: what a traveller reads comes before what a reader checks, and the long reference parts
(each rule's law and sources, older advisories, history, long lists of places) are folded into
`<details>` (no script). Notices of levels above are counted and linked, not repeated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flask import redirect, render_template, url_for

from regstatus.config import STALE_AFTER_DAYS
from regstatus.extensions import db
from regstatus.pages.args import load_or_400
from regstatus.pages.views import bp
from regstatus.schemas.args import AsOfArgs
from regstatus.services import listing_filters as lf
from regstatus.services import lookup, notices
from regstatus.services.answer import GERUNDS, NOT_RECORDED, EffectiveAnswer, place_phrase, where
from regstatus.services.language import gettext, join, ngettext, place_name

# A place's own advisories sit in a fold per substance: the newest this many in full, older ones by
# title and link (keeps a federal page short and light: the US has dozens).
ADVISORIES_IN_FULL = 2
# A caveat longer than this many characters keeps its first sentence open and folds the rest (a place
# searched without result carries its search log, a thousand characters, in the caveat).
CAVEAT_OPEN = 240
# The end of a sentence: a word's last letter, a full stop, a space and a capital (not "U.S. Food").
_SENTENCE_END = re.compile(r"(?<=[a-z)'\"])\. (?=[A-Z'\"(])")
# Places within shown open up to this many rows; a longer list is folded behind its counts per status.
CHILDREN_OPEN = 12


def freshness(last_verified: dt.date | None, today: dt.date) -> dict:
    """When the rules behind an answer were last verified, and whether that is too long ago to trust blindly."""
    if last_verified is None:
        return {"on": None, "stale": True, "days": None}
    days = (today - last_verified).days
    return {"on": last_verified, "stale": days > STALE_AFTER_DAYS, "days": days}


def verified_on(answer: EffectiveAnswer) -> dt.date | None:
    """The oldest verification among the rules the answer rests on (levels that set an activity, and the place's own).

    None when any of them was never verified, so the page warns.
    """
    setters = {c.set_by for c in answer.activities.values() if c.set_by} | {answer.place.code}
    behind = [lvl.version for lvl in answer.levels if lvl.version is not None and lvl.jurisdiction.code in setters]
    dates = [v.last_verified_on for v in behind]
    return None if not dates or None in dates else min(dates)


def caveat_parts(message: str) -> tuple[str, str]:
    """A caveat as what is always shown and what is folded: a long one keeps its first sentence open."""
    found = _SENTENCE_END.search(message) if len(message) > CAVEAT_OPEN else None
    if found is None:
        return message, ""
    return message[: found.start() + 1], message[found.end() :]


def sources_of(answer: EffectiveAnswer, code: str) -> list[tuple]:
    """The answer's sources once each, the place's own first, with the role of those from other levels."""
    out: dict[str, tuple] = {}
    for lvl in reversed([lvl for lvl in answer.levels if lvl.version is not None]):
        role = "" if lvl.jurisdiction.code == code else gettext("for %(place)s", place=place_name(lvl.jurisdiction))
        for s in lvl.version.sources:
            out.setdefault(s.url, (s, role))
    for s in answer.governed_by.sources if answer.governed_by else []:
        out.setdefault(s.url, (s, gettext("showing which law applies here")))
    return list(out.values())


def unsettled(answer: EffectiveAnswer) -> list[tuple[str, str]]:
    """Each level where some activity is not established, with those activities in words, once per level.

    Said once below the activities table instead of on every row (a disputed federal rule leaves
    all seven unsettled).
    """
    names = {lvl.jurisdiction.code: lvl.jurisdiction for lvl in answer.levels}
    by_level: dict[str, list[str]] = {}
    for activity, composed in answer.activities.items():
        for code in composed.uncertain_at:
            by_level.setdefault(code, []).append(activity)
    every = len(answer.activities)
    return [
        (where(names[code]), gettext("every activity") if len(acts) == every else ", ".join(acts))
        for code, acts in by_level.items()
    ]


@dataclass
class ActivityNotes:
    """What the activities table says beside each value, and what it says once below the table."""

    groups: list[tuple[str, str | None, list[tuple[int, Any, list[str]]]]] = field(default_factory=list)
    refs: dict[str, list[int]] = field(default_factory=dict)  # activity -> numbers of its conditions
    short: dict[str, str] = field(default_factory=dict)  # activity -> a few words in its cell
    below: list[str] = field(default_factory=list)  # the reasons those words stand for, once each


def activity_notes(answer: EffectiveAnswer) -> ActivityNotes:
    """Each named condition once (grouped by the level and law that state it), and each reason once.

    A condition usually covers several activities (Thailand's import licence is also its export licence),
    and a possession ban decides six of them: said once below the table and referred to from each row,
    they are read once on a phone instead of six times. An age limit or a cap (a condition derived from
    `min_age` or `thresholds`) is left to the limits list below the table, which names them already.
    """
    order = {lvl.jurisdiction.code: i for i, lvl in enumerate(answer.levels)}
    names = {lvl.jurisdiction.code: where(lvl.jurisdiction) for lvl in answer.levels}
    decided: dict[tuple[str | None, str], list[str]] = {}
    unique: list[tuple[Any, list[str]]] = []
    out = ActivityNotes()
    for activity, composed in answer.activities.items():
        named = [cond for cond in composed.conditions if not cond.derived_from]
        if composed.conditions and not named:  # only an age limit or a cap: the limits list says them
            out.short[activity] = gettext("see limits")
        for cond in named:
            entry = next((e for e in unique if e[0] == cond), None)
            if entry is None:
                entry = (cond, [])
                unique.append(entry)
            entry[1].append(activity)
        if composed.because == "possess":
            out.short[activity] = gettext("possession ban")
            decided.setdefault((composed.set_by, composed.value), []).append(gettext(GERUNDS[activity]))
        elif composed.note == gettext(NOT_RECORDED):
            out.short[activity] = gettext("conditions not recorded")
    for (code, value), doings in decided.items():  # the answer's own reasons, one sentence per level and value
        what, there = join(doings), names.get(code, code)
        if value == "prohibited":
            out.below.append(
                ngettext(
                    "Possessing it is prohibited in %(place)s, and %(doing)s means having it there.",
                    "Possessing it is prohibited in %(place)s, and %(doing)s mean having it there.",
                    len(doings),
                    place=there,
                    doing=what,
                )
            )
        else:
            out.below.append(
                gettext(
                    "Possessing it is prohibited in %(place)s; no source says whether that covers %(doing)s.",
                    place=there,
                    doing=what,
                )
            )
    unique.sort(key=lambda e: order.get(e[0].level, len(order)))  # stable: first mention within a level
    for number, (cond, acts) in enumerate(unique, 1):
        key = (cond.level_name, cond.citation)
        if not out.groups or out.groups[-1][:2] != key:
            out.groups.append((*key, []))
        out.groups[-1][2].append((number, cond, acts))
        for activity in acts:
            out.refs.setdefault(activity, []).append(number)
    return out


def status_counts(children: list, substance: str = "kratom") -> dict[str, int]:
    """How many places within have each effective status for a substance, most common first."""
    counts: dict[str, int] = {}
    for c in children:
        status = next((s["status"] for s in c.statuses if s["substance"] == substance), "unknown")
        counts[status] = counts.get(status, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


@bp.get("/jurisdictions/<string:code>")
def jurisdiction(code: str):
    """A place's answer per substance on a date: caveats, activities and the level behind each, sources, history."""
    args = load_or_400(AsOfArgs())
    as_of, known_at = args.get("as_of"), args.get("known_at")
    found = lookup.describe(db.session, code, as_of, known_at)
    if found.jurisdiction.code != code:
        # Only the parameters this page knows: anything else from the query could steer url_for.
        known = {k: v for k, v in (("as_of", as_of), ("known_at", known_at)) if v}
        known = {k: v.isoformat() for k, v in known.items()}
        return redirect(url_for("pages.jurisdiction", code=found.jurisdiction.code, **known), 301)
    j = found.jurisdiction
    past = lookup.history_of(db.session, j).versions
    _page, children = lookup.listing(db.session, as_of=found.as_of, parent=j.code, per_page=500)
    today = lookup.today()
    checked = [freshness(verified_on(a), today) for a in found.effective]
    tiers = [lf.best_tier(a) for a in found.effective]
    notes = [notices.split(j, a.levels, a.advisories, a.pending) for a in found.effective]
    for n in notes:  # the measure that moved last first
        n.pending.sort(key=lambda m: m.stage_on(found.as_of)["on"], reverse=True)
    sources = [sources_of(a, j.code) for a in found.effective]
    unsure = [unsettled(a) for a in found.effective]
    conds = [activity_notes(a) for a in found.effective]
    # Places within with no rule of their own only repeat the answer above: fold them away (77 Thai provinces).
    all_unknown = bool(children) and all(s["own_status"] == "unknown" for c in children for s in c.statuses)
    timeline: dict[str, list] = {}
    for v in past:
        timeline.setdefault(v.substance.name, []).append(v)
    known_at_text = known_at.isoformat() if known_at else lookup.known_at_of(found.dataset)
    permalink = url_for(
        "pages.jurisdiction", code=j.code, as_of=found.as_of.isoformat(), known_at=known_at_text, _external=True
    )
    json_permalink = url_for(
        "jurisdictions.JurisdictionItem", code=j.code, as_of=found.as_of.isoformat(), known_at=known_at_text
    )
    return render_template(
        "jurisdiction.html",
        d=found,
        history=past,
        timeline=timeline,
        children=children,
        children_unknown=all_unknown,
        chosen_date=as_of,
        known_at=known_at,
        checked=checked,
        tiers=tiers,
        notes=notes,
        sources=sources,
        unsettled=unsure,
        conditions=conds,
        children_counts=status_counts(children),
        children_open=CHILDREN_OPEN,
        place_phrase=place_phrase,
        caveat_parts=caveat_parts,
        today=today,
        stale_days=STALE_AFTER_DAYS,
        advisories_in_full=ADVISORIES_IN_FULL,
        permalink=permalink,
        json_permalink=json_permalink,
    )

"""iCalendar feeds of what the law has scheduled: rules taking effect, emergency rules expiring, measures' stages.

Every byte comes from the data: UIDs from the rule version's id or the measure's id and stage (so a
calendar app updates an event instead of adding a second one), DTSTAMP the dataset's date, and the
window of days a feed holds counted from the dataset's date too. One dataset gives the same bytes in
every deployment, on every day (the links name the host that serves them, as the Atom feeds do).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from icalendar import Calendar, Event
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from regstatus.models import Jurisdiction, PendingMeasure, RuleSource, RuleVersion, Substance
from regstatus.services import dating, rules
from regstatus.vocab import MEASURE_STAGES, SUBSTANCES

# The feeds hold every event from this many days before the dataset's date on: the future ones, and the
# recent past, so a subscribed calendar keeps an event for a year after it happened instead of losing it
# the next day. Counted from the data, never from the clock.
LOOKBACK_DAYS = 365
PRODID = "-//regstatus//kratom law calendar//EN"
UID_DOMAIN = "regstatus"


@dataclass
class CalendarEvent:
    """One all-day event: what happens, where, on which day, and the record behind it."""

    kind: str
    uid: str
    place: Jurisdiction
    substances: list[str]
    start: dt.date
    end: dt.date  # the day after the last day (iCalendar's DTEND of an all-day event)
    summary: str
    lines: list[str]
    sources: list[Any] = field(default_factory=list)
    recorded_on: dt.date | None = None

    def description(self, page_url: str) -> str:
        """The event's text: what it is, its citation and every source with its link, and the place's page."""
        out = list(self.lines)
        out += [f"Source: {s.title}, {s.publisher} ({s.url})" for s in self.sources]
        out.append(f"Kind: {self.kind}.")
        out.append(f"Answer and sources: {page_url}")
        out.append("Not legal advice: read the sources and their dates.")
        return "\n".join(out)


def window_start(dated: dt.date) -> dt.date:
    """The first day a feed holds, for a dataset of this date."""
    return dated - dt.timedelta(days=LOOKBACK_DAYS)


def _after(day: dt.date, precision: str) -> dt.date:
    """The day after a date as precise as its source: the next day, month or year."""
    if precision == "year":
        return dt.date(day.year + 1, 1, 1)
    if precision == "month":
        return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return day + dt.timedelta(days=1)


def _names(slugs: list[str]) -> str:
    return " and ".join(SUBSTANCES[s][0] if s in SUBSTANCES else s for s in slugs)


def _head(place: Jurisdiction, slugs: list[str]) -> str:
    return f"{place.name} ({place.code}), {_names(slugs)}"


def _version_lines(v: RuleVersion) -> list[str]:
    lines = [f"Rule version {v.uid} ({v.status}): {v.summary}"]
    lines.append(f"Citation: {v.citation}" if v.citation else "Citation: none recorded (see the sources).")
    return lines


def _rule_events(v: RuleVersion, since: dt.date) -> list[CalendarEvent]:
    slug = v.substance.slug
    out = []
    if v.effective_from is not None and v.effective_from >= since:
        prec = v.date_precision or "day"
        when = dating.shown_date(v.effective_from, prec)
        day_note = [] if prec == "day" else [f"The sources give the {prec} only ({when}), not the day."]
        out.append(
            CalendarEvent(
                "takes-effect",
                f"rule-{v.uid}-takes-effect@{UID_DOMAIN}",
                v.jurisdiction,
                [slug],
                v.effective_from,
                _after(v.effective_from, prec),
                f"{_head(v.jurisdiction, [slug])}: {v.status} rule takes effect",
                [f"Takes effect: {when}.", *day_note, *_version_lines(v)],
                list(v.sources),
                v.recorded_at.date(),
            )
        )
    if v.expires_on is not None and v.expires_on >= since:
        out.append(
            CalendarEvent(
                "expires",
                f"rule-{v.uid}-expires@{UID_DOMAIN}",
                v.jurisdiction,
                [slug],
                v.expires_on,
                v.expires_on + dt.timedelta(days=1),
                f"{_head(v.jurisdiction, [slug])}: temporary {v.status} rule expires",
                [
                    f"Expires on {v.expires_on.isoformat()} by its own terms, unless extended or replaced.",
                    *_version_lines(v),
                ],
                list(v.sources),
                v.recorded_at.date(),
            )
        )
    return out


def _measure_events(m: PendingMeasure, since: dt.date) -> list[CalendarEvent]:
    out = []
    seen: dict[str, int] = {}
    for stage in m.stages:
        name = stage["stage"]
        seen[name] = seen.get(name, 0) + 1
        day = dt.date.fromisoformat(str(stage["on"]))
        if day < since:
            continue
        uid_stage = name if seen[name] == 1 else f"{name}-{seen[name]}"
        note = [f"Stage note: {stage['note']}"] if stage.get("note") else []
        out.append(
            CalendarEvent(
                "measure-stage",
                f"measure-{m.key}-{uid_stage}@{UID_DOMAIN}",
                m.jurisdiction,
                list(m.substances),
                day,
                day + dt.timedelta(days=1),
                f"{_head(m.jurisdiction, list(m.substances))}: {m.identifier} {name.replace('-', ' ')}",
                [
                    f"{m.kind.replace('-', ' ').capitalize()} {m.identifier}: {m.title}.",
                    f"Stage: {name} ({MEASURE_STAGES.get(name, name)}) on {day.isoformat()}.",
                    *note,
                    f"Would: {m.would}",
                ],
                list(m.sources),
                m.recorded_on,
            )
        )
    return out


def events(
    session: Session, since: dt.date, jurisdiction_ids: list[int] | None = None, substance: str | None = None
) -> list[CalendarEvent]:
    """Every scheduled event on or after `since`, of these places (all when None), oldest first."""
    stmt = (
        select(RuleVersion)
        .where(
            RuleVersion.superseded_at.is_(None),
            or_(RuleVersion.effective_from >= since, RuleVersion.expires_on >= since),
        )
        .options(
            selectinload(RuleVersion.substance),
            selectinload(RuleVersion.jurisdiction),
            selectinload(RuleVersion.source_links).joinedload(RuleSource.source),
        )
    )
    mstmt = select(PendingMeasure).options(
        selectinload(PendingMeasure.source_links), selectinload(PendingMeasure.jurisdiction)
    )
    if jurisdiction_ids is not None:
        stmt = stmt.where(RuleVersion.jurisdiction_id.in_(jurisdiction_ids))
        mstmt = mstmt.where(PendingMeasure.jurisdiction_id.in_(jurisdiction_ids))
    if substance is not None:
        stmt = stmt.join(Substance, RuleVersion.substance_id == Substance.id).where(Substance.slug == substance)
    out = [e for v in session.scalars(stmt) for e in _rule_events(v, since)]
    for m in session.scalars(mstmt):
        if substance is None or substance in m.substances:
            out += _measure_events(m, since)
    out.sort(key=lambda e: (e.start, e.place.code, e.kind, e.uid))
    return out


def of_place(session: Session, place: Jurisdiction, since: dt.date, substance: str | None = None):
    """The events of a place and of every level above it (those that compose its answer)."""
    chain = rules.ancestors(session, [place]).of(place)
    return events(session, since, [j.id for j in chain], substance)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def ics(
    *,
    name: str,
    description: str,
    events: list[CalendarEvent],
    page_url: Callable[[CalendarEvent], str],
    dated: dt.date,
    license_id: str = "CC-BY-4.0",
) -> bytes:
    """The iCalendar document (RFC 5545); DTSTAMP of every event is the dataset's date, never now."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", f"{description} Data licence: {license_id}.")
    stamp = _midnight(dated)
    for e in events:
        url = page_url(e)
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        if e.recorded_on is not None:
            ev.add("created", _midnight(e.recorded_on))
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end)
        ev.add("summary", e.summary)
        ev.add("description", e.description(url))
        ev.add("url", url)
        ev.add("categories", [e.kind, *e.substances])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()

"""Atom feeds of change events, dated by the data (never by the clock), with stable tag: ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from feedgen.feed import FeedGenerator
from sqlalchemy.orm import Session

from regstatus.models import ChangeEvent, Jurisdiction, RuleVersion
from regstatus.services import changes, dating, rules
from regstatus.vocab import LEGAL_CHANGE_KINDS

# tag: URIs (RFC 4151): the same in every deployment, whatever host serves the feed.
TAG = "tag:regstatus,2026:"
LATEST = 50
ARROW = "\u2192"


def entry_id(event: ChangeEvent) -> str:
    """The entry's permanent id, from the event's uid (a digest of the event)."""
    return f"{TAG}change:{event.uid}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def latest(session: Session, limit: int = LATEST, kind: list[str] | None = None) -> list[ChangeEvent]:
    """The events the dataset said most recently (recorded date, then legal date, newest first).

    By default the legal events only: a recording or a correction is no change in law (`kind` asks for others).
    """
    events = changes.changes(session, kind=kind)
    events.sort(key=lambda e: (e.recorded_on, e.happened_on, e.uid), reverse=True)
    return events[:limit]


def of_place(session: Session, place: Jurisdiction) -> tuple[list[ChangeEvent], dict[str, RuleVersion]]:
    """A place's own events of every kind, newest date first, and its versions (corrected texts too) by id."""
    versions = {v.uid: v for v in rules.history(session, place)}
    return changes.changes(session, jurisdiction=place.code, kind=changes.ALL_KINDS), versions


def title_of(e: ChangeEvent) -> str:
    """A one-line title: place, substance, what happened, and when in law."""
    head = f"{e.jurisdiction.name} ({e.jurisdiction.code}), {e.substance}"
    if e.kind == "in-force":
        when = dating.shown_date(e.happened_on, e.date_precision)
        return f"{head}: {e.old_status or 'no rule recorded'} {ARROW} {e.new_status} from {when}"
    if e.kind == "recorded":
        return f"{head}: recorded as {e.new_status} on {e.recorded_on} (no legal date: a change in our record)"
    if e.kind == "lapsed":
        return f"{head}: the {e.old_status} rule ended on {e.happened_on}"
    if e.kind == "corrected":
        return f"{head}: record corrected ({e.old_status} {ARROW} {e.new_status or 'removed'})"
    if e.kind == "advisory":
        return f"{head}: advisory issued {e.happened_on}"
    return f"{head}: measure stage on {e.happened_on}"


def _content(e: ChangeEvent, version: RuleVersion | None) -> str:
    if e.kind in LEGAL_CHANGE_KINDS:
        legal = dating.shown_date(e.happened_on, e.date_precision)
        dates = f"Legal date: {legal}. Recorded in the dataset: {e.recorded_on}."
    else:
        dates = f"Kind: {e.kind} (a change in our record, not in the law). Recorded in the dataset: {e.happened_on}."
    lines = [e.detail, dates]
    if version is not None:
        lines.append(f"Version {version.uid} ({version.status}): {version.summary}")
        if version.citation:
            lines.append(f"Citation: {version.citation}")
        lines += [f"Source: {s.title}, {s.publisher} <{s.url}>" for s in version.sources]
    return "\n".join(lines)


def atom(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    html_url: str,
    events: list[ChangeEvent],
    entry_url: Callable[[ChangeEvent], str],
    dated: dt.date,
    versions: dict[str, RuleVersion] | None = None,
    license_id: str = "CC-BY-4.0",
) -> bytes:
    """The Atom document; `updated` is the newest entry's recorded date, or `dated` (the dataset's) when empty."""
    fg = FeedGenerator()
    fg.id(TAG + feed_id)
    fg.title(title)
    fg.author({"name": "regstatus"})
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.link(href=html_url, rel="alternate", type="text/html")
    fg.rights(f"Data licence: {license_id}")
    fg.language("en")
    newest = max((e.recorded_on for e in events), default=dated)
    fg.updated(_midnight(newest))
    for e in events:
        fe = fg.add_entry(order="append")
        fe.id(entry_id(e))
        fe.title(title_of(e))
        fe.updated(_midnight(e.recorded_on))
        fe.link(href=entry_url(e), rel="alternate", type="text/html")
        fe.category(term=e.kind)
        fe.content(_content(e, (versions or {}).get(e.version_uid or "")), type="text")
    return fg.atom_str(pretty=True)

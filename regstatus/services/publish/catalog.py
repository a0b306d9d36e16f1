"""Catalog queries: sources and what each supports, advisories, pending measures, dataset counts."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from regstatus.errors import NotFoundError
from regstatus.models import (
    Advisory,
    AdvisorySource,
    ChangeEvent,
    Governance,
    GovernanceSource,
    Jurisdiction,
    MeasureSource,
    PendingMeasure,
    RuleSource,
    RuleVersion,
    Source,
)
from regstatus.services import jurisdictions as jur
from regstatus.services import lookup, rules
from regstatus.services.publish import bytewise
from regstatus.vocab import LEGAL_CHANGE_KINDS, SOURCE_TIERS, STATUSES


@dataclass
class Slice:
    """One page of a catalog listing."""

    items: list[Any]
    total: int
    page: int
    per_page: int


def _cut(items: list[Any], page: int, per_page: int) -> Slice:
    return Slice(items[(page - 1) * per_page : page * per_page], len(items), page, per_page)


def _place(session: Session, code: str | None) -> Jurisdiction | None:
    # An unknown code is a 404 naming the parameter, as everywhere else.
    if code is None:
        return None
    try:
        return jur.get_by_code(session, code)
    except NotFoundError as exc:
        raise NotFoundError(exc.detail, "jurisdiction", code, exc.suggestions) from None


def sources(
    session: Session,
    *,
    kind: str | None = None,
    tier: int | None = None,
    jurisdiction: str | None = None,
    publisher: str | None = None,
    page: int = 1,
    per_page: int = 100,
) -> Slice:
    """Sources by id, filtered by kind, tier, a place whose rows, advisories or measures cite them, publisher."""
    stmt = select(Source)
    if kind:
        stmt = stmt.where(Source.kind == kind)
    if tier is not None:
        stmt = stmt.where(Source.kind.in_(sorted(k for k, t in SOURCE_TIERS.items() if t == tier)))
    if publisher:
        # Case-insensitive "contains": publishers are written out in full and journalists type part of one.
        stmt = stmt.where(func.lower(Source.publisher).contains(publisher.strip().lower(), autoescape=True))
    place = _place(session, jurisdiction)
    if place is not None:
        cited = (
            select(RuleSource.source_id)
            .join(RuleVersion)
            .where(RuleVersion.jurisdiction_id == place.id)
            .union(
                select(AdvisorySource.source_id).join(Advisory).where(Advisory.jurisdiction_id == place.id),
                select(MeasureSource.source_id).join(PendingMeasure).where(PendingMeasure.jurisdiction_id == place.id),
                select(GovernanceSource.source_id).join(Governance).where(Governance.territory_id == place.id),
            )
        )
        stmt = stmt.where(Source.id.in_(cited))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    ordered = stmt.order_by(bytewise(session, Source.key))
    items = list(session.scalars(ordered.limit(per_page).offset((page - 1) * per_page)))
    return Slice(items, total, page, per_page)


@dataclass
class SourceUse:
    """A source with every rule version, advisory and pending measure that cites it."""

    source: Source
    versions: list[RuleVersion] = field(default_factory=list)
    advisories: list[Advisory] = field(default_factory=list)
    pending: list[PendingMeasure] = field(default_factory=list)
    governance: list[Governance] = field(default_factory=list)

    def __getattr__(self, name: str):
        return getattr(self.source, name)


def source(session: Session, key: str) -> SourceUse:
    """One source by its seed id, with what it supports; NotFoundError naming `id` otherwise."""
    found = session.scalars(select(Source).where(Source.key == key.strip().lower())).first()
    if found is None:
        keys = list(session.scalars(select(Source.key)))
        close = difflib.get_close_matches(key.strip().lower(), keys, n=5, cutoff=0.6)
        raise NotFoundError(f"No source has the id {key!r}.", "id", key, close)
    versions = session.scalars(
        select(RuleVersion)
        .join(RuleSource)
        .join(Jurisdiction, RuleVersion.jurisdiction_id == Jurisdiction.id)
        .where(RuleSource.source_id == found.id)
        .options(selectinload(RuleVersion.jurisdiction), selectinload(RuleVersion.substance))
        .order_by(
            bytewise(session, Jurisdiction.code),
            RuleVersion.substance_id,
            RuleVersion.starts_on.asc().nulls_first(),
            RuleVersion.uid,
        )
    )
    advisories = session.scalars(
        select(Advisory)
        .join(AdvisorySource)
        .where(AdvisorySource.source_id == found.id)
        .options(selectinload(Advisory.jurisdiction))
        .order_by(Advisory.issued_on.desc(), bytewise(session, Advisory.key))
    )
    pending = session.scalars(
        select(PendingMeasure)
        .join(MeasureSource)
        .where(MeasureSource.source_id == found.id)
        .options(selectinload(PendingMeasure.jurisdiction))
        .order_by(bytewise(session, PendingMeasure.key))
    )
    governance = session.scalars(
        select(Governance)
        .join(GovernanceSource)
        .join(Jurisdiction, Governance.territory_id == Jurisdiction.id)
        .where(GovernanceSource.source_id == found.id)
        .options(selectinload(Governance.territory))
        .order_by(bytewise(session, Jurisdiction.code))
    )
    return SourceUse(found, list(versions), list(advisories), list(pending), list(governance))


def advisories(
    session: Session,
    *,
    jurisdiction: str | None = None,
    substance: str | None = None,
    kind: str | None = None,
    active_on: dt.date | None = None,
    since: dt.date | None = None,
    page: int = 1,
    per_page: int = 100,
) -> Slice:
    """Advisories, newest issued first: a place's own, a substance, a kind, in effect on a date, issued since."""
    stmt = select(Advisory).options(
        selectinload(Advisory.jurisdiction), selectinload(Advisory.source_links).joinedload(AdvisorySource.source)
    )
    place = _place(session, jurisdiction)
    if place is not None:
        stmt = stmt.where(Advisory.jurisdiction_id == place.id)
    if kind:
        stmt = stmt.where(Advisory.kind == kind)
    if since:
        stmt = stmt.where(Advisory.issued_on >= since)
    if active_on:
        stmt = stmt.where(
            Advisory.issued_on <= active_on, or_(Advisory.ends_on.is_(None), Advisory.ends_on > active_on)
        )
    found = session.scalars(stmt.order_by(Advisory.issued_on.desc(), bytewise(session, Advisory.key)))
    # Substances are a JSON list: filtered here, alike on both engines (advisories are few).
    items = [a for a in found if substance is None or substance in a.substances]
    return _cut(items, page, per_page)


def pending(
    session: Session,
    *,
    jurisdiction: str | None = None,
    substance: str | None = None,
    stage: str | None = None,
    open_on: dt.date | None = None,
    since: dt.date | None = None,
    page: int = 1,
    per_page: int = 100,
) -> Slice:
    """Pending measures by id: a place's own, a substance, the stage reached (by `open_on`), open then, moved since."""
    stmt = select(PendingMeasure).options(
        selectinload(PendingMeasure.jurisdiction),
        selectinload(PendingMeasure.source_links).joinedload(MeasureSource.source),
    )
    place = _place(session, jurisdiction)
    if place is not None:
        stmt = stmt.where(PendingMeasure.jurisdiction_id == place.id)
    out = []
    for m in session.scalars(stmt.order_by(bytewise(session, PendingMeasure.key))):
        reached = m.stage_on(open_on) if open_on else (m.stages[-1] if m.stages else None)
        if substance and substance not in m.substances:
            continue
        if open_on and not m.open_on(open_on):
            continue
        if stage and (reached is None or reached["stage"] != stage):
            continue
        if since and not any(dt.date.fromisoformat(s["on"]) >= since for s in m.stages):
            continue
        m.stage = reached
        out.append(m)
    return _cut(out, page, per_page)


def counts(session: Session, as_of: dt.date) -> dict[str, Any]:
    """What the dataset holds: places, researched places, effective statuses per substance on a date, and more."""
    places = list(session.scalars(select(Jurisdiction)))
    researched = session.scalar(
        select(func.count(func.distinct(RuleVersion.jurisdiction_id))).where(RuleVersion.superseded_at.is_(None))
    )
    # One pass over every place's answers for every substance (the answer service composes them).
    answers = lookup.answers_for(session, places, as_of)
    by_status = {s.slug: dict.fromkeys(STATUSES, 0) for s in rules.substances(session)}
    for (_place, slug), a in answers.items():
        by_status[slug][a.status] += 1
    measures = list(session.scalars(select(PendingMeasure)))
    return {
        "jurisdictions": len(places),
        "researched": researched or 0,
        "statuses": by_status,
        "versions": session.scalar(select(func.count()).select_from(RuleVersion)) or 0,
        "sources": session.scalar(select(func.count()).select_from(Source)) or 0,
        "advisories": session.scalar(select(func.count()).select_from(Advisory)) or 0,
        "pending": len(measures),
        "pending_open": sum(1 for m in measures if m.open_on(as_of)),
        "changes": session.scalar(
            select(func.count()).select_from(ChangeEvent).where(ChangeEvent.kind.in_(LEGAL_CHANGE_KINDS))
        )
        or 0,
    }


def newest_change(session: Session, as_of: dt.date) -> ChangeEvent | None:
    """The latest legal change event on or before a date (later, future-dated ones are not news yet)."""
    stmt = (
        select(ChangeEvent)
        .where(ChangeEvent.happened_on <= as_of, ChangeEvent.kind.in_(LEGAL_CHANGE_KINDS))
        .options(selectinload(ChangeEvent.jurisdiction))
        .order_by(ChangeEvent.happened_on.desc(), ChangeEvent.uid)
        .limit(1)
    )
    return session.scalars(stmt).first()


def newest_verification(session: Session) -> RuleVersion | None:
    """The current version verified most recently."""
    stmt = (
        select(RuleVersion)
        .where(RuleVersion.superseded_at.is_(None), RuleVersion.last_verified_on.is_not(None))
        .options(selectinload(RuleVersion.jurisdiction), selectinload(RuleVersion.substance))
        .order_by(RuleVersion.last_verified_on.desc(), RuleVersion.uid)
        .limit(1)
    )
    return session.scalars(stmt).first()

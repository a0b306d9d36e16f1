"""Reading versions, advisories and measures for a set of places, as the record stood at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from regstatus.models import (
    Advisory,
    DatasetVersion,
    Jurisdiction,
    PendingMeasure,
    RuleSource,
    RuleVersion,
    Substance,
)


def visible_at(known_at: dt.datetime | None):
    """System-time filter: versions current now, or as the record stood at `known_at`."""
    rv = RuleVersion
    if known_at is None:
        return rv.superseded_at.is_(None)
    return and_(rv.recorded_at <= known_at, or_(rv.superseded_at.is_(None), rv.superseded_at > known_at))


def substances(session: Session) -> list[Substance]:
    """All substances, kratom first."""
    return list(session.scalars(select(Substance).order_by(Substance.id)))


def versions_by_place(
    session: Session, jurisdiction_ids: list[int], known_at: dt.datetime | None = None, with_sources: bool = True
) -> dict[tuple[int, str], list[RuleVersion]]:
    """Every version visible at `known_at`, grouped by (jurisdiction id, substance slug)."""
    out: dict[tuple[int, str], list[RuleVersion]] = defaultdict(list)
    if not jurisdiction_ids:
        return out
    stmt = select(RuleVersion).where(visible_at(known_at), RuleVersion.jurisdiction_id.in_(jurisdiction_ids))
    options = [selectinload(RuleVersion.substance)]
    if with_sources:
        options.append(selectinload(RuleVersion.source_links).joinedload(RuleSource.source))
    for v in session.scalars(stmt.options(*options)):
        out[(v.jurisdiction_id, v.substance.slug)].append(v)
    return out


def history(session: Session, jurisdiction: Jurisdiction, substance: str | None = None) -> list[RuleVersion]:
    """Every version ever recorded for a jurisdiction, oldest legal date first, superseded ones included."""
    stmt = select(RuleVersion).join(Substance).where(RuleVersion.jurisdiction_id == jurisdiction.id)
    if substance:
        stmt = stmt.where(Substance.slug == substance)
    stmt = stmt.options(
        selectinload(RuleVersion.source_links).joinedload(RuleSource.source), selectinload(RuleVersion.substance)
    ).order_by(Substance.id, RuleVersion.starts_on.asc().nulls_first(), RuleVersion.recorded_at, RuleVersion.uid)
    return list(session.scalars(stmt))


def _recorded_by(model, known_at: dt.datetime | None):
    return True if known_at is None else model.recorded_on <= known_at.date()


def advisories(session: Session, jurisdiction_ids: list[int], known_at: dt.datetime | None = None) -> list[Advisory]:
    """Advisories issued by these places, newest first."""
    stmt = (
        select(Advisory)
        .where(Advisory.jurisdiction_id.in_(jurisdiction_ids), _recorded_by(Advisory, known_at))
        .options(selectinload(Advisory.source_links), selectinload(Advisory.jurisdiction))
        .order_by(Advisory.issued_on.desc(), Advisory.key)
    )
    return list(session.scalars(stmt))


def measures(
    session: Session, jurisdiction_ids: list[int], known_at: dt.datetime | None = None
) -> list[PendingMeasure]:
    """Bills and proposed rules of these places."""
    stmt = (
        select(PendingMeasure)
        .where(PendingMeasure.jurisdiction_id.in_(jurisdiction_ids), _recorded_by(PendingMeasure, known_at))
        .options(selectinload(PendingMeasure.source_links), selectinload(PendingMeasure.jurisdiction))
        .order_by(PendingMeasure.key)
    )
    return list(session.scalars(stmt))


def dataset(session: Session) -> DatasetVersion:
    """The dataset version the database holds (an empty placeholder before the first load)."""
    return session.get(DatasetVersion, 1) or DatasetVersion(version="none", dated=dt.date(1970, 1, 1))


def ancestors(session: Session, jurisdictions: list[Jurisdiction]) -> dict[int, Jurisdiction]:
    """The given places and every place above them, by id."""
    found = {j.id: j for j in jurisdictions}
    missing = {j.parent_id for j in jurisdictions if j.parent_id and j.parent_id not in found}
    while missing:
        rows = list(session.scalars(select(Jurisdiction).where(Jurisdiction.id.in_(missing))))
        found.update({j.id: j for j in rows})
        missing = {j.parent_id for j in rows if j.parent_id and j.parent_id not in found}
    return found


def chain_of(j: Jurisdiction, by_id: dict[int, Jurisdiction]) -> list[Jurisdiction]:
    """The place's ancestors and itself, country first."""
    out = [j]
    while out[-1].parent_id:
        out.append(by_id[out[-1].parent_id])
    return list(reversed(out))

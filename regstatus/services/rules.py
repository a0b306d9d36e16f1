"""Reading versions, advisories and measures for a set of places, as the record stood at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from regstatus.models import (
    Advisory,
    DatasetVersion,
    Governance,
    GovernanceSource,
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


@dataclass
class Chains:
    """The places some places' chains need, and the governance findings that put a state above a territory."""

    by_id: dict[int, Jurisdiction]
    governed: dict[int, Governance]

    def governance_of(self, j: Jurisdiction) -> Governance | None:
        """The finding that another state's law applies at the top of this place's chain, if any."""
        top = self.by_id[j.id]
        while top.parent_id:
            top = self.by_id[top.parent_id]
        return self.governed.get(top.id)

    def of(self, j: Jurisdiction) -> list[Jurisdiction]:
        """The place's ancestors and itself, country first; a governing state comes before its territory."""
        out = [j]
        while out[-1].parent_id:
            out.append(self.by_id[out[-1].parent_id])
        gov = self.governed.get(out[-1].id)
        if gov is not None:
            out.append(self.by_id[gov.state_id])
        return list(reversed(out))


def governance(session: Session, known_at: dt.datetime | None = None) -> dict[int, Governance]:
    """Every governance finding the record held at `known_at`, by territory id."""
    stmt = select(Governance).where(_recorded_by(Governance, known_at))
    stmt = stmt.options(
        selectinload(Governance.source_links).joinedload(GovernanceSource.source), selectinload(Governance.state)
    )
    return {g.territory_id: g for g in session.scalars(stmt)}


def ancestors(session: Session, jurisdictions: list[Jurisdiction], known_at: dt.datetime | None = None) -> Chains:
    """The given places, every place above them and the states that govern their countries."""
    governed = governance(session, known_at)
    found = {j.id: j for j in jurisdictions}

    def above(rows) -> set[int]:
        ids = {j.parent_id for j in rows if j.parent_id}
        ids |= {governed[j.id].state_id for j in rows if j.id in governed}
        return ids - set(found)

    missing = above(jurisdictions)
    while missing:
        rows = list(session.scalars(select(Jurisdiction).where(Jurisdiction.id.in_(missing))))
        found.update({j.id: j for j in rows})
        missing = above(rows)
    return Chains(found, governed)

"""Which rule version is in force where and when, the history, and the combined answer for a place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from regstatus.models import Jurisdiction, RuleSource, RuleVersion, Substance

# Strictest first; `unknown` never outranks a known status.
STRICTNESS = {"banned": 5, "restricted": 4, "disputed": 3, "regulated": 2, "legal": 1, "unknown": 0}


def visible_at(known_at: dt.datetime | None):
    """System-time filter: versions current now, or as the record stood at `known_at`."""
    rv = RuleVersion
    if known_at is None:
        return rv.superseded_at.is_(None)
    return and_(rv.recorded_at <= known_at, or_(rv.superseded_at.is_(None), rv.superseded_at > known_at))


def in_force(
    as_of: dt.date,
    known_at: dt.datetime | None = None,
    substance_id: int | None = None,
    jurisdiction_ids: list[int] | None = None,
):
    """Subquery of (id, jurisdiction_id, substance_id, status) for versions in force on `as_of`.

    The latest version that started on or before the date wins, unless its own
    effective_to or expires_on has passed, in which case nothing is in force.
    """
    rv = RuleVersion
    rank = (
        func.row_number()
        .over(
            partition_by=(rv.jurisdiction_id, rv.substance_id),
            order_by=(rv.effective_from.desc().nulls_last(), rv.recorded_at.desc()),
        )
        .label("rank")
    )
    conditions = [visible_at(known_at), or_(rv.effective_from.is_(None), rv.effective_from <= as_of)]
    if substance_id is not None:
        conditions.append(rv.substance_id == substance_id)
    if jurisdiction_ids is not None:
        # Filter before ranking, so a lookup ranks a handful of rows, not the whole table.
        conditions.append(rv.jurisdiction_id.in_(jurisdiction_ids))
    ranked = (
        select(rv.id, rv.jurisdiction_id, rv.substance_id, rv.status, rv.effective_to, rv.expires_on, rank)
        .where(*conditions)
        .subquery("ranked")
    )
    return (
        select(ranked.c.id, ranked.c.jurisdiction_id, ranked.c.substance_id, ranked.c.status)
        .where(
            ranked.c.rank == 1,
            or_(ranked.c.effective_to.is_(None), ranked.c.effective_to > as_of),
            or_(ranked.c.expires_on.is_(None), ranked.c.expires_on > as_of),
        )
        .subquery("in_force")
    )


def _with_sources(stmt: Select) -> Select:
    return stmt.options(
        selectinload(RuleVersion.source_links).joinedload(RuleSource.source),
        selectinload(RuleVersion.substance),
    )


def substances(session: Session) -> list[Substance]:
    """All substances, kratom first."""
    return list(session.scalars(select(Substance).order_by(Substance.id)))


def versions_in_force(
    session: Session, jurisdiction_ids: list[int], as_of: dt.date, known_at: dt.datetime | None = None
) -> dict[tuple[int, str], RuleVersion]:
    """The version in force per (jurisdiction id, substance slug), for the given jurisdictions."""
    if not jurisdiction_ids:
        return {}
    sub = in_force(as_of, known_at, jurisdiction_ids=jurisdiction_ids)
    stmt = _with_sources(select(RuleVersion).join(sub, sub.c.id == RuleVersion.id))
    return {(v.jurisdiction_id, v.substance.slug): v for v in session.scalars(stmt)}


def history(session: Session, jurisdiction: Jurisdiction, substance: str | None = None) -> list[RuleVersion]:
    """Every version ever recorded for a jurisdiction, oldest legal date first, superseded ones included."""
    stmt = select(RuleVersion).join(Substance).where(RuleVersion.jurisdiction_id == jurisdiction.id)
    if substance:
        stmt = stmt.where(Substance.slug == substance)
    stmt = _with_sources(stmt).order_by(
        Substance.id, RuleVersion.effective_from.asc().nulls_first(), RuleVersion.recorded_at, RuleVersion.id
    )
    return list(session.scalars(stmt))


@dataclass
class LevelStatus:
    """One level of the chain country -> subdivision -> locality."""

    jurisdiction: Jurisdiction
    version: RuleVersion | None

    @property
    def status(self) -> str:
        """The status at this level, `unknown` without a version."""
        return self.version.status if self.version else "unknown"


@dataclass
class EffectiveAnswer:
    """The combined answer for one substance at a place: each level, and the strictest."""

    substance: Substance
    levels: list[LevelStatus]

    @property
    def strictest(self) -> LevelStatus | None:
        """The level with the strictest known status; the lowest such level on a tie."""
        known = [lvl for lvl in reversed(self.levels) if lvl.status != "unknown"]
        return max(known, key=lambda lvl: STRICTNESS[lvl.status], default=None)

    @property
    def status(self) -> str:
        """The strictest known status along the chain."""
        return self.strictest.status if self.strictest else "unknown"

    @property
    def determined_by(self) -> Jurisdiction | None:
        """The level that sets the strictest status."""
        return self.strictest.jurisdiction if self.strictest else None

    @property
    def preemption(self) -> list[str]:
        """Preemption notes found along the chain."""
        return [lvl.version.preemption for lvl in self.levels if lvl.version and lvl.version.preemption]


def chain(jurisdiction: Jurisdiction) -> list[Jurisdiction]:
    """The jurisdiction's ancestors and itself, country first."""
    out = []
    node: Jurisdiction | None = jurisdiction
    while node is not None:
        out.append(node)
        node = node.parent
    return list(reversed(out))


def effective_answers(
    session: Session, jurisdiction: Jurisdiction, as_of: dt.date, known_at: dt.datetime | None = None
) -> list[EffectiveAnswer]:
    """Per substance, the statuses along the chain and the strictest one."""
    levels = chain(jurisdiction)
    found = versions_in_force(session, [j.id for j in levels], as_of, known_at)
    return [
        EffectiveAnswer(s, [LevelStatus(j, found.get((j.id, s.slug))) for j in levels]) for s in substances(session)
    ]

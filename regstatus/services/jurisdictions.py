"""Finding and listing jurisdictions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from regstatus.errors import NotFoundError
from regstatus.models import Jurisdiction, JurisdictionName
from regstatus.services.text import fold


@dataclass
class Page:
    """One page of a listing."""

    items: list[Jurisdiction]
    total: int
    page: int
    per_page: int


def suggestions(session: Session, code: str, limit: int = 5) -> list[str]:
    """Codes close to a code or name that matched nothing."""
    rows = session.execute(select(JurisdictionName.folded, Jurisdiction.code).join(Jurisdiction)).all()
    by_text: dict[str, str] = {}
    for text, jcode in rows:
        by_text.setdefault(text, jcode)
    out: list[str] = []
    for match in difflib.get_close_matches(fold(code), list(by_text), n=limit * 3, cutoff=0.6):
        if by_text[match] not in out:
            out.append(by_text[match])
    return out[:limit]


def get_by_code(session: Session, code: str) -> Jurisdiction:
    """The jurisdiction with this code, any case; NotFoundError with close matches otherwise."""
    stmt = (
        select(Jurisdiction)
        .where(Jurisdiction.code == code.strip().upper())
        .options(selectinload(Jurisdiction.names), selectinload(Jurisdiction.children))
    )
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFoundError(f"No jurisdiction has the code {code!r}.", "code", code, suggestions(session, code))
    return found


def list_jurisdictions(
    session: Session,
    *,
    level: str | None = None,
    parent: str | None = None,
    only_ids: set[int] | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = 100,
) -> Page:
    """Jurisdictions matching the filters, best search matches first, then by level and name.

    `only_ids` keeps the places a caller selected by status (statuses are answers, computed elsewhere).
    """
    stmt = select(Jurisdiction)
    order = []
    if level:
        stmt = stmt.where(Jurisdiction.level == level)
    if parent:
        parent_j = get_by_code(session, parent)
        stmt = stmt.where(Jurisdiction.parent_id == parent_j.id)
    if only_ids is not None:
        stmt = stmt.where(Jurisdiction.id.in_(sorted(only_ids)))
    if q and fold(q):
        needle = fold(q)
        score = func.max(
            case(
                (JurisdictionName.folded == needle, 3),
                (JurisdictionName.folded.startswith(needle, autoescape=True), 2),
                else_=1,
            )
        )
        hits = (
            select(JurisdictionName.jurisdiction_id, score.label("score"))
            .where(JurisdictionName.folded.contains(needle, autoescape=True))
            .group_by(JurisdictionName.jurisdiction_id)
            .subquery("hits")
        )
        stmt = stmt.join(hits, hits.c.jurisdiction_id == Jurisdiction.id)
        order.append(hits.c.score.desc())
    level_rank = case({"country": 0, "subdivision": 1, "locality": 2}, value=Jurisdiction.level)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    stmt = (
        stmt.order_by(*order, level_rank, Jurisdiction.name, Jurisdiction.code)
        .options(selectinload(Jurisdiction.parent))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(list(session.scalars(stmt)), total, page, per_page)


def candidates(session: Session, level: str | None = None, parent: str | None = None) -> list[Jurisdiction]:
    """Every place at a level and under a parent (for filters that need each one's answer)."""
    stmt = select(Jurisdiction)
    if level:
        stmt = stmt.where(Jurisdiction.level == level)
    if parent:
        stmt = stmt.where(Jurisdiction.parent_id == get_by_code(session, parent).id)
    return list(session.scalars(stmt))

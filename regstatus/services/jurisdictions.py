"""Finding and listing jurisdictions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from regstatus.errors import NotFoundError
from regstatus.models import Jurisdiction
from regstatus.services import search as finder


@dataclass
class Page:
    """One page of a listing."""

    items: list[Jurisdiction]
    total: int
    page: int
    per_page: int
    found: finder.Result | None = field(default=None)


def get_by_code(session: Session, code: str) -> Jurisdiction:
    """The jurisdiction with this code, any case; NotFoundError with close matches otherwise."""
    stmt = (
        select(Jurisdiction)
        .where(Jurisdiction.code == code.strip().upper())
        .options(selectinload(Jurisdiction.names), selectinload(Jurisdiction.children))
    )
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFoundError(f"No jurisdiction has the code {code!r}.", "code", code, finder.suggestions(session, code))
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
    """Jurisdictions matching the filters: in search order when `q` is given, else by level and name.

    `only_ids` keeps the places a caller selected by status (statuses are answers, computed elsewhere).
    """
    stmt = select(Jurisdiction)
    if level:
        stmt = stmt.where(Jurisdiction.level == level)
    if parent:
        parent_j = get_by_code(session, parent)
        stmt = stmt.where(Jurisdiction.parent_id == parent_j.id)
    if only_ids is not None:
        stmt = stmt.where(Jurisdiction.id.in_(sorted(only_ids)))
    if q is not None:
        return _searched(session, stmt, finder.search(session, q), page, per_page)
    level_rank = case({"country": 0, "subdivision": 1, "locality": 2}, value=Jurisdiction.level)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    stmt = (
        stmt.order_by(level_rank, Jurisdiction.name, Jurisdiction.code)
        .options(selectinload(Jurisdiction.parent))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(list(session.scalars(stmt)), total, page, per_page)


def _searched(session: Session, stmt, found: finder.Result, page: int, per_page: int) -> Page:
    """The other filters applied in SQL to the places a search found, kept in the search's order."""
    if not found.matches:
        return Page([], 0, page, per_page, found)
    stmt = stmt.where(Jurisdiction.code.in_(list(found.by_code))).options(selectinload(Jurisdiction.parent))
    kept = {j.code: j for j in session.scalars(stmt)}
    ordered = [kept[m.code] for m in found.matches if m.code in kept]
    start = (page - 1) * per_page
    return Page(ordered[start : start + per_page], len(ordered), page, per_page, found)


def candidates(session: Session, level: str | None = None, parent: str | None = None) -> list[Jurisdiction]:
    """Every place at a level and under a parent (for filters that need each one's answer)."""
    stmt = select(Jurisdiction)
    if level:
        stmt = stmt.where(Jurisdiction.level == level)
    if parent:
        stmt = stmt.where(Jurisdiction.parent_id == get_by_code(session, parent).id)
    return list(session.scalars(stmt))

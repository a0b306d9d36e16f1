"""Finding and listing jurisdictions."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session, selectinload

from regstatus.errors import NotFoundError
from regstatus.models import Jurisdiction, JurisdictionName, Substance
from regstatus.services.rules import in_force
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


def _with_status(session: Session, stmt, as_of: dt.date, substance: str):
    """Join a jurisdiction query to one substance's in-force status; `unknown` where none is in force."""
    sub_id = session.scalar(select(Substance.id).where(Substance.slug == substance))
    cur = in_force(as_of, None, sub_id)
    status = func.coalesce(cur.c.status, literal("unknown"))
    return stmt.outerjoin(cur, cur.c.jurisdiction_id == Jurisdiction.id), status


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
    as_of: dt.date,
    level: str | None = None,
    parent: str | None = None,
    status: str | None = None,
    substance: str = "kratom",
    q: str | None = None,
    page: int = 1,
    per_page: int = 100,
) -> Page:
    """Jurisdictions matching the filters, best search matches first, then by level and name."""
    stmt = select(Jurisdiction)
    order = []
    if level:
        stmt = stmt.where(Jurisdiction.level == level)
    if parent:
        parent_j = get_by_code(session, parent)
        stmt = stmt.where(Jurisdiction.parent_id == parent_j.id)
    if status:
        stmt, current = _with_status(session, stmt, as_of, substance)
        stmt = stmt.where(current == status)
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


def countries_by_status(session: Session, as_of: dt.date, substance: str = "kratom") -> dict[str, list[Jurisdiction]]:
    """Every country grouped by its status for one substance on a date."""
    stmt, status = _with_status(session, select(Jurisdiction), as_of, substance)
    rows = session.execute(
        stmt.add_columns(status).where(Jurisdiction.level == "country").order_by(Jurisdiction.name)
    ).all()
    groups: dict[str, list[Jurisdiction]] = {}
    for j, status in rows:
        groups.setdefault(status, []).append(j)
    return groups

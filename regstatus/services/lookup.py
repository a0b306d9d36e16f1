"""The answers the API and pages give: one place on a date, its history, a listing with statuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from regstatus.models import Jurisdiction, RuleVersion, Substance
from regstatus.services import jurisdictions as jur
from regstatus.services import rules

NOT_RESEARCHED = "Not researched yet: no source has been recorded for this substance here."


def today() -> dt.date:
    """Today's date in UTC, the default legal date of every answer."""
    return dt.datetime.now(dt.UTC).date()


def placeholder(substance: Substance) -> RuleVersion:
    """An unsaved `unknown` version, for a substance nobody has recorded here."""
    return RuleVersion(substance=substance, status="unknown", summary=NOT_RESEARCHED, thresholds=[], source_links=[])


@dataclass
class Description:
    """One jurisdiction answered for one legal date (and optionally one system time)."""

    jurisdiction: Jurisdiction
    as_of: dt.date
    known_at: dt.datetime | None
    statuses: list[RuleVersion]
    effective: list[rules.EffectiveAnswer]
    aliases: list[str] = field(default_factory=list)


def describe(
    session: Session, code: str, as_of: dt.date | None = None, known_at: dt.datetime | None = None
) -> Description:
    """The status of every substance at a place on a date, with the chain of levels above it."""
    j = jur.get_by_code(session, code)
    as_of = as_of or today()
    if known_at is not None and known_at.tzinfo is not None:
        known_at = known_at.astimezone(dt.UTC).replace(tzinfo=None)
    answers = rules.effective_answers(session, j, as_of, known_at)
    own = [a.levels[-1].version or placeholder(a.substance) for a in answers]
    aliases = [n.name for n in j.names if n.kind in ("alias", "official") and n.name != j.name]
    return Description(j, as_of, known_at, own, answers, aliases)


@dataclass
class History:
    """Every version recorded for a jurisdiction."""

    jurisdiction: Jurisdiction
    versions: list[RuleVersion]


def history(session: Session, code: str, substance: str | None = None) -> History:
    """All versions of a jurisdiction, superseded ones included, oldest first."""
    j = jur.get_by_code(session, code)
    return History(j, rules.history(session, j, substance))


@dataclass
class Brief:
    """A jurisdiction in a listing, with its status per substance."""

    jurisdiction: Jurisdiction
    statuses: list[dict]

    def __getattr__(self, name: str):
        return getattr(self.jurisdiction, name)


def listing(session: Session, as_of: dt.date | None = None, **filters) -> tuple[jur.Page, list[Brief]]:
    """A page of jurisdictions with the status of each substance on the date."""
    as_of = as_of or today()
    page = jur.list_jurisdictions(session, as_of=as_of, **filters)
    found = rules.versions_in_force(session, [j.id for j in page.items], as_of)
    briefs = []
    substances = rules.substances(session)
    for j in page.items:
        statuses = []
        for s in substances:
            v = found.get((j.id, s.slug))
            statuses.append(
                {
                    "substance": s.slug,
                    "status": v.status if v else "unknown",
                    "effective_from": v.effective_from if v else None,
                    "last_verified_on": v.last_verified_on if v else None,
                }
            )
        briefs.append(Brief(j, statuses))
    return page, briefs

"""The listing's filters on answers (change dates, effective dates, confidence, source tier) and its expansions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from regstatus.models import ChangeEvent
from regstatus.services import dating
from regstatus.services.answer import EffectiveAnswer

# The change events that are changes in the law (not in our record of it, nor advisories or bills).
LEGAL_CHANGES = ("in-force", "lapsed")


@dataclass
class AnswerFilters:
    """What a listed place's answer for one substance must satisfy; None means no condition."""

    status: str | None = None
    confidence: str | None = None
    source_tier: int | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None

    def any(self) -> bool:
        """Whether any condition is set."""
        return any(v is not None for v in vars(self).values())

    def keep(self, answer: EffectiveAnswer) -> bool:
        """Whether the answer meets every condition set."""
        if self.status is not None and answer.status != self.status:
            return False
        if self.confidence is not None and answer.confidence != self.confidence:
            return False
        if self.source_tier is not None and best_tier(answer) != self.source_tier:
            return False
        if self.effective_from is None and self.effective_to is None:
            return True
        own = answer.levels[-1].version
        # Only what the sources show: a year is not a day, and a lower bound is not an effective date.
        return own is not None and dating.took_effect_within(own, self.effective_from, self.effective_to)


def legal_change_dates(session: Session, substance: str, since: dt.date, until: dt.date) -> dict[int, set[dt.date]]:
    """The dates each place's own rule for the substance took effect or lapsed, from `since` to `until`."""
    stmt = select(ChangeEvent.jurisdiction_id, ChangeEvent.happened_on).where(
        ChangeEvent.kind.in_(LEGAL_CHANGES),
        ChangeEvent.substance == substance,
        ChangeEvent.happened_on >= since,
        ChangeEvent.happened_on <= until,
    )
    out: dict[int, set[dt.date]] = defaultdict(set)
    for jid, on in session.execute(stmt):
        out[jid].add(on)
    return out


def own_sources(answer: EffectiveAnswer) -> list:
    """The sources of the place's own row in force (needs the answer built with sources)."""
    own = answer.levels[-1].version
    return list(own.sources) if own is not None else []


def best_tier(answer: EffectiveAnswer) -> int | None:
    """The best (lowest) tier among the place's own row's sources; None without a row in force."""
    return min((s.tier for s in own_sources(answer)), default=None)


def cited(answer: EffectiveAnswer) -> list:
    """The sources behind the answer: every level's row that set an activity, the place's own row, and the
    finding that another state's law applies here."""
    setters = {c.set_by for c in answer.activities.values() if c.set_by}
    last = len(answer.levels) - 1
    groups = [
        lvl.version.sources
        for i, lvl in enumerate(answer.levels)
        if lvl.version is not None and (i == last or lvl.jurisdiction.code in setters)
    ]
    if answer.governed_by is not None:
        groups.append(answer.governed_by.sources)
    return list({s.key: s for group in groups for s in group}.values())


def expansion(answer: EffectiveAnswer, expand: set[str]) -> dict:
    """The members `expand=` adds to a substance's entry in the listing."""
    own = answer.levels[-1].version
    out: dict = {}
    if "summary" in expand:
        out["words"] = answer.words
        out["summary"] = own.summary if own is not None else None
        out["citation"] = own.citation if own is not None else None
    if "activities" in expand:
        out["activities"] = {a: {"value": c.value, "set_by": c.set_by} for a, c in answer.activities.items()}
    if "sources" in expand:
        out["sources"] = cited(answer)
    return out

"""The maintainers' work queue: which rows and sources to re-check first, why, and what to do.

"In force" is services/in_force.py's; tiers and the reasons' order are vocab.py's. Every
item names its row (place, substance, start) or its source, and the rows citing it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from regstatus.models import PendingMeasure, RuleSource, RuleVersion, Source, SourceCheck
from regstatus.services.in_force import standing
from regstatus.vocab import LOW_TIER, QUEUE_REASON_ORDER, QUEUE_REASONS

# Emergency rules expiring, and rules starting or ending, within this many days are listed.
SOON_DAYS = 60
# An open pending measure whose last recorded stage is older than this is listed.
MEASURE_OLD_DAYS = 90
# How many citing rows a source item names.
CITED_BY_SHOWN = 5


@dataclass
class Item:
    """One thing to do."""

    reason: str
    why: str
    action: str
    place: str | None = None
    substance: str | None = None
    start: dt.date | None = None
    status: str | None = None
    due: dt.date | None = None
    source: str | None = None
    measure: str | None = None
    cited_by: list[str] = field(default_factory=list)

    @property
    def row(self) -> str:
        """The row named in words: place, substance and start."""
        if not self.place:
            return f"source {self.source}"
        what = f"{self.place} {self.substance}" if self.substance else self.place
        if self.measure:
            return f"{what} measure {self.measure}"
        return f"{what} from {self.start.isoformat() if self.start else 'an unknown date'}"

    def sort_key(self) -> tuple:
        """Most urgent reason first; within a reason the nearest or oldest date first."""
        return (
            QUEUE_REASON_ORDER[self.reason],
            self.due or dt.date.min,
            self.place or "",
            self.substance or "",
            self.start or dt.date.min,
            self.source or "",
            self.measure or "",
        )

    def as_dict(self) -> dict:
        """The item as JSON-able data."""
        out = asdict(self)
        out["row"] = self.row
        for key in ("start", "due"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


def _item(reason: str, why: str, **rest) -> Item:
    return Item(reason=reason, why=why, action=QUEUE_REASONS[reason][1], **rest)


def _row(v: RuleVersion) -> dict:
    return {"place": v.jurisdiction.code, "substance": v.substance.slug, "start": v.starts_on, "status": v.status}


def row_label(v: RuleVersion) -> str:
    """A version named in words: place, substance and start."""
    start = v.starts_on.isoformat() if v.starts_on else "an unknown date"
    return f"{v.jurisdiction.code} {v.substance.slug} from {start}"


def _rule_items(v: RuleVersion, today: dt.date, stale_after: int, soon: dt.date) -> list[Item]:
    """What one version in force needs: verification, a settled status, better sources, a look before it ends."""
    out = []
    if v.expires_on and v.expires_on <= soon:
        why = f"temporary rule expires {v.expires_on.isoformat()} ({(v.expires_on - today).days} days)"
        out.append(_item("expiring", why, due=v.expires_on, **_row(v)))
    if v.effective_to and v.effective_to <= soon and not (v.expires_on and v.expires_on <= v.effective_to):
        why = f"rule ends {v.effective_to.isoformat()} ({(v.effective_to - today).days} days)"
        out.append(_item("ending", why, due=v.effective_to, **_row(v)))
    if v.status == "disputed":
        gist = v.summary if len(v.summary) <= 120 else v.summary[:119].rstrip() + "…"
        out.append(_item("disputed", f"disputed since {v.starts_on or 'an unknown date'}: {gist}", **_row(v)))
    if v.last_verified_on is None:
        # An unknown row cites nothing to re-read: it needs a new search, less urgent than a sourced row.
        reason = "unknown-unverified" if v.status == "unknown" else "never-verified"
        out.append(_item(reason, f"{v.status} row recorded {v.recorded_at.date()}, never verified", **_row(v)))
    elif (today - v.last_verified_on).days > stale_after:
        days = (today - v.last_verified_on).days
        why = f"verified {v.last_verified_on.isoformat()} by {v.verified_by or 'someone unnamed'}, {days} days ago"
        out.append(_item("stale", why, due=v.last_verified_on, **_row(v)))
    tiers = [s.tier for s in v.sources]
    if tiers and min(tiers) >= LOW_TIER:
        kinds = ", ".join(sorted({s.kind for s in v.sources}))
        out.append(_item("low-tier", f"{len(tiers)} source(s), all {kinds}", **_row(v)))
    return out


def _measure_items(session: Session, today: dt.date, measure_days: int) -> list[Item]:
    out = []
    stmt = select(PendingMeasure).options(selectinload(PendingMeasure.jurisdiction))
    for m in session.scalars(stmt.order_by(PendingMeasure.key)):
        stage = m.stage_on(today)
        if not m.open_on(today):
            continue
        on = dt.date.fromisoformat(stage["on"])
        if (today - on).days > measure_days:
            why = f"{m.identifier} last recorded at {stage['stage']} on {on.isoformat()}, {(today - on).days} days ago"
            place = m.jurisdiction.code
            out.append(_item("measure-old", why, place=place, substance=",".join(m.substances), due=on, measure=m.key))
    return out


def _source_items(session: Session, current: list[RuleVersion]) -> list[Item]:
    """Sources cited by current rows whose last check found them dead, moved, unclear or changed since read."""
    cited: dict[int, list[str]] = defaultdict(list)
    for v in sorted(current, key=row_label):
        for link in v.source_links:
            cited[link.source_id].append(row_label(v))
    out = []
    stmt = select(SourceCheck, Source).join(Source, SourceCheck.source_id == Source.id).order_by(Source.key)
    for check, src in session.execute(stmt):
        rows = cited.get(src.id)
        if not rows:
            continue
        shown = rows[:CITED_BY_SHOWN] + (
            [f"and {len(rows) - CITED_BY_SHOWN} more"] if len(rows) > CITED_BY_SHOWN else []
        )
        base = {"source": src.key, "cited_by": shown}
        checked = check.checked_at.date().isoformat()
        if check.status == "dead":
            archive = f"; archive: {src.archive_url}" if src.archive_url else "; no archive_url recorded"
            why = f"{src.url} answered {check.error or check.http_code} on {checked}{archive}"
            out.append(_item("source-dead", why, due=check.checked_at.date(), **base))
        elif check.status == "moved":
            why = f"{src.url} now answers at {check.final_url} (checked {checked})"
            out.append(_item("source-moved", why, due=check.checked_at.date(), **base))
        elif check.status == "unknown":
            why = f"{src.url}: {check.error or check.http_code} on {checked}"
            out.append(_item("source-unknown", why, due=check.checked_at.date(), **base))
        if check.changed_on and check.changed_on > src.accessed_on:
            why = f"{src.url} changed on {check.changed_on.isoformat()}; read on {src.accessed_on.isoformat()}"
            out.append(_item("source-changed", why, due=check.changed_on, **base))
    return out


def build_queue(
    session: Session,
    today: dt.date,
    stale_after: int,
    soon_days: int = SOON_DAYS,
    measure_days: int = MEASURE_OLD_DAYS,
) -> list[Item]:
    """Every item of the work queue on `today`, most urgent first."""
    soon = today + dt.timedelta(days=soon_days)
    stmt = (
        select(RuleVersion)
        .where(RuleVersion.superseded_at.is_(None))
        .options(
            selectinload(RuleVersion.jurisdiction),
            selectinload(RuleVersion.substance),
            selectinload(RuleVersion.source_links).joinedload(RuleSource.source),
        )
    )
    by_pair: dict[tuple[int, int], list[RuleVersion]] = defaultdict(list)
    current = list(session.scalars(stmt))
    for v in current:
        by_pair[(v.jurisdiction_id, v.substance_id)].append(v)
    items: list[Item] = []
    for versions in by_pair.values():
        st = standing(versions, today)
        if st.lapsed is not None:
            why = f"the {st.lapsed.status} rule ended {st.lapsed_on.isoformat()}; nothing recorded after it"
            items.append(_item("lapsed", why, due=st.lapsed_on, **_row(st.lapsed)))
        if st.version is not None:
            items += _rule_items(st.version, today, stale_after, soon)
        for v in versions:
            if v.starts_on and today < v.starts_on <= soon:
                why = f"{v.status} from {v.starts_on.isoformat()} ({(v.starts_on - today).days} days)"
                items.append(_item("starting", why, due=v.starts_on, **_row(v)))
    items += _measure_items(session, today, measure_days)
    items += _source_items(session, current)
    return sorted(items, key=Item.sort_key)


def as_json(items: list[Item], today: dt.date) -> dict:
    """The queue as JSON-able data, with a count per reason."""
    counts: dict[str, int] = {}
    for i in items:
        counts[i.reason] = counts.get(i.reason, 0) + 1
    return {"today": today.isoformat(), "total": len(items), "counts": counts, "items": [i.as_dict() for i in items]}


def as_text(items: list[Item], today: dt.date) -> str:
    """One line per item, most urgent first, each with a line saying what to do."""
    if not items:
        return f"work queue on {today.isoformat()}: nothing to do"
    lines = [f"work queue on {today.isoformat()}: {len(items)} item(s), most urgent first"]
    for n, i in enumerate(items, start=1):
        lines.append(f"{n}. [{i.reason}] {i.row}: {i.why}")
        if i.cited_by:
            lines.append(f"   cited by: {'; '.join(i.cited_by)}")
        lines.append(f"   do: {i.action}")
    return "\n".join(lines)


def _md(text: str) -> str:
    # Table pipes, emphasis and link brackets in data would change the list's meaning when pasted.
    return "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in text)


def as_markdown(items: list[Item], today: dt.date) -> str:
    """A checklist to paste into a weekly work list: one section per reason, most urgent first."""
    out = [f"# Work queue, {today.isoformat()}", ""]
    if not items:
        return "\n".join([*out, "Nothing to do.", ""])
    out += [f"{len(items)} item(s), most urgent first.", ""]
    groups: dict[str, list[Item]] = defaultdict(list)
    for i in items:
        groups[i.reason].append(i)
    for reason in sorted(groups, key=QUEUE_REASON_ORDER.__getitem__):
        meaning, action = QUEUE_REASONS[reason]
        out += [f"## {reason} ({len(groups[reason])}): {meaning}", "", f"To do: {action}.", ""]
        for i in groups[reason]:
            cited = f" (cited by {_md('; '.join(i.cited_by))})" if i.cited_by else ""
            out.append(f"- [ ] **{_md(i.row)}**: {_md(i.why)}{cited}")
        out.append("")
    return "\n".join(out)

"""Change events: what changed in the law, or in our record of it, with dates from the data.

A legal event (in-force, lapsed, advisory, measure-stage) is dated by the law; a rule whose legal start no
source gives is a `recorded` event, dated on the day the dataset recorded it, never shown as a change in law.

`build_events` derives them from validated seed data (so every deployment of one
dataset has the same events, ids included); `changes` reads them back, newest first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from regstatus.models import ChangeEvent, Jurisdiction
from regstatus.services import dating
from regstatus.services.identity import version_uid
from regstatus.services.in_force import as_version, ended_on
from regstatus.vocab import LEGAL_CHANGE_KINDS


def _uid(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _event(kind: str, jurisdiction: str, substance: str, happened_on: dt.date, recorded_on: dt.date, **rest) -> dict:
    ref = rest.get("version_uid") or rest.get("advisory_key") or rest.get("measure_key") or ""
    return {
        "uid": _uid(kind, jurisdiction, substance, happened_on, ref, rest.get("new_status")),
        "kind": kind,
        "jurisdiction": jurisdiction,
        "substance": substance,
        "happened_on": happened_on,
        "date_precision": rest.get("date_precision"),
        "recorded_on": recorded_on,
        "old_status": rest.get("old_status"),
        "new_status": rest.get("new_status"),
        "version_uid": rest.get("version_uid"),
        "previous_uid": rest.get("previous_uid"),
        "advisory_key": rest.get("advisory_key"),
        "measure_key": rest.get("measure_key"),
        "detail": rest["detail"],
    }


def _recorded_detail(v, code: str, sub: str) -> str:
    law = f" ({v.citation})" if v.citation else ""
    if v.status == "unknown":
        return f"{sub} in {code}: searched, no source found; the dataset recorded it on {v.recorded_on.isoformat()}"
    return (
        f"{sub} in {code}: the dataset recorded {v.status}{law}, {dating.since_phrase(v)}; "
        f"no source read gives the date it took legal effect"
    )


def _in_force_detail(v, code: str, sub: str, old: str | None, law: str) -> str:
    # A new version with the same status word is a new rule (new caps, a new act), not "banned -> banned".
    if old == v.status:
        return f"{sub} in {code}: a new {v.status} rule {dating.since_phrase(v)}{law}; the status word is unchanged"
    return f"{sub} in {code}: {old or 'no rule recorded'} -> {v.status} {dating.since_phrase(v)}{law}"


def _rule_events(data, first_recorded: dict[str, dt.date]) -> list[dict]:
    """in-force events for versions with a legal date; `recorded` for the others; lapses.

    A version dated only by a lower bound or a research date, and any `unknown` row, is no legal event: the
    dataset learnt of it on the day it first recorded it (`first_recorded`, its corrections included).
    """
    out = []
    by_key: dict[tuple[str, str], list] = defaultdict(list)
    for rec in data.rules:
        by_key[(rec["jurisdiction"], rec["substance"])].append(as_version(rec))
    for (code, sub), versions in by_key.items():
        versions.sort(key=lambda v: v.starts_on or dt.date.min)
        prev = None
        for i, v in enumerate(versions):
            later = versions[i + 1 :]
            uid = version_uid(v.record)
            if dating.is_legal_date(v) and v.status != "unknown":
                gap = prev is not None and (ended_on(prev, versions) or dt.date.max) < v.starts_on
                old = None if prev is None or gap else prev.status
                law = f" ({v.citation})" if v.citation else ""
                out.append(
                    _event(
                        "in-force",
                        code,
                        sub,
                        v.starts_on,
                        v.recorded_on,
                        date_precision=dating.precision(v),
                        old_status=old,
                        new_status=v.status,
                        version_uid=uid,
                        previous_uid=version_uid(prev.record) if prev and not gap else None,
                        detail=_in_force_detail(v, code, sub, old, law),
                    )
                )
            else:
                on = first_recorded.get(uid, v.recorded_on)
                out.append(
                    _event(
                        "recorded",
                        code,
                        sub,
                        on,
                        v.recorded_on,
                        new_status=v.status,
                        version_uid=uid,
                        detail=_recorded_detail(v, code, sub),
                    )
                )
            end = ended_on(v)
            if end is not None and not any(w.starts_on == end for w in later):
                out.append(
                    _event(
                        "lapsed",
                        code,
                        sub,
                        end,
                        v.recorded_on,
                        old_status=v.status,
                        version_uid=uid,
                        detail=f"{sub} in {code}: the {v.status} rule ended on {end.isoformat()}",
                    )
                )
            prev = v
    return out


def _corrected_now(data) -> list[tuple[dict, dict | None]]:
    """Each correction with the current record that replaced it (same start, or the pair's only record)."""
    current = {(r["jurisdiction"], r["substance"], r.get("starts_on")): r for r in data.rules}
    by_pair = defaultdict(list)
    for r in data.rules:
        by_pair[(r["jurisdiction"], r["substance"])].append(r)
    out = []
    for c in data.corrections:
        now = current.get((c["jurisdiction"], c["substance"], c.get("starts_on")))
        pair = by_pair[(c["jurisdiction"], c["substance"])]
        if now is None:
            # The correction gave the row another start: the pair's one record, or the one recorded the day the
            # correction was made (seed/README.md: the corrected record is recorded on its corrected_on).
            same_day = [r for r in pair if r["recorded_on"] == c["corrected_on"]]
            now = pair[0] if len(pair) == 1 else same_day[0] if len(same_day) == 1 else None
        out.append((c, now))
    return out


def build_events(data) -> list[dict]:
    """Every change event the seed data implies: versions in force, lapses, recordings, corrections, advisories,
    stages."""
    corrected = _corrected_now(data)
    first_recorded: dict[str, dt.date] = {}
    for c, now in corrected:
        if now is not None:
            uid = version_uid(now)
            first_recorded[uid] = min(first_recorded.get(uid, now["recorded_on"]), c["recorded_on"])
    out = _rule_events(data, first_recorded)
    for c, now in corrected:
        out.append(
            _event(
                "corrected",
                c["jurisdiction"],
                c["substance"],
                c["corrected_on"],
                c["corrected_on"],
                old_status=c["status"],
                new_status=now["status"] if now else None,
                version_uid=version_uid(now) if now else None,
                previous_uid=version_uid(c),
                detail=f"{c['substance']} in {c['jurisdiction']}: record corrected: {c['reason']}",
            )
        )
    for a in data.advisories:
        for sub in a["substances"]:
            out.append(
                _event(
                    "advisory",
                    a["jurisdiction"],
                    sub,
                    a["issued_on"],
                    a["recorded_on"],
                    advisory_key=a["id"],
                    detail=f"{a['issuer']}: {a['title']}",
                )
            )
    for m in data.measures:
        for stage in m["stages"]:
            for sub in m["substances"]:
                out.append(
                    _event(
                        "measure-stage",
                        m["jurisdiction"],
                        sub,
                        stage["on"],
                        m["recorded_on"],
                        measure_key=m["id"],
                        new_status=None,
                        detail=f"{m['identifier']} ({m['title']}): {stage['stage']}",
                    )
                )
    return out


def changes(
    session: Session,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    jurisdiction: str | None = None,
    substance: str | None = None,
    kind: str | list[str] | None = None,
) -> list[ChangeEvent]:
    """Change events, newest first, filtered by date range, place code, substance and kinds.

    `kind` is one kind, a list of them, "all", or None: the legal events only (vocab.LEGAL_CHANGE_KINDS).
    """
    stmt = select(ChangeEvent).options(selectinload(ChangeEvent.jurisdiction))
    if since:
        stmt = stmt.where(ChangeEvent.happened_on >= since)
    if until:
        stmt = stmt.where(ChangeEvent.happened_on <= until)
    if jurisdiction:
        stmt = stmt.join(Jurisdiction).where(Jurisdiction.code == jurisdiction.strip().upper())
    if substance:
        stmt = stmt.where(ChangeEvent.substance == substance)
    kinds = kinds_asked(kind)
    if kinds is not None:
        stmt = stmt.where(ChangeEvent.kind.in_(kinds))
    stmt = stmt.order_by(ChangeEvent.happened_on.desc(), ChangeEvent.uid)
    return list(session.scalars(stmt))


def kinds_asked(kind: str | list[str] | None) -> list[str] | None:
    """The kinds a `kind=` asks for: the legal ones by default, every kind (None) for "all"."""
    asked = [kind] if isinstance(kind, str) else list(kind or [])
    if not asked:
        return list(LEGAL_CHANGE_KINDS)
    if ALL_KINDS in asked:
        return None
    return asked


ALL_KINDS = "all"

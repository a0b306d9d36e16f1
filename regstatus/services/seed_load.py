"""Writing validated seed data: upsert jurisdictions and sources, version rule records, log changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from regstatus.models import ChangeEvent, Jurisdiction, JurisdictionName, RuleSource, RuleVersion, Source, Substance
from regstatus.services.iso import base_jurisdictions
from regstatus.services.seed_files import SeedData, SeedInvalid
from regstatus.services.text import fold

SUBSTANCES = {
    "kratom": ("Kratom", "Mitragyna speciosa leaf and products made from it: leaf, powder, capsules, teas, extracts."),
    "7-oh": (
        "7-OH",
        "Concentrated or semi-synthetic 7-hydroxymitragynine products, "
        "which several US states and the FDA treat apart.",
    ),
}
RULE_FIELDS = [
    "status",
    "effective_from",
    "effective_to",
    "expires_on",
    "summary",
    "possess",
    "buy",
    "sell",
    "import_",
    "cultivate",
    "min_age",
    "thresholds",
    "citation",
    "enforcement",
    "preemption",
    "notes",
    "confidence",
    "last_verified_on",
    "verified_by",
]
SOURCE_FIELDS = ["url", "title", "publisher", "kind", "published_on", "accessed_on", "archive_url", "language", "notes"]


@dataclass
class LoadResult:
    """What a load changed."""

    counts: dict[str, int] = field(default_factory=dict)

    def bump(self, key: str, n: int = 1) -> None:
        """Add n to one count."""
        self.counts[key] = self.counts.get(key, 0) + n

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return any(v for k, v in self.counts.items() if k != "versions_unchanged")


def utcnow() -> dt.datetime:
    """Now in UTC, without tzinfo: the stored form of system time on both databases."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def content_hash(record: dict[str, Any]) -> str:
    """A stable digest of a rule record's content, sources included."""
    payload = {k: record.get(k) for k in RULE_FIELDS}
    payload["sources"] = list(record.get("sources", []))
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def ensure_substances(session: Session) -> dict[str, Substance]:
    """The substance rows by slug, created if missing."""
    existing = {s.slug: s for s in session.scalars(select(Substance))}
    for slug, (name, description) in SUBSTANCES.items():
        if slug not in existing:
            existing[slug] = Substance(slug=slug, name=name, description=description)
            session.add(existing[slug])
    session.flush()
    return existing


def _assign(obj: object, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; whether any did."""
    changed = False
    for attr, value in values.items():
        if getattr(obj, attr) != value:
            setattr(obj, attr, value)
            changed = True
    return changed


def _sync_names(j: Jurisdiction, wanted: list[tuple[str, str]]) -> bool:
    wanted_map: dict[str, str] = {}
    for name, kind in wanted:
        wanted_map.setdefault(name, kind)
    have = {n.name: n for n in j.names}
    changed = False
    for name, n in have.items():
        if name not in wanted_map:
            j.names.remove(n)
            changed = True
    for name, kind in wanted_map.items():
        if name not in have:
            j.names.append(JurisdictionName(name=name, folded=fold(name), kind=kind))
            changed = True
        elif have[name].kind != kind:
            have[name].kind = kind
            changed = True
    return changed


def _sync_jurisdictions(session: Session, data: SeedData, result: LoadResult) -> dict[str, Jurisdiction]:
    by_code = {j.code: j for j in session.scalars(select(Jurisdiction).options(selectinload(Jurisdiction.names)))}
    extras = {rec["code"]: rec for rec in data.jurisdictions}
    desired: list[dict[str, Any]] = []
    for base in base_jurisdictions():
        row = dict(vars(base))
        extra = extras.get(base.code, {})
        if extra.get("name") and extra["name"] != base.name:
            row["aliases"] = [*row["aliases"], base.name]
            row["name"] = extra["name"]
        row["aliases"] = [*row["aliases"], *extra.get("aliases", [])]
        row["ocd_id"] = extra.get("ocd_id", row["ocd_id"])
        desired.append(row)
    for extra in data.jurisdictions:
        if extra.get("level") == "locality":
            desired.append(
                {
                    "code": extra["code"],
                    "name": extra["name"],
                    "level": "locality",
                    "kind": extra["kind"],
                    "parent": extra["parent"],
                    "official_name": None,
                    "ocd_id": extra.get("ocd_id"),
                    "aliases": extra.get("aliases", []),
                }
            )
    for row in desired:
        j = by_code.get(row["code"])
        if j is None:
            j = by_code[row["code"]] = Jurisdiction(code=row["code"])
            session.add(j)
            result.bump("jurisdictions_added")
        changed = _assign(j, {attr: row[attr] for attr in ("name", "level", "kind", "official_name", "ocd_id")})
        parent = by_code[row["parent"]] if row["parent"] else None
        if j.parent is not parent:
            j.parent = parent
            changed = True
        names = [(j.code, "code"), (row["name"], "name")]
        if row["official_name"]:
            names.append((row["official_name"], "official"))
        names += [(a, "alias") for a in row["aliases"]]
        changed = _sync_names(j, names) or changed
        if changed and j.id is not None:
            result.bump("jurisdictions_updated")
    session.flush()
    return by_code


def _sync_sources(session: Session, data: SeedData, result: LoadResult) -> dict[str, Source]:
    by_key = {s.key: s for s in session.scalars(select(Source))}
    for rec in data.sources:
        src = by_key.get(rec["id"])
        is_new = src is None
        if src is None:
            src = by_key[rec["id"]] = Source(key=rec["id"])
            session.add(src)
        changed = _assign(src, {attr: rec.get(attr) for attr in SOURCE_FIELDS})
        if is_new:
            result.bump("sources_added")
        elif changed:
            result.bump("sources_updated")
    session.flush()
    return by_key


def _new_version(
    rec: dict, j: Jurisdiction, sub: Substance, sources: dict[str, Source], now: dt.datetime
) -> RuleVersion:
    version = RuleVersion(jurisdiction=j, substance=sub, recorded_at=now, content_hash=content_hash(rec))
    for attr in RULE_FIELDS:
        setattr(version, attr, rec.get(attr))
    version.source_links = [RuleSource(source=sources[key], position=i) for i, key in enumerate(rec["sources"])]
    return version


def _event(session: Session, kind: str, now: dt.datetime, new: RuleVersion | None, old: RuleVersion | None) -> None:
    ref = new or old
    assert ref is not None
    when = ref.effective_from.isoformat() if ref.effective_from else "an unknown date"
    detail = {
        "added": f"{ref.substance.slug} in {ref.jurisdiction.code}: {ref.status} from {when}",
        "corrected": f"{ref.substance.slug} in {ref.jurisdiction.code} from {when}: corrected"
        + (f" ({old.status} -> {new.status})" if old and new and old.status != new.status else ""),
        "retracted": f"{ref.substance.slug} in {ref.jurisdiction.code} from {when}: withdrawn",
    }[kind]
    session.add(
        ChangeEvent(
            occurred_at=now,
            kind=kind,
            jurisdiction=ref.jurisdiction,
            substance=ref.substance,
            rule_version=new,
            previous_version=old,
            detail=detail,
        )
    )


def _sync_rules(session: Session, data: SeedData, places, sources, substances, now, result: LoadResult) -> None:
    current = {
        (v.jurisdiction.code, v.substance.slug, v.effective_from): v
        for v in session.scalars(
            select(RuleVersion)
            .where(RuleVersion.superseded_at.is_(None))
            .options(selectinload(RuleVersion.jurisdiction), selectinload(RuleVersion.substance))
        )
    }
    seen = set()
    for rec in data.rules:
        key = (rec["jurisdiction"], rec["substance"], rec.get("effective_from"))
        seen.add(key)
        old = current.get(key)
        if old is not None and old.content_hash == content_hash(rec):
            result.bump("versions_unchanged")
            continue
        new = _new_version(rec, places[rec["jurisdiction"]], substances[rec["substance"]], sources, now)
        session.add(new)
        if old is not None:
            old.superseded_at = now
            result.bump("versions_corrected")
            _event(session, "corrected", now, new, old)
        else:
            result.bump("versions_added")
            _event(session, "added", now, new, None)
    for key, old in current.items():
        if key not in seen:
            old.superseded_at = now
            result.bump("versions_retracted")
            _event(session, "retracted", now, None, old)
    session.flush()


def load_seed(session: Session, data: SeedData, now: dt.datetime | None = None) -> LoadResult:
    """Apply validated seed data; the caller commits. Raises SeedInvalid if the data has problems."""
    if data.problems:
        raise SeedInvalid(data.problems)
    now = now or utcnow()
    result = LoadResult()
    substances = ensure_substances(session)
    places = _sync_jurisdictions(session, data, result)
    sources = _sync_sources(session, data, result)
    _sync_rules(session, data, places, sources, substances, now, result)
    return result

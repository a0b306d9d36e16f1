"""Writing validated seed data: upsert jurisdictions and sources, version rule records, log changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from regstatus.models import (
    Advisory,
    AdvisorySource,
    ChangeEvent,
    DatasetVersion,
    Governance,
    GovernanceSource,
    Jurisdiction,
    JurisdictionName,
    MeasureSource,
    PendingMeasure,
    RuleSource,
    RuleVersion,
    Source,
    Substance,
)
from regstatus.services.changes import build_events
from regstatus.services.identity import RULE_FIELDS, content_hash, digest, version_uid
from regstatus.services.iso import base_jurisdictions
from regstatus.services.provenance import Provenance
from regstatus.services.seed_contacts import sync_contacts
from regstatus.services.seed_files import SeedData, SeedInvalid
from regstatus.services.text import fold
from regstatus.vocab import SUBSTANCES

SOURCE_FIELDS = ["url", "title", "publisher", "kind", "published_on", "accessed_on", "archive_url", "language", "notes"]
ADVISORY_FIELDS = ["kind", "issuer", "title", "issued_on", "ends_on", "summary", "recorded_on", "notes"]
MEASURE_FIELDS = ["kind", "identifier", "title", "would", "would_status", "recorded_on", "notes"]


@dataclass
class LoadResult:
    """What a load changed, and what the editor should know."""

    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def bump(self, key: str, n: int = 1) -> None:
        """Add n to one count."""
        self.counts[key] = self.counts.get(key, 0) + n

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return any(v for k, v in self.counts.items() if not k.endswith("_unchanged"))


def midnight(day: dt.date) -> dt.datetime:
    """A data date as the stored (naive UTC) system time."""
    return dt.datetime.combine(day, dt.time())


def dataset_version(data: SeedData) -> tuple[str, dt.date]:
    """A digest of the whole dataset's content and the newest date it records."""
    payload = [data.sources, data.jurisdictions, data.rules, data.corrections, data.advisories, data.measures]
    dates = [r["recorded_on"] for group in payload[2:] for r in group]
    dates += [r["corrected_on"] for r in data.corrections]
    dates += [j["governed_by"]["recorded_on"] for j in data.jurisdictions if j.get("governed_by")]
    if data.contacts:  # a seed without contacts keeps the version it had before they existed
        payload.append(data.contacts)
    return digest(payload, 12), max(dates, default=dt.date(1970, 1, 1))


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


def _sync_links(obj, link_model, keys: list[str], sources: dict[str, Source]) -> bool:
    """Make a record's cited sources the given keys, in order; whether they changed."""
    if [link.source.key for link in obj.source_links] == keys:
        return False
    obj.source_links = [link_model(source=sources[k], position=i) for i, k in enumerate(keys)]
    return True


def _sync_governance(session: Session, data: SeedData, places, sources, result: LoadResult) -> None:
    """Make the stored governance findings those of the seed (one per territory)."""
    existing = {
        g.territory.code: g for g in session.scalars(select(Governance).options(selectinload(Governance.territory)))
    }
    for rec in data.jurisdictions:
        gov = rec.get("governed_by")
        if not gov:
            continue
        obj = existing.pop(rec["code"], None)
        is_new = obj is None
        if obj is None:
            obj = Governance(territory=places[rec["code"]])
            session.add(obj)
        values = {attr: gov[attr] for attr in ("own_drug_law", "summary", "confidence", "recorded_on")}
        values["state"] = places[gov["state"]]
        changed = _assign(obj, values)
        changed = _sync_links(obj, GovernanceSource, gov["sources"], sources) or changed
        if is_new:
            result.bump("governance_added")
        elif changed:
            result.bump("governance_updated")
    for obj in existing.values():
        session.delete(obj)
        result.bump("governance_removed")
    session.flush()


def _new_version(rec: dict, j: Jurisdiction, sub: Substance, sources: dict[str, Source]) -> RuleVersion:
    version = RuleVersion(
        uid=version_uid(rec),
        jurisdiction=j,
        substance=sub,
        recorded_at=midnight(rec["recorded_on"]),
        content_hash=content_hash(rec),
    )
    for attr in RULE_FIELDS:
        setattr(version, attr, rec.get(attr))
    version.source_links = [RuleSource(source=sources[key], position=i) for i, key in enumerate(rec["sources"])]
    return version


def _sync_rules(
    session: Session, data: SeedData, places, sources, substances, result: LoadResult, prov: Provenance
) -> None:
    """Make the stored versions those of the seed: current records and the corrections' superseded texts.

    A stored current version that the seed no longer has (edited in place, or
    withdrawn, without a record in corrections/) is kept, superseded on a date
    from the data, and reported: a fresh deployment would not know it. Versions
    leave the current set before new ones enter it, so the index that allows one
    current version per place, substance and start never sees two.
    """
    existing = {
        v.uid: v
        for v in session.scalars(
            select(RuleVersion).options(selectinload(RuleVersion.jurisdiction), selectinload(RuleVersion.substance))
        )
    }
    desired: dict[str, tuple[dict, dt.datetime | None, str | None]] = {}
    introduced: dict[str, str | None] = {}
    for rec in data.rules:
        desired[version_uid(rec)] = (rec, None, None)
        introduced[version_uid(rec)] = prov.of("rules", version_uid(rec))
    for rec in data.corrections:
        desired[version_uid(rec)] = (rec, midnight(rec["corrected_on"]), rec["reason"])
        # A superseded text keeps the commit that first recorded it when that record is still known.
        introduced[version_uid(rec)] = prov.of("corrections", version_uid(rec))
    _, dataset_day = dataset_version(data)
    replaced_on = {(r["jurisdiction"], r["substance"], r.get("starts_on")): r["recorded_on"] for r in data.rules}
    for uid, v in existing.items():
        if uid in desired:
            _rec, superseded_at, reason = desired[uid]
            wanted = (superseded_at, reason, introduced[uid])
            if (v.superseded_at, v.correction_reason, v.introduced_in) == wanted:
                result.bump("versions_unchanged")
            else:
                v.superseded_at, v.correction_reason, v.introduced_in = wanted
                result.bump("versions_updated")
            continue
        if v.superseded_at is not None:
            continue
        key = (v.jurisdiction.code, v.substance.slug, v.starts_on)
        v.superseded_at = midnight(replaced_on.get(key, dataset_day))
        v.correction_reason = "no longer in the seed files"
        result.bump("versions_withdrawn")
        result.warnings.append(
            f"{v.substance.slug} in {v.jurisdiction.code} from {v.starts_on or 'an unknown date'} "
            f"(version {v.uid}) is no longer in seed/rules and has no record in seed/corrections: kept as "
            "superseded here, but a fresh deployment will not know it"
        )
    session.flush()
    for uid, (rec, superseded_at, reason) in desired.items():
        if uid in existing:
            continue
        v = _new_version(rec, places[rec["jurisdiction"]], substances[rec["substance"]], sources)
        v.superseded_at, v.correction_reason, v.introduced_in = superseded_at, reason, introduced[uid]
        session.add(v)
        result.bump("versions_added")
    session.flush()


def _sync_keyed(session: Session, model, link_model, records, fields_, places, sources, name, result) -> None:
    """Upsert advisories or pending measures by key; remove those the seed no longer has."""
    existing = {x.key: x for x in session.scalars(select(model))}
    for rec in records:
        obj = existing.pop(rec["id"], None)
        is_new = obj is None
        if obj is None:
            obj = model(key=rec["id"])
            session.add(obj)
        values = {attr: rec.get(attr) for attr in fields_}
        values["jurisdiction"] = places[rec["jurisdiction"]]
        values["substances"] = list(rec["substances"])
        if model is Advisory:
            values["affects"] = list(rec.get("affects") or [])
        else:
            values["stages"] = [{**s, "on": s["on"].isoformat()} for s in rec["stages"]]
        changed = _assign(obj, values)
        changed = _sync_links(obj, link_model, rec["sources"], sources) or changed
        if is_new:
            result.bump(f"{name}_added")
        elif changed:
            result.bump(f"{name}_updated")
    for obj in existing.values():
        session.delete(obj)
        result.bump(f"{name}_removed")
    session.flush()


def event_record(event: dict[str, Any]) -> tuple[str, str | None]:
    """The seed record behind a change event, as (folder, key): the commit that introduced it introduced the event."""
    kind = event["kind"]
    if kind == "corrected":
        return "corrections", event["previous_uid"]
    if kind == "advisory":
        return "advisories", event["advisory_key"]
    if kind == "measure-stage":
        return "pending", event["measure_key"]
    return "rules", event["version_uid"]


def _sync_events(session: Session, data: SeedData, places, result: LoadResult, prov: Provenance) -> None:
    """Replace the change events with those the data implies (they carry the data's dates only)."""
    wanted = {e["uid"]: e for e in build_events(data)}
    have = {e.uid: e for e in session.scalars(select(ChangeEvent))}
    for uid, event in have.items():
        if uid not in wanted:
            session.delete(event)
    for uid, e in wanted.items():
        commit = prov.of(*event_record(e))
        if uid in have:
            if have[uid].introduced_in != commit:
                have[uid].introduced_in = commit
                result.bump("events_updated")
            continue
        row = {k: v for k, v in e.items() if k != "jurisdiction"}
        session.add(ChangeEvent(jurisdiction=places[e["jurisdiction"]], introduced_in=commit, **row))
        result.bump("events_added")
    session.flush()


def _sync_dataset(session: Session, data: SeedData, prov: Provenance) -> None:
    version, dated = dataset_version(data)
    if prov.commits:
        # Answers show the commits, so a change of them alone is a new dataset version (caches follow it).
        version = digest([version, prov.commits], 12)
    row = session.get(DatasetVersion, 1)
    if row is None:
        session.add(DatasetVersion(id=1, version=version, dated=dated))
    else:
        _assign(row, {"version": version, "dated": dated})
    session.flush()


# Any fixed number: the key of the PostgreSQL advisory lock that serialises loads.
LOAD_LOCK_KEY = 7_041_962


def take_load_lock(session: Session) -> None:
    """Serialise loads: the second waits until the first commits, then loads on top of it.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: BEGIN IMMEDIATE takes the
    write lock before anything is read (busy_timeout makes a second load wait for it).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOAD_LOCK_KEY})
    else:
        session.execute(text("BEGIN IMMEDIATE"))


def load_seed(session: Session, data: SeedData, provenance: Provenance | None = None) -> LoadResult:
    """Apply validated seed data; the caller commits. Raises SeedInvalid if the data has problems.

    `provenance` (services/provenance.py) names the commit behind each record; without it none is recorded.
    """
    if data.problems:
        raise SeedInvalid(data.problems)
    prov = provenance or Provenance()
    take_load_lock(session)
    result = LoadResult()
    substances = ensure_substances(session)
    places = _sync_jurisdictions(session, data, result)
    sources = _sync_sources(session, data, result)
    _sync_governance(session, data, places, sources, result)
    _sync_rules(session, data, places, sources, substances, result, prov)
    _sync_keyed(
        session, Advisory, AdvisorySource, data.advisories, ADVISORY_FIELDS, places, sources, "advisories", result
    )
    _sync_keyed(
        session, PendingMeasure, MeasureSource, data.measures, MEASURE_FIELDS, places, sources, "measures", result
    )
    for key, n in sync_contacts(session, data.contacts, places, sources).items():
        if n:
            result.bump(key, n)
    _sync_events(session, data, places, result, prov)
    _sync_dataset(session, data, prov)
    return result

"""The contacts of the seed folder: checked against the places and sources, then written beside them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regstatus.models import Contact, Jurisdiction, Source

CONTACT_FIELDS = ["url", "notes"]


def contact_key(data: dict[str, Any]) -> tuple[str, str, str]:
    """What identifies a contact: its place, its role and the authority's name."""
    return (str(data.get("jurisdiction", "?")).upper(), str(data.get("role", "?")), str(data.get("name", "?")))


def check_contacts(records: list[tuple[Any, dict]], codes: set[str], sources: dict[str, str]) -> list[tuple]:
    """(record, field, message) for every contact whose place or source is unknown, or that stands twice."""
    found = []
    seen: dict[tuple, str] = {}
    for rec, data in records:
        key = contact_key(data)
        if data["jurisdiction"] not in codes:
            found.append((rec, "jurisdiction", f"unknown jurisdiction {data['jurisdiction']}"))
        if data["source"] not in sources:
            found.append((rec, "source", f"unknown source id {data['source']}"))
        if key in seen:
            found.append((rec, "name", f"duplicate contact (same place, role and name), first at {seen[key]}"))
        seen.setdefault(key, f"{rec.file}:{rec.line}")
    return found


def sync_contacts(
    session: Session, records: list[dict[str, Any]], places: dict[str, Jurisdiction], sources: dict[str, Source]
) -> dict[str, int]:
    """Upsert the contacts by (place, role, name) and remove those the seed no longer has; counts what changed."""
    counts = {"contacts_added": 0, "contacts_updated": 0, "contacts_removed": 0}
    existing = {(c.jurisdiction.code, c.role, c.name): c for c in session.scalars(select(Contact))}
    for rec in records:
        key = contact_key(rec)
        row = existing.pop(key, None)
        values = {f: rec.get(f) for f in CONTACT_FIELDS}
        values["source_id"] = sources[rec["source"]].id
        if row is None:
            session.add(Contact(jurisdiction=places[key[0]], role=key[1], name=key[2], **values))
            counts["contacts_added"] += 1
        elif any(getattr(row, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(row, f, v)
            counts["contacts_updated"] += 1
    for row in existing.values():
        session.delete(row)
        counts["contacts_removed"] += 1
    session.flush()
    return counts

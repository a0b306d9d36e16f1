"""Identity of data: digests that every deployment of one dataset computes alike."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from regstatus.vocab import ACTIVITIES

RULE_FIELDS = [
    "status",
    "effective_from",
    "date_precision",
    "in_force_since_at_least",
    "known_since",
    "starts_on",
    "effective_to",
    "expires_on",
    "summary",
    *("import_" if a == "import" else a for a in ACTIVITIES),
    "min_age",
    "thresholds",
    "conditions",
    "citation",
    "enforcement",
    "preemption",
    "preempts",
    "notes",
    "confidence",
    "last_verified_on",
    "verified_by",
]


def digest(payload: Any, length: int = 64) -> str:
    """A hex digest of any JSON-able payload (dates as ISO text)."""
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:length]


# Fields added after the first versions were published: hashed only when they say something, so the
# ids of versions that do not use them stay what they were.
LATER_FIELDS = {"date_precision": "day", "in_force_since_at_least": None, "conditions": []}


def content_hash(record: dict[str, Any]) -> str:
    """A stable digest of a rule record's content, sources included."""
    payload = {k: record.get(k) for k in RULE_FIELDS if k not in LATER_FIELDS}
    payload |= {k: record[k] for k, unset in LATER_FIELDS.items() if record.get(k, unset) not in (unset, None)}
    payload["sources"] = list(record.get("sources", []))
    return digest(payload)


def version_uid(record: dict[str, Any]) -> str:
    """The version's identity in every deployment: its place, substance, content and recorded date."""
    return digest([record["jurisdiction"], record["substance"], content_hash(record), record["recorded_on"]], 16)

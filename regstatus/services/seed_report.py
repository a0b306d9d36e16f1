"""Coverage and quality figures of the seed data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pycountry

from regstatus.models.source import SOURCE_TIERS
from regstatus.services.seed_files import SeedData

US_STATES_AND_DC = {s.code for s in pycountry.subdivisions.get(country_code="US") if s.type in ("State", "District")}
LOW_TIERS = {5, 6}


def _current(data: SeedData, today: dt.date) -> list[dict[str, Any]]:
    """Per (jurisdiction, substance), the record in force today, else the latest started one."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in data.rules:
        start = rec.get("effective_from")
        if start and start > today:
            continue
        key = (rec["jurisdiction"], rec["substance"])
        held = best.get(key)
        if held is None or (held.get("effective_from") or dt.date.min) < (start or dt.date.min):
            best[key] = rec
    return list(best.values())


def build_report(data: SeedData, today: dt.date | None = None) -> dict[str, Any]:
    """Figures for `flask seed report`, as a plain dict."""
    today = today or dt.date.today()
    tiers = {s["id"]: SOURCE_TIERS[s["kind"]] for s in data.sources}
    countries = {c.alpha_2 for c in pycountry.countries}
    current = _current(data, today)
    researched = {r["jurisdiction"] for r in current if r["jurisdiction"] in countries and r["status"] != "unknown"}
    states = {
        r["jurisdiction"] for r in current if r["substance"] == "kratom" and r["jurisdiction"] in US_STATES_AND_DC
    }

    def best_tier(rec: dict[str, Any]) -> int | None:
        found = [tiers[s] for s in rec["sources"] if s in tiers]
        return min(found) if found else None

    by_tier = Counter(str(best_tier(r) or "none") for r in data.rules)
    soon = today + dt.timedelta(days=90)
    return {
        "countries_total": len(countries),
        "countries_researched": len(researched),
        "us_states_and_dc_with_kratom_row": len(states),
        "us_states_and_dc_missing": sorted(US_STATES_AND_DC - states),
        "rows": len(data.rules),
        "sources": len(data.sources),
        "localities": sum(1 for j in data.jurisdictions if j.get("level") == "locality"),
        "current_rows_per_status": dict(sorted(Counter(r["status"] for r in current).items())),
        "rows_per_substance": dict(sorted(Counter(r["substance"] for r in data.rules).items())),
        "rows_by_best_source_tier": dict(sorted(by_tier.items())),
        "rows_without_verification_date": sum(1 for r in data.rules if not r.get("last_verified_on")),
        "rows_only_advocacy_or_vendor": sum(
            1 for r in data.rules if r["sources"] and all(tiers.get(s, 6) in LOW_TIERS for s in r["sources"])
        ),
        "rows_without_source": sum(1 for r in data.rules if not r["sources"]),
        "unknown_rows_without_source": sum(1 for r in data.rules if not r["sources"] and r["status"] == "unknown"),
        "disputed_rows": sum(1 for r in data.rules if r["status"] == "disputed"),
        "rows_expiring_within_90_days": sum(
            1 for r in data.rules if r.get("expires_on") and today <= r["expires_on"] <= soon
        ),
        "future_rows": sum(1 for r in data.rules if r.get("effective_from") and r["effective_from"] > today),
    }

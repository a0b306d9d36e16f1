"""Coverage and quality figures of the seed data."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

import pycountry

from regstatus.services.in_force import Standing, as_version, standing
from regstatus.services.seed_files import SeedData
from regstatus.vocab import SOURCE_TIERS

US_STATES_AND_DC = {s.code for s in pycountry.subdivisions.get(country_code="US") if s.type in ("State", "District")}
LOW_TIERS = {5, 6}
# Rows last checked before this day count as "not re-verified" (the dataset's re-check of 2025-26 law began then).
REVERIFY_SINCE = dt.date(2026, 11, 25)


def current_standing(data: SeedData, today: dt.date) -> dict[tuple[str, str], Standing]:
    """Per (jurisdiction, substance), what stands today, by the same rule the API uses."""
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for rec in data.rules:
        grouped[(rec["jurisdiction"], rec["substance"])].append(as_version(rec))
    return {key: standing(versions, today) for key, versions in grouped.items()}


def current_statuses(data: SeedData, today: dt.date) -> dict[tuple[str, str], str]:
    """Each place's own status today per substance, as the API's `statuses` give it (`unknown` when lapsed)."""
    return {key: st.version.status if st.version else "unknown" for key, st in current_standing(data, today).items()}


def build_report(
    data: SeedData, today: dt.date | None = None, verified_since: dt.date = REVERIFY_SINCE
) -> dict[str, Any]:
    """Figures for `flask seed report`, as a plain dict.

    A country is researched when what stands there today has a sourced status: its own row, or,
    for a territory that answers through another state's law, that state's row.
    """
    today = today or dt.date.today()
    tiers = {s["id"]: SOURCE_TIERS[s["kind"]] for s in data.sources}
    countries = {c.alpha_2 for c in pycountry.countries}
    standings = current_standing(data, today)
    current = [st.version.record for st in standings.values() if st.version]
    lapsed = sorted(f"{j} {sub}" for (j, sub), st in standings.items() if st.lapsed is not None)
    researched = {r["jurisdiction"] for r in current if r["jurisdiction"] in countries and r["status"] != "unknown"}
    governed = {j["code"]: j["governed_by"]["state"] for j in data.jurisdictions if j.get("governed_by")}
    # a territory that also makes drug law of its own is researched only by rows of its own
    whole = {j["code"] for j in data.jurisdictions if (j.get("governed_by") or {}).get("own_drug_law") == "none"}
    researched |= {code for code, state in governed.items() if state in researched and code in whole}
    states = {
        r["jurisdiction"] for r in current if r["substance"] == "kratom" and r["jurisdiction"] in US_STATES_AND_DC
    }
    # a row recorded at all (one that lapsed is still the state's recorded rule; the lapse is listed below)
    with_7oh = {r["jurisdiction"] for r in data.rules if r["substance"] == "7-oh"} & (US_STATES_AND_DC | {"US"})

    def best_tier(rec: dict[str, Any]) -> int | None:
        found = [tiers[s] for s in rec["sources"] if s in tiers]
        return min(found) if found else None

    by_tier = Counter(str(best_tier(r) or "none") for r in data.rules)
    soon = today + dt.timedelta(days=90)
    return {
        "countries_total": len(countries),
        "countries_researched": len(researched),
        "countries_searched": len(
            {r["jurisdiction"] for r in data.rules if r["jurisdiction"] in countries} | set(governed)
        ),
        "territories_answering_through_another_state": len(governed),
        "us_states_and_dc_with_kratom_row": len(states),
        "us_states_and_dc_missing": sorted(US_STATES_AND_DC - states),
        "us_states_dc_and_federal_with_7oh_row": len(with_7oh),
        "us_7oh_missing": sorted((US_STATES_AND_DC | {"US"}) - with_7oh),
        "rows": len(data.rules),
        "sources": len(data.sources),
        "localities": sum(1 for j in data.jurisdictions if j.get("level") == "locality"),
        "current_rows_per_status": dict(sorted(Counter(r["status"] for r in current).items())),
        "rows_per_substance": dict(sorted(Counter(r["substance"] for r in data.rules).items())),
        "rows_by_best_source_tier": dict(sorted(by_tier.items())),
        "rows_without_verification_date": sum(1 for r in data.rules if not r.get("last_verified_on")),
        f"rows_not_verified_since_{verified_since.isoformat()}": sum(
            1 for r in data.rules if not r.get("last_verified_on") or r["last_verified_on"] < verified_since
        ),
        f"sourced_rows_not_verified_since_{verified_since.isoformat()}": sum(
            1
            for r in data.rules
            if r["sources"] and (not r.get("last_verified_on") or r["last_verified_on"] < verified_since)
        ),
        "rows_only_advocacy_or_vendor": sum(
            1 for r in data.rules if r["sources"] and all(tiers.get(s, 6) in LOW_TIERS for s in r["sources"])
        ),
        "rows_without_source": sum(1 for r in data.rules if not r["sources"]),
        "unknown_rows_without_source": sum(1 for r in data.rules if not r["sources"] and r["status"] == "unknown"),
        "disputed_rows": sum(1 for r in data.rules if r["status"] == "disputed"),
        "rows_expiring_within_90_days": sum(
            1 for r in data.rules if r.get("expires_on") and today <= r["expires_on"] <= soon
        ),
        "future_rows": sum(1 for r in data.rules if r.get("starts_on") and r["starts_on"] > today),
        "rows_undated": sum(1 for r in data.rules if r["status"] != "unknown" and not r.get("starts_on")),
        # How the rows' starts are known (vocab.START_KINDS): a research date is never the law's date.
        "rows_dated_by_in_force_since_at_least": sum(1 for r in data.rules if r.get("in_force_since_at_least")),
        "rows_dated_by_known_since": sum(1 for r in data.rules if r.get("known_since")),
        "rows_dated_to_the_month_or_year": sum(
            1 for r in data.rules if r.get("effective_from") and r.get("date_precision", "day") != "day"
        ),
        "lapsed_with_nothing_after": lapsed,
        "corrections": len(data.corrections),
        "advisories": len(data.advisories),
        "pending_measures": len(data.measures),
        "advisories_and_measures_without_source": sum(1 for r in data.advisories + data.measures if not r["sources"]),
        "rows_resting_on_tier_1_2_pct": round(
            100 * sum(1 for r in data.rules if (best_tier(r) or 9) <= 2) / max(1, len(data.rules))
        ),
    }


def contact_figures(data: SeedData) -> dict[str, Any]:
    """How many countries have whom to ask; every contact names a source (`flask seed check` refuses one that does not).

    Printed by `flask seed report` after the coverage figures; not part of the README's figures block.
    """
    countries = {c.alpha_2 for c in pycountry.countries}
    with_contact = {c["jurisdiction"] for c in data.contacts} & countries
    return {
        "contacts": len(data.contacts),
        "countries_with_a_sourced_contact": len(with_contact),
        "contacts_per_role": dict(sorted(Counter(c["role"] for c in data.contacts).items())),
    }


def as_text(figures: dict[str, Any]) -> str:
    """The figures as aligned lines, as `flask seed report` prints them and the README shows them."""
    width = max(map(len, figures))
    lines = []
    for key, value in figures.items():
        shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else value
        if isinstance(value, list):
            shown = ", ".join(value) or "none"
        lines.append(f"{key.replace('_', ' '):<{width}}  {shown}")
    return "\n".join(lines)


README_START, README_END = "<!-- figures -->", "<!-- /figures -->"


def readme_block(figures: dict[str, Any], on: dt.date) -> str:
    """The README's figures block for a report computed on `on` (between the markers, which stay)."""
    return f"{README_START}\n`flask seed report --as-of {on.isoformat()}`:\n\n```\n{as_text(figures)}\n```\n"


def replace_readme_block(text: str, block: str) -> str:
    """`text` with its figures block (from the start marker to the first line of prose after the code) replaced."""
    start = text.index(README_START)
    fence_end = text.index("```\n", text.index("```", start) + 3) + 4
    return text[:start] + block + text[fence_end:]

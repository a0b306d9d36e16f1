"""The jurisdictions that exist without a seed file: ISO 3166-1 countries and chosen ISO 3166-2 subdivisions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pycountry

# Countries whose subdivisions are kept, and which ISO 3166-2 types of them.
SUBDIVISION_TYPES: dict[str, set[str] | None] = {
    "US": None,
    "CA": None,
    "AU": None,
    "MY": None,
    "TH": None,
    "ID": {"Province", "Special region", "Capital district"},
    "GB": {"Country", "Province"},
}

# Names people search for, where pycountry's are official or odd.
DISPLAY_NAMES = {
    "RU": "Russia",
    "FM": "Micronesia",
    "PS": "Palestine",
    "VA": "Vatican City",
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "TR": "Turkey",
    "GB": "United Kingdom",
    "US": "United States",
}

EXTRA_ALIASES = {
    "GB": ["UK", "Great Britain", "Britain"],
    "US": ["USA", "America"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "TR": ["Türkiye"],
    "CZ": ["Czech Republic"],
    "MK": ["Macedonia"],
    "CI": ["Ivory Coast"],
    "NL": ["Holland"],
    "AE": ["UAE"],
}


@dataclass
class BaseJurisdiction:
    """A jurisdiction as the ISO tables give it."""

    code: str
    name: str
    level: str
    kind: str
    parent: str | None
    official_name: str | None = None
    ocd_id: str | None = None
    aliases: list[str] = field(default_factory=list)


def _clean(name: str) -> str:
    # pycountry appends local forms in brackets: "Wales [Cymru GB-CYM]".
    return re.sub(r"\s*\[.*\]$", "", name).strip()


def _us_ocd(code: str, kind: str) -> str:
    local = code.split("-", 1)[1].lower()
    prefix = {"State": "state", "District": "district"}.get(kind, "territory")
    return f"ocd-division/country:us/{prefix}:{local}"


def countries() -> Iterator[BaseJurisdiction]:
    """Every ISO 3166-1 country."""
    for c in pycountry.countries:
        common = getattr(c, "common_name", None)
        name = DISPLAY_NAMES.get(c.alpha_2) or common or c.name
        official = getattr(c, "official_name", None)
        aliases = [n for n in {c.name, official, common, c.alpha_3} if n and n != name]
        aliases += EXTRA_ALIASES.get(c.alpha_2, [])
        yield BaseJurisdiction(
            code=c.alpha_2,
            name=name,
            level="country",
            kind="country",
            parent=None,
            official_name=official or c.name,
            ocd_id=f"ocd-division/country:{c.alpha_2.lower()}",
            aliases=sorted(set(aliases)),
        )


def subdivisions() -> Iterator[BaseJurisdiction]:
    """The ISO 3166-2 subdivisions of the countries in SUBDIVISION_TYPES."""
    for country, types in SUBDIVISION_TYPES.items():
        for s in pycountry.subdivisions.get(country_code=country):
            if types is not None and s.type not in types:
                continue
            raw = s.name
            aliases = [a for a in {raw, s.code.split("-", 1)[1]} if a != _clean(raw)]
            yield BaseJurisdiction(
                code=s.code,
                name=_clean(raw),
                level="subdivision",
                kind=s.type.lower(),
                parent=country,
                ocd_id=_us_ocd(s.code, s.type) if country == "US" else None,
                aliases=sorted(aliases),
            )


def base_jurisdictions() -> list[BaseJurisdiction]:
    """Countries first, then subdivisions, so parents exist before children."""
    return [*countries(), *subdivisions()]


def base_codes() -> set[str]:
    """The codes of all base jurisdictions."""
    return {j.code for j in base_jurisdictions()}

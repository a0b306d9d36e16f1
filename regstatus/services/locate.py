"""A point (latitude, longitude) -> the chain of jurisdictions that contain it, and their answer.

Country by the world-atlas outlines, and in the United States the state and county by the census
shapes (services/geo). A county is part of the chain only where the dataset has it as a locality; the
answer is the deepest level's, composed along the chain as on its own page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from regstatus.errors import InvalidParameter, NotFoundError
from regstatus.models import Jurisdiction
from regstatus.services import jurisdictions as jur
from regstatus.services import lookup
from regstatus.services.geo import shapes
from regstatus.services.text import fold

COUNTY_KINDS = {"county": "County", "borough": "Borough", "parish": "Parish"}


@dataclass
class Location:
    """Where a point lies and what applies there."""

    lat: float
    lon: float
    jurisdiction: Jurisdiction  # the deepest level the dataset has
    county: dict[str, Any] | None  # the census county, in the US: fips, name, and its code if the dataset has it
    answer: Any  # EffectiveAnswer for the substance
    offshore_km: int = 0  # > 0: no outline contains the point; the nearest one within this many km answers


def check_range(lat: float, lon: float) -> None:
    """InvalidParameter naming the coordinate out of range (NaN included)."""
    if not -90 <= lat <= 90:
        raise InvalidParameter(f"Latitude {lat} is not between -90 and 90.", "lat", lat)
    if not -180 <= lon <= 180:
        raise InvalidParameter(f"Longitude {lon} is not between -180 and 180.", "lon", lon)


def _county(state: Jurisdiction, name: str) -> Jurisdiction | None:
    names = {fold(f"{name} {suffix}") for suffix in COUNTY_KINDS.values()} | {fold(name)}
    return next(
        (c for c in state.children if c.level == "locality" and c.kind in COUNTY_KINDS and fold(c.name) in names),
        None,
    )


def locate(
    session: Session, lat: float, lon: float, substance: str = "kratom", as_of: dt.date | None = None
) -> Location:
    """The jurisdictions containing the point; NotFoundError naming `lat` when no country's outline does."""
    check_range(lat, lon)
    found = shapes.locate(lat, lon)
    if found.country is None:
        raise NotFoundError(
            f"No country's outline lies within {shapes.OFFSHORE_KM[-1]} km of latitude {lat}, longitude {lon}: "
            "the point is at sea.",
            "lat",
            lat,
        )
    try:
        place = jur.get_by_code(session, found.state or found.country)
    except NotFoundError:
        raise NotFoundError(f"The dataset has no jurisdiction {found.country!r} for this point.", "lat", lat) from None
    county = None
    if found.county_fips:
        own = _county(place, found.county_name or "")
        county = {"fips": found.county_fips, "name": found.county_name, "code": own.code if own else None}
        place = own or place
    answers = lookup.answers_for(session, [place], as_of or lookup.today(), only=substance)
    return Location(lat, lon, place, county, answers[(place.id, substance)], found.offshore_km)

"""Server-rendered SVG maps and badges: shapes from the generated path tables, statuses from the answer service."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from regstatus.vocab import STATUS_LABELS, STATUSES, SUBSTANCES

GEO = Path(__file__).parent / "geo"


@functools.cache
def geometry(name: str) -> dict:
    """A path table written by geo/convert.py (`world` or `us`), read once per process."""
    return json.loads((GEO / f"{name}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Shape:
    """One place on a map: its code, name, effective status (None when the dataset has no such place) and path."""

    code: str
    name: str
    status: str | None
    d: str

    @property
    def label(self) -> str:
        """The shape's title: the place and its status in words."""
        if self.status is None:
            return f"{self.name}: not in the dataset"
        return f"{self.name}: {STATUS_LABELS[self.status]}"


@dataclass(frozen=True)
class Map:
    """Shapes to draw in a viewBox, and the places of each status (for the legend, the counts and the list)."""

    view_box: str
    shapes: list[Shape]
    groups: dict[str, list]

    @property
    def counts(self) -> dict[str, int]:
        """How many places have each status, in vocabulary order."""
        return {s: len(self.groups.get(s, [])) for s in STATUSES}


def world_map(groups: dict[str, list]) -> Map:
    """The world map for `lookup.countries_by_status` groups (status -> countries); shapes follow their status."""
    table = geometry("world")
    by_code = {j.code: (j, status) for status, places in groups.items() for j in places}
    shapes = []
    for code, d in table["paths"].items():
        place, status = by_code.get(code, (None, None))
        shapes.append(Shape(code, place.name if place else table["names"][code], status, d))
    return Map(table["viewBox"], shapes, groups)


def us_map(children: list, substance: str = "kratom") -> Map:
    """The states map from a listing of the US's children (`lookup.listing` briefs and their effective statuses)."""
    table = geometry("us")
    status_of = {b.code: next(s["status"] for s in b.statuses if s["substance"] == substance) for b in children}
    names = {b.code: b.name for b in children}
    groups: dict[str, list] = {s: [] for s in STATUSES}
    for b in children:
        if b.code in table["paths"]:
            groups[status_of[b.code]].append(b)
    shapes = [Shape(code, names.get(code, code), status_of.get(code), d) for code, d in table["paths"].items()]
    return Map(table["viewBox"], shapes, groups)


def substance_or_default(value: str | None) -> str | None:
    """The substance slug asked for, `kratom` when none is, None when it is not one of ours."""
    value = (value or "kratom").strip().lower()
    return value if value in SUBSTANCES else None


# Widths of Verdana 11px glyphs, the font shields-style badges are measured in, by kind of character.
_NARROW, _WIDE = set("fijlrtI.,:;!|' ()-"), set("mwMW@%")


def text_width(text: str) -> int:
    """An estimate of the text's width in pixels at 11px Verdana (no font metrics needed at run time)."""
    width = 0.0
    for ch in text:
        if ch in _NARROW:
            width += 3.9
        elif ch in _WIDE:
            width += 10.5
        elif ch.isupper() or ch.isdigit():
            width += 7.6
        else:
            width += 6.7
    return round(width)

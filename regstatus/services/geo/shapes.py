"""Which country, US state and US county a point lies in: crossings counted on the packaged polygons.

The tables (world.json, us.json; see build.py and README.md) are read on first use, once per process.
Arcs are decoded to absolute quantised coordinates in `array`s (four bytes a number, about 10 MB for
both tables); a query is moved into the table's quantised grid, features are kept by bounding box, and
the even-odd rule is applied over every arc around a feature (an arc shared by two of its own rings is
counted twice and cancels, as it should).
"""

from __future__ import annotations

import json
import math
import threading
from array import array
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


@dataclass
class Feature:
    """One shape: its id, name if any, arc indices and bounding box in grid units."""

    id: str
    name: str | None
    arcs: list[int]
    box: tuple[int, int, int, int]


class Table:
    """A decoded polygon table: arcs as coordinate arrays, features by layer."""

    def __init__(self, raw: dict, layers: tuple[str, ...]) -> None:
        (self.sx, self.sy), (self.tx, self.ty) = raw["transform"]["scale"], raw["transform"]["translate"]
        self.east, self.west = (180 - self.tx) / self.sx, (-180 - self.tx) / self.sx  # the antimeridian
        width = self.east - self.west
        self.xs: list[array] = []
        self.ys: list[array] = []
        self.boxes: list[tuple[int, int, int, int]] = []
        self.jumps: dict[int, dict[int, float]] = {}  # arc -> {edge end: latitude where it meets 180°}
        for n, arc in enumerate(raw["arcs"]):
            xs, ys = array("i"), array("i")
            x = y = 0
            for dx, dy in arc:
                x, y = x + dx, y + dy
                if xs and abs(x - xs[-1]) > width / 2:  # an edge across the antimeridian (Russia, Fiji, Alaska)
                    xa, ya = xs[-1], ys[-1]
                    xb = x + width if x < xa else x - width
                    edge = self.east if x < xa else self.west
                    # An edge along the meridian itself (from +180° to -180°) meets it where it starts.
                    yc = ya + (edge - xa) * (y - ya) / (xb - xa) if xb != xa else ya
                    self.jumps.setdefault(n, {})[len(xs)] = yc
                xs.append(x)
                ys.append(y)
            self.xs.append(xs)
            self.ys.append(ys)
            self.boxes.append((min(xs), min(ys), max(xs), max(ys)))
        self.layers = {name: [self._feature(f) for f in raw[name]] for name in layers}

    def _feature(self, f: dict) -> Feature:
        boxes = [self.boxes[i] for i in f["arcs"]]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        return Feature(f["id"], f.get("name"), f["arcs"], box)

    def grid(self, lat: float, lon: float) -> tuple[float, float]:
        """A point in the table's quantised units (not rounded: a point is never on a vertex by accident)."""
        return (lon - self.tx) / self.sx, (lat - self.ty) / self.sy

    def inside(self, f: Feature, px: float, py: float) -> bool:
        """Even-odd rule: a ray to the east crosses the feature's boundary an odd number of times.

        An edge across the antimeridian is split where it meets it; the ring's missing stretch along 180°
        then closes it, and the eastward ray crosses that stretch once for each meeting point north of it.
        """
        x0, y0, x1, y1 = f.box
        if not (x0 <= px <= x1 and y0 <= py <= y1):
            return False
        odd = False
        for i in f.arcs:
            jumps = self.jumps.get(i)
            if jumps:
                odd ^= self._across(i, jumps, px, py)
                continue
            _bx0, by0, bx1, by1 = self.boxes[i]
            if py < by0 or py > by1 or px > bx1:
                continue
            odd ^= _crossings(self.xs[i], self.ys[i], px, py)
        return odd

    def _across(self, i: int, jumps: dict[int, float], px: float, py: float) -> bool:
        xs, ys = self.xs[i], self.ys[i]
        odd = sum(yc > py for yc in jumps.values()) % 2 == 1
        start = 0
        for k, yc in sorted(jumps.items()):
            odd ^= _crossings(xs[start:k], ys[start:k], px, py)
            xa, ya, xb, yb = xs[k - 1], ys[k - 1], xs[k], ys[k]
            near, far = (self.east, self.west) if xb < xa else (self.west, self.east)
            odd ^= _crossings(array("d", (xa, near)), array("d", (ya, yc)), px, py)
            odd ^= _crossings(array("d", (far, xb)), array("d", (yc, yb)), px, py)
            start = k
        return odd ^ _crossings(xs[start:], ys[start:], px, py)

    def find(self, layer: str, lat: float, lon: float, prefix: str = "") -> Feature | None:
        """The feature of a layer containing the point (ids starting with `prefix` only)."""
        px, py = self.grid(lat, lon)
        for f in self.layers[layer]:
            if f.id.startswith(prefix) and self.inside(f, px, py):
                return f
        return None


def _crossings(xs, ys, px: float, py: float) -> bool:
    """Whether a ray east from the point crosses the polyline an odd number of times."""
    odd = False
    if len(xs) < 2:
        return odd
    xa, ya = xs[0], ys[0]
    for k in range(1, len(xs)):
        xb, yb = xs[k], ys[k]
        if (ya > py) != (yb > py) and px < xa + (py - ya) * (xb - xa) / (yb - ya):
            odd = not odd
        xa, ya = xb, yb
    return odd


_LOCK = threading.Lock()
_TABLES: dict[str, Table] = {}
LAYERS = {"world": ("countries",), "us": ("states", "counties")}


def table(name: str) -> Table:
    """`world` or `us`, read on first use."""
    found = _TABLES.get(name)
    if found is None:
        with _LOCK:
            found = _TABLES.get(name)
            if found is None:
                raw = json.loads((HERE / f"{name}.json").read_text())
                found = _TABLES[name] = Table(raw, LAYERS[name])
    return found


@dataclass(frozen=True)
class Located:
    """The shapes a point lies in: a country code, and in the US a state code and a county."""

    country: str | None
    state: str | None = None
    county_fips: str | None = None
    county_name: str | None = None
    offshore_km: int = 0  # > 0: no outline contains the point; the nearest within this distance was taken


# US territories with their own ISO 3166-1 codes: the dataset answers them as countries (with the law that
# governs them), so a point there takes its world-atlas country, never a US state.
TERRITORIES = {"US-AS", "US-GU", "US-MP", "US-PR", "US-VI", "US-UM"}
# A point the 1:50m outlines miss by a little (Lagos's waterfront, a ship in a harbour) is answered by the
# country whose outline is within these distances, tried nearest first, in eight directions. The last,
# 20 km, stays inside the 12-nautical-mile (22 km) territorial sea, where the coastal state's law applies.
OFFSHORE_KM = (2, 5, 10, 20)
KM_PER_DEGREE = 111.32
DIRECTIONS = (
    (1, 0),
    (0, 1),
    (-1, 0),
    (0, -1),
    (0.7071, 0.7071),
    (-0.7071, 0.7071),
    (-0.7071, -0.7071),
    (0.7071, -0.7071),
)


def _inside(lat: float, lon: float) -> Located | None:
    country = table("world").find("countries", lat, lon)
    us = table("us")
    state = us.find("states", lat, lon)
    if state is None or state.id in TERRITORIES:
        code = country.id if country else (state.id[3:] if state else None)
        return Located(code) if code else None
    # The census shapes are finer than Natural Earth's: inside a state is inside the US (a coastal point
    # the 1:50m outline misses), and the state's counties have its FIPS code as prefix.
    county = us.find("counties", lat, lon, prefix=state.name or "")
    return Located("US", state.id, county.id if county else None, county.name if county else None)


def locate(lat: float, lon: float) -> Located:
    """The country, and in the United States the state and county, that contain the point (or lie just by it)."""
    found = _inside(lat, lon)
    if found is not None:
        return found
    stretch = 1 / max(math.cos(math.radians(lat)), 0.05)
    for km in OFFSHORE_KM:
        d = km / KM_PER_DEGREE
        for dy, dx in DIRECTIONS:
            la, lo = lat + dy * d, lon + dx * d * stretch
            if -90 <= la <= 90 and -180 <= lo <= 180:
                near = _inside(la, lo)
                if near is not None:
                    return Located(near.country, near.state, near.county_fips, near.county_name, km)
    return Located(None)

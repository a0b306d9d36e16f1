"""Turn world-atlas and us-atlas TopoJSON into SVG path tables keyed by ISO 3166 codes (`make geo`).

Usage: python -m regstatus.pages.geo.convert NODE_MODULES_DIR
Writes world.json (Equal Earth, countries-110m) and us.json (states-albers-10m, already projected)
beside this file. Pure Python: no GIS library, so the build needs nothing but the two npm packages.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path

import pycountry

from regstatus.services.geo.build import UNNUMBERED, US_STATES

HERE = Path(__file__).parent
WIDTH = 1000  # the world map's viewBox width; coordinates are rounded to whole units of it
# Features world-atlas leaves without an ISO numeric id (UNNUMBERED, shared with the locate tables).
# N. Cyprus and Somaliland are drawn as part of the
# ISO 3166-1 country that the dataset (and ISO) counts them in; Kosovo keeps its own shape under the
# user-assigned code XK, linked only if the dataset has a jurisdiction with that code.
DROPPED = {"010"}  # Antarctica: no kratom law, and it would take a fifth of the map's height


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as absolute coordinates (undoing the quantisation and the delta encoding)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def ring(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    """One closed ring from its arc indices (a negative index ~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings of arc indices."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring on one side of the antimeridian: a point that jumps across it is pinned to ±180.

    Natural Earth already cuts Russia, Fiji and the US at ±180, so this only guards against a ring that
    crosses; without it such a ring would be drawn as a band across the whole map.
    """
    east = sum(1 for lon, _ in points if lon > 0) * 2 >= len(points)
    if max(lon for lon, _ in points) - min(lon for lon, _ in points) <= 180:
        return points
    return [(180.0 if east else -180.0, lat) if (lon > 0) != east else (lon, lat) for lon, lat in points]


A1, A2, A3, A4, M = 1.340264, -0.081106, 0.000893, 0.003796, math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Equal Earth projection (Šavrič, Patterson and Jenny 2018) in unit coordinates, y up."""
    lam, phi = math.radians(lon), math.radians(lat)
    t = math.asin(M * math.sin(phi))
    t2, t6 = t * t, t**6
    x = 2 * math.sqrt(3) * lam * math.cos(t) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = t * (A4 * t6 * t2 + A3 * t6 + A2 * t2 + A1)
    return x, y


def path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data: each ring moved to absolutely, then relative whole-unit steps, repeats dropped."""
    parts = []
    for pts in rings:
        rounded = [(round(x), round(y)) for x, y in pts]
        kept = [rounded[0]] + [p for q, p in itertools.pairwise(rounded) if p != q]
        if len(set(kept)) < 3:
            continue  # an islet smaller than a unit: invisible at this scale
        steps = [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(kept)]
        parts.append(f"M{kept[0][0]} {kept[0][1]}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


def alpha2(feature: dict) -> str | None:
    """The ISO 3166-1 alpha-2 code of a world-atlas feature (ids are ISO numeric)."""
    if feature.get("id") is None:
        return UNNUMBERED.get(feature["properties"]["name"])
    found = pycountry.countries.get(numeric=feature["id"])
    return found.alpha_2 if found else None


def world(topo: dict) -> dict:
    """Every country but Antarctica as Equal Earth SVG paths, keyed by alpha-2, with the viewBox."""
    arcs = decode_arcs(topo)
    x_max = equal_earth(180, 0)[0]
    scale = WIDTH / (2 * x_max)
    shapes: dict[str, list] = {}
    names: dict[str, str] = {}
    for feature in topo["objects"]["countries"]["geometries"]:
        if feature.get("id") in DROPPED:
            continue
        code = alpha2(feature)
        if code is None:
            raise SystemExit(f"no ISO code for {feature}")
        for poly in polygons(feature):
            for r in poly:
                pts = [equal_earth(lon, lat) for lon, lat in unwrap(ring(r, arcs))]
                shapes.setdefault(code, []).append([((x + x_max) * scale, -y * scale) for x, y in pts])
        names.setdefault(code, feature["properties"]["name"])
    ys = [y for rings in shapes.values() for r in rings for _, y in r]
    top, bottom = math.floor(min(ys)) - 2, math.ceil(max(ys)) + 2
    paths = {c: path([[(x, y - top) for x, y in r] for r in rings]) for c, rings in sorted(shapes.items())}
    return {"viewBox": f"0 0 {WIDTH} {bottom - top}", "paths": paths, "names": dict(sorted(names.items()))}


def us(topo: dict) -> dict:
    """Every US state, DC and territory in us-atlas as SVG paths keyed US-XX (already Albers-projected)."""
    arcs = decode_arcs(topo)
    paths = {}
    for feature in topo["objects"]["states"]["geometries"]:
        rings = [ring(r, arcs) for poly in polygons(feature) for r in poly]
        paths[f"US-{US_STATES[feature['id']]}"] = path(rings)
    return {"viewBox": "0 0 975 610", "paths": dict(sorted(paths.items()))}


def main(modules: Path) -> None:
    """Read the two packages under `modules` and write world.json and us.json here."""
    world_topo = json.loads((modules / "world-atlas" / "countries-110m.json").read_text())
    us_topo = json.loads((modules / "us-atlas" / "states-albers-10m.json").read_text())
    for name, table in (("world", world(world_topo)), ("us", us(us_topo))):
        (HERE / f"{name}.json").write_text(json.dumps(table, separators=(",", ":"), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "node_modules"))

"""Derive the compact lon/lat polygon tables `locate` reads from world-atlas and us-atlas (`make geo`).

Usage: python -m regstatus.services.geo.build NODE_MODULES_DIR
Writes world.json (countries-50m: ISO 3166-1 alpha-2 ids) and us.json (counties-10m: states as ISO
3166-2 codes, counties by FIPS with their names) beside this file. Each keeps the TopoJSON's quantised,
delta-encoded arcs (what makes it compact) and, per feature, the indices of the arcs around it: the
point-in-polygon test counts crossings arc by arc, so rings need not be rebuilt.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).parent
# Features world-atlas leaves without an ISO numeric id: counted in the ISO 3166-1 country that includes
# them (N. Cyprus, Somaliland), or kept under the user-assigned code XK (Kosovo). Siachen Glacier, held by
# neither claimant under an agreed line, is left out: a point there answers as no country.
UNNUMBERED = {"N. Cyprus": "CY", "Somaliland": "SO", "Kosovo": "XK"}
# "Indian Ocean Ter.": Australia's two Indian Ocean territories, each its own ISO 3166-1 code; Christmas
# Island lies east of 100°E, the Cocos (Keeling) Islands west of it.
INDIAN_OCEAN = "Indian Ocean Ter."
US_STATES = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE", "11": "DC",
    "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA", "20": "KS", "21": "KY",
    "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT",
    "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH",
    "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT",
    "50": "VT", "51": "VA", "53": "WA", "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP",
    "72": "PR", "78": "VI",
}  # fmt: skip


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def _arc_ids(polygons: list) -> list[int]:
    """Every arc around the polygons, by index (a reversed arc ~i counts as arc i)."""
    return sorted(i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring)


def _first_lon(topo: dict, arc: int) -> float:
    return topo["arcs"][arc][0][0] * topo["transform"]["scale"][0] + topo["transform"]["translate"][0]


def world(topo: dict) -> list[dict]:
    """Countries keyed by ISO 3166-1 alpha-2."""
    out: dict[str, list] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        if name == INDIAN_OCEAN:
            for polygon in _polygons(g):
                code = "CX" if _first_lon(topo, _arc_ids([polygon])[0]) > 100 else "CC"
                out.setdefault(code, []).append(polygon)
            continue
        if "id" in g:
            country = pycountry.countries.get(numeric=g["id"])
            code = country.alpha_2 if country else None
        else:
            code = UNNUMBERED.get(name)
        if code:
            out.setdefault(code, []).extend(_polygons(g))
    return [{"id": code, "arcs": _arc_ids(polys)} for code, polys in sorted(out.items())]


def us(topo: dict) -> tuple[list[dict], list[dict]]:
    """States keyed US-XX (`name`: the state's FIPS code), and counties by FIPS code with their names."""
    states = [
        {"id": f"US-{US_STATES[g['id']]}", "name": g["id"], "arcs": _arc_ids(_polygons(g))}
        for g in topo["objects"]["states"]["geometries"]
        if g.get("id") in US_STATES
    ]
    counties = [
        {"id": g["id"], "name": g["properties"]["name"], "arcs": _arc_ids(_polygons(g))}
        for g in topo["objects"]["counties"]["geometries"]
        if g.get("id", "")[:2] in US_STATES
    ]
    return states, counties


def _used(topo: dict, *layers: list[dict]) -> dict:
    """The topology's arcs that the kept features use, renumbered."""
    used = sorted({i for layer in layers for f in layer for i in f["arcs"]})
    new = {old: n for n, old in enumerate(used)}
    for layer in layers:
        for f in layer:
            f["arcs"] = [new[i] for i in f["arcs"]]
    return {"transform": topo["transform"], "arcs": [topo["arcs"][i] for i in used]}


def main(node_modules: str) -> None:
    """Write world.json and us.json from the two npm packages."""
    root = Path(node_modules)
    topo = json.loads((root / "world-atlas" / "countries-50m.json").read_text())
    countries = world(topo)
    body = {"source": "world-atlas 2.0.2 countries-50m.json (Natural Earth)", **_used(topo, countries)}
    body["countries"] = countries
    (HERE / "world.json").write_text(json.dumps(body, separators=(",", ":")) + "\n")
    topo = json.loads((root / "us-atlas" / "counties-10m.json").read_text())
    states, counties = us(topo)
    body = {"source": "us-atlas 3.0.1 counties-10m.json (US Census Bureau)", **_used(topo, states, counties)}
    body.update(states=states, counties=counties)
    (HERE / "us.json").write_text(json.dumps(body, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])

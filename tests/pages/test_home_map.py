"""The home page's world map, legend, counts, substance switch, recent changes and list; the US states map."""

from __future__ import annotations

import re

from regstatus.vocab import STATUS_LABELS


def _home(client, query: str = "") -> str:
    response = client.get("/" + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _map_links(html: str) -> dict[str, tuple[str, str]]:
    """Each map link's target code -> (its title, its path's status class)."""
    svg = html.split('<svg class="map"')[1].split("</svg>")[0]
    found = re.findall(r'<a href="/jurisdictions/([A-Z-]+)"><title>([^<]+)</title><path class="st-([a-z]+)"', svg)
    return {code: (title, status) for code, title, status in found}


def _listed(html: str) -> dict[str, str]:
    """Each country in the list under the map -> the status group it is listed in."""
    out = {}
    for status, body in re.findall(r'<details class="group" id="g-([a-z]+)"[^>]*>(.*?)</details>', html, re.S):
        for code in re.findall(r'href="/jurisdictions/([A-Z-]+)"', body):
            out[code] = status
    return out


def test_the_world_map_is_inline_svg_with_a_titled_link_per_country(client):
    html = _home(client)
    links = _map_links(html)
    assert len(links) > 150
    title, status = links["TH"]
    assert title == f"Thailand: {STATUS_LABELS[status]}"
    assert "<script" not in html and "http://" not in html.split("<main")[1].split("<footer")[0].replace(
        "http://www.w3.org", ""
    )


def test_map_colours_agree_with_the_list_from_the_answer_service(client, app):
    html = _home(client)
    links, listed = _map_links(html), _listed(html)
    assert links and all(listed[code] == status for code, (_title, status) in links.items())
    # The same statuses the API gives: the map is never a second computation.
    api = client.get("/api/v1/jurisdictions?level=country&per_page=500").json
    items = api["data"]
    by_api = {i["code"]: next(s["status"] for s in i["statuses"] if s["substance"] == "kratom") for i in items}
    assert all(by_api[code] == status for code, status in listed.items())
    assert listed["TH"] == "regulated"


def test_legend_names_each_status_in_words_with_its_count(client):
    html = _home(client)
    legend = html.split('<ul class="legend">')[1].split("</ul>")[0]
    listed = _listed(html)
    for status, label in STATUS_LABELS.items():
        n = sum(1 for s in listed.values() if s == status)
        noun = "country" if n == 1 else "countries"
        assert f"<strong>{label}</strong></a>: {n} {noun}\n" in legend, (status, n)


def test_small_countries_missing_from_the_map_stay_in_the_list(client):
    html = _home(client)
    links, listed = _map_links(html), _listed(html)
    assert "SG" in listed and "SG" not in links  # Singapore is too small for the 110m geometry
    assert 'href="#by-status"' in html


def test_the_substance_switch_is_a_plain_link_and_changes_the_map(client):
    html = _home(client)
    assert 'href="/?substance=7-oh"' in html
    seven = _home(client, "?substance=7-oh")
    assert "<h1>7-OH legal status by country</h1>" in seven
    assert 'href="/">Show Kratom instead' in seven
    assert _map_links(seven) != _map_links(html) or _listed(seven) != _listed(html)


def test_an_unknown_substance_is_a_problem_naming_the_field(client):
    response = client.get("/?substance=coffee", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "substance" in response.json["errors"]


def test_home_carries_the_notice_recent_changes_and_the_search_box(client):
    html = _home(client)
    assert "not legal advice;</strong> check the sources and their dates" in html.lower().replace("<strong>", "")
    assert 'role="search"' in html
    recent = html.split('id="recent-h"')[1].split("</section>")[0]
    assert 'href="/changes?substance=kratom"' in recent
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\d\">", recent)


def test_home_stays_light_and_csp_clean(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert len(response.data) < 150_000
    assert "style=" not in html and "<script" not in html
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers.get("ETag") and "max-age" in response.headers["Cache-Control"]


def test_the_us_page_has_a_states_map_coloured_by_effective_status(client):
    response = client.get("/jurisdictions/US")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    links = _map_links(html)
    assert len(links) >= 50
    title, status = links["US-TX"]
    assert title == f"Texas: {STATUS_LABELS[status]}" and status == "regulated"
    texas = client.get("/api/v1/jurisdictions/US-TX").json
    assert next(s["status"] for s in texas["statuses"] if s["substance"] == "kratom") == status


def test_other_places_have_no_states_map(client):
    html = client.get("/jurisdictions/US-TX").get_data(as_text=True)
    assert '<svg class="map"' not in html


def test_the_committed_geometry_is_keyed_by_iso_codes_and_never_wraps():
    from regstatus.pages.maps import geometry

    world, us = geometry("world"), geometry("us")
    assert "AQ" not in world["paths"] and {"CY", "SO", "XK", "RU", "FJ", "US"} <= set(world["paths"])
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in world["paths"])
    assert len(us["paths"]) == 51 and all(re.fullmatch(r"US-[A-Z]{2}", code) for code in us["paths"])
    width = int(world["viewBox"].split()[2])
    for code in ("RU", "FJ", "US"):
        steps = [int(n) for n in re.findall(r"-?\d+", " ".join(re.findall(r"l([^z]*)z", world["paths"][code])))]
        # A ring crossing the antimeridian would jump across the whole map in one step.
        assert max(abs(dx) for dx in steps[0::2]) < width / 2, code

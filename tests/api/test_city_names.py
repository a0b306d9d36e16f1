"""Search and the route check by city name: a deterministic sample of the gazetteer's 1,000 largest cities."""

from __future__ import annotations

import pytest

from regstatus.services import gazetteer

SAMPLE = 100  # every tenth of the 1,000 most populous cities


def _largest() -> list[gazetteer.City]:
    t = gazetteer.table()
    ranked = sorted(range(len(t.names)), key=lambda i: (-t.population[i], t.ids[i]))[:1000]
    return [t.city(i) for i in ranked[:: 1000 // SAMPLE]]


CITIES = _largest()


@pytest.fixture
def client(real_app):
    return real_app.test_client()


def _resolved(client, name: str) -> dict:
    """The destination stop of a route to the named city, choosing the city's country if the name is shared."""
    response = client.get("/api/v1/travel", query_string={"from": "TH", "to": name})
    if response.status_code == 404 and response.json["type"].endswith("/ambiguous-name"):
        assert response.json["errors"] == {"to": [response.json["detail"]]}
        return response.json
    assert response.status_code == 200, (name, response.json)
    return response.json["stops"][-1]


def test_the_sample_is_large_cities_of_many_countries():
    assert len(CITIES) == SAMPLE and len({c.country for c in CITIES}) >= 30
    assert min(c.population for c in CITIES) > 500_000


@pytest.mark.parametrize("city", CITIES, ids=lambda c: f"{c.name}-{c.country}")
def test_a_large_city_is_found_by_name_and_checked_on_a_route(client, city):
    body = client.get("/api/v1/jurisdictions", query_string={"q": city.name, "per_page": 5}).json
    exact = [p for p in body["data"] if p["match"]["kind"] == "exact"]
    found = body["cities"]["cities"] if body["cities"] else []
    # Either a place of the dataset bears the name (Singapore, Quebec) or the gazetteer lists the city.
    assert exact or any(c["geonameid"] == city.geonameid or c["name"] == city.name for c in found), body
    stop = _resolved(client, city.name)
    if "choices" in stop:  # a shared name: the city's own choice, as offered, names it alone
        choice = next(c for c in stop["choices"] if c["code"].split("-")[0] == city.country)
        stop = _resolved(client, choice["query"])
    assert stop["code"].split("-")[0] == city.country or exact, (city, stop["code"])
    if not exact:
        assert stop["city"]["country"] == city.country
        if city.subdivision:
            assert stop["code"].startswith(city.subdivision)


def test_los_angeles_answers_by_california_and_the_federal_rules(client):
    body = client.get("/api/v1/jurisdictions?q=los+angeles").json
    best = body["cities"]["cities"][0]
    assert body["cities"]["ambiguous"] is False and body["data"] == []
    assert (best["label"], best["code"], best["own"]) == ("Los Angeles, California, United States", "US-CA", False)
    assert best["words"] == "no city rule recorded; the California and federal rules apply"
    stop = _resolved(client, "Los Angelos")  # a typo
    assert stop["code"] == "US-CA" and stop["city"]["name"] == "Los Angeles"


def test_a_city_the_dataset_has_is_its_own_place(client):
    stop = _resolved(client, "San Diego")
    assert stop["code"] == "US-CA-SAN-DIEGO" and stop["city"] is None  # the dataset's own name won
    response = client.get("/search?q=san+diego")
    assert response.status_code == 302 and response.headers["Location"].endswith("/jurisdictions/US-CA-SAN-DIEGO")


def test_a_name_in_another_script_finds_the_city(client):
    for name, code in (("กรุงเทพมหานคร", "TH"), ("東京", "JP"), ("Москва", "RU"), ("Bombay", "IN")):
        assert _resolved(client, name)["code"] == code


def test_springfield_lists_its_choices_and_a_state_narrows_it(client):
    problem = _resolved(client, "Springfield")
    assert problem["status"] == 404 and problem["type"].endswith("/ambiguous-name")
    codes = [c["code"] for c in problem["choices"]]
    assert {"US-MO", "US-MA", "US-IL"} <= set(codes) and len(codes) == len(set(c["query"] for c in problem["choices"]))
    assert _resolved(client, "Springfield, Illinois")["code"] == "US-IL"
    assert _resolved(client, "springfield, US-MA")["code"] == "US-MA"
    html = client.get("/search?q=springfield").get_data(as_text=True)
    assert "which one?" in html and 'href="/search?q=Springfield,+Illinois"' in html


def test_every_wrong_field_is_named_at_its_field(client):
    response = client.get("/api/v1/travel?from=narnia&via=tokyo&via=springfield&to=los+angeles")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert set(response.json["errors"]) == {"from", "via"}
    assert response.json["fields"]["via"]["choices"] and "suggestions" in response.json["fields"]["from"]
    html = client.get("/travel?from=narnia&via=tokyo;+springfield&to=los+angeles").get_data(as_text=True)
    assert 'id="from-error"' in html and 'id="via-error"' in html and 'id="to-error"' not in html
    assert "Which one:" in html.split('id="via-error"')[1]


def test_the_search_page_answers_a_city_with_its_state_and_country(client):
    html = client.get("/search?q=los+angeles").get_data(as_text=True)
    assert "Los Angeles, California, United States</strong> — no city rule recorded; the California and federal" in html
    assert 'href="/jurisdictions/US-CA"' in html and 'href="/jurisdictions/US"' in html
    # each level's answers are whole sentences, one after the other (no ".;" between them)
    assert ".;" not in html

"""GET /api/v1/locate and /locate: the chain of jurisdictions at a point, and refusals of bad points.

The points are GeoNames city centres from the gazetteer: coordinates from another source than the outlines.
"""

from __future__ import annotations

import pytest

from regstatus.services import gazetteer
from regstatus.services.text import fold

COUNTRIES = [
    ("Bangkok", "TH"), ("Tokyo", "JP"), ("Paris", "FR"), ("Berlin", "DE"), ("Kuala Lumpur", "MY"),
    ("Jakarta", "ID"), ("Sydney", "AU"), ("Toronto", "CA"), ("London", "GB"), ("Singapore", "SG"),
    ("Hanoi", "VN"), ("Nairobi", "KE"), ("Lagos", "NG"), ("Cairo", "EG"), ("São Paulo", "BR"),
    ("Buenos Aires", "AR"), ("Moscow", "RU"), ("Seoul", "KR"), ("Dubai", "AE"), ("Warsaw", "PL"),
]  # fmt: skip
# (city, state, the census county, the dataset's code where it has the county)
COUNTIES = [
    ("Tupelo", "MS", "Lee", "US-MS-LEE-COUNTY"),
    ("Laurel", "MS", "Jones", "US-MS-JONES-COUNTY"),
    ("Brandon", "MS", "Rankin", "US-MS-RANKIN-COUNTY"),
    ("Columbus", "MS", "Lowndes", "US-MS-LOWNDES-COUNTY"),
    ("Billings", "MT", "Yellowstone", "US-MT-YELLOWSTONE-COUNTY"),
    ("Fresno", "CA", "Fresno", "US-CA-FRESNO-COUNTY"),
    ("Sarasota", "FL", "Sarasota", "US-FL-SARASOTA-COUNTY"),
    ("Saint Charles", "MO", "St. Charles", "US-MO-ST-CHARLES-COUNTY"),
    ("Santa Ana", "CA", "Orange", "US-CA-ORANGE-COUNTY"),
    ("Brentwood", "NY", "Suffolk", "US-NY-SUFFOLK-COUNTY"),
    ("Chicago", "IL", "Cook", None),
    ("Houston", "TX", "Harris", None),
    ("Phoenix", "AZ", "Maricopa", None),
    ("Seattle", "WA", "King", None),
    ("Detroit", "MI", "Wayne", None),
    ("Las Vegas", "NV", "Clark", None),
    ("Miami", "FL", "Miami-Dade", None),
    ("Atlanta", "GA", "Fulton", None),
    ("Nashville", "TN", "Davidson", None),
    ("Boston", "MA", "Suffolk", None),
]


def _point(name: str, country: str, state: str | None = None) -> tuple[float, float]:
    t = gazetteer.table()
    for i in t.owners(fold(name)):
        if t.countries[i] == country and (state is None or t.admin1[i] == state):
            return round(t.lat[i], 4), round(t.lon[i], 4)
    raise LookupError(name)


@pytest.fixture
def client(real_app):
    return real_app.test_client()


@pytest.mark.parametrize(("name", "country"), COUNTRIES)
def test_a_point_in_a_country_answers_its_chain(client, name, country):
    lat, lon = _point(name, country)
    response = client.get(f"/api/v1/locate?lat={lat}&lon={lon}")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["levels"][0]["code"] == country and body["code"] == country and body["county"] is None
    detail = client.get(body["links"]["jurisdiction"]).json
    kratom = next(e for e in detail["effective"] if e["substance"] == "kratom")
    assert body["levels"] == kratom["levels"] and body["status"] == kratom["status"]  # the detail's shape


@pytest.mark.parametrize(("name", "state", "county", "code"), COUNTIES)
def test_a_point_in_a_us_county_answers_country_state_and_county(client, name, state, county, code):
    lat, lon = _point(name, "US", state)
    body = client.get(f"/api/v1/locate?lat={lat}&lon={lon}").json
    assert body["county"]["name"] == county and body["county"]["code"] == code
    chain = [lvl["code"] for lvl in body["levels"]]
    assert chain == ["US", f"US-{state}", code] if code else chain == ["US", f"US-{state}"]
    assert body["code"] == (code or f"US-{state}")


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("lat=0&lon=-30", 404, "lat"),  # the Atlantic
        ("lat=-40&lon=-120", 404, "lat"),  # the South Pacific
        ("lat=91&lon=0", 422, "lat"),
        ("lat=0&lon=180.5", 422, "lon"),
        ("lat=north&lon=0", 422, "lat"),
        ("lat=nan&lon=0", 422, "lat"),
        ("lat=10&lon=inf", 422, "lon"),
        ("lon=100", 422, "lat"),
        ("lat=13.75", 422, "lon"),
    ],
)
def test_a_bad_point_is_refused_naming_its_parameter(client, query, status, field):
    response = client.get(f"/api/v1/locate?{query}")
    assert response.status_code == status and response.mimetype == "application/problem+json"
    assert field in response.json["errors"]


def test_points_beside_the_antimeridian_find_their_country(client):
    for lat, lon, country in ((68.5, 179.0, "RU"), (67.0, -175.0, "RU"), (-17.8, 178.0, "FJ"), (51.8, -176.6, "US")):
        assert client.get(f"/api/v1/locate?lat={lat}&lon={lon}").json["levels"][0]["code"] == country


def test_the_locate_page_shows_the_chain_and_each_error_at_its_field(client):
    html = client.get("/locate?lat=34.2576&lon=-88.7034").get_data(as_text=True)
    assert 'href="/jurisdictions/US-MS-LEE-COUNTY"' in html and 'href="/jurisdictions/US-MS"' in html
    assert 'rel="alternate" type="application/json" href="/api/v1/locate?lat=34.2576&amp;lon=-88.7034"' in html
    response = client.get("/locate?lat=0&lon=-30")
    assert response.status_code == 404 and 'id="lat-error"' in response.get_data(as_text=True)
    response = client.get("/locate?lat=12&lon=east")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="lon-error"' in html and 'id="lat-error"' not in html
    assert 'value="east"' in html


def test_a_waterfront_the_coarse_coast_misses_is_answered_by_the_nearest_outline(client):
    body = client.get("/api/v1/locate?lat=6.4541&lon=3.3947").json  # Lagos, on the lagoon
    assert body["code"] == "NG" and 0 < body["offshore_km"] <= 20
    assert client.get("/api/v1/locate?lat=13.75&lon=100.5").json["offshore_km"] == 0

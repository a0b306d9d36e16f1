"""GET /api/v1/jurisdictions and /api/v1/jurisdictions/{code}."""

from __future__ import annotations

import pycountry
import pytest

from regstatus import vocab


def test_detail_has_the_contract_fields(client):
    response = client.get("/api/v1/jurisdictions/US-TX")
    assert response.status_code == 200
    body = response.json
    assert (body["code"], body["name"], body["level"], body["parent"]) == ("US-TX", "Texas", "subdivision", "US")
    assert body["ocd_id"] == "ocd-division/country:us/state:tx"
    assert isinstance(body["children"], list)
    kratom = next(s for s in body["statuses"] if s["substance"] == "kratom")
    assert kratom["status"] == "regulated"
    assert kratom["effective_from"] == "2019-09-01"
    assert kratom["min_age"] == 18
    assert set(kratom["activities"]) == set(vocab.ACTIVITIES)
    assert len(kratom["version_id"]) == 16
    assert kratom["sources"] == [
        {
            "id": "test-statute-a",
            "url": "https://example.org/statute-a",
            "title": "Test Statute A",
            "publisher": "Test Gazette",
            "kind": "statute",
            "tier": 1,
            "published_on": "2021-08-01",
            "accessed_on": "2026-01-15",
            "archive_url": None,
            "language": None,
        }
    ]
    for key in ("summary", "citation", "last_verified_on"):
        assert key in kratom
    assert [s["substance"] for s in body["statuses"]] == ["kratom", "7-oh"]
    assert body["statuses"][1]["status"] == "unknown"
    assert body["license"] == "CC-BY-4.0"


def test_code_is_case_insensitive(client):
    assert client.get("/api/v1/jurisdictions/us-tx").json["code"] == "US-TX"
    assert client.get("/api/v1/jurisdictions/th").json["code"] == "TH"


def test_every_iso_country_exists(client):
    body = client.get("/api/v1/jurisdictions?level=country&per_page=500").json
    assert {j["code"] for j in body["data"]} == {c.alpha_2 for c in pycountry.countries}
    assert body["meta"]["total"] == len(pycountry.countries)


def test_as_of_walks_the_history(client):
    def status(date):
        return client.get(f"/api/v1/jurisdictions/TH?as_of={date}").json["statuses"][0]

    assert status("2020-01-01")["status"] == "banned"
    assert status("2021-08-23")["status"] == "banned"
    assert status("2021-08-24")["status"] == "legal"
    assert status("2022-08-24")["status"] == "regulated"
    assert status("2030-01-01")["effective_from"] == "2022-08-24"


def test_expired_emergency_rule_is_no_longer_in_force(client):
    def status(date):
        body = client.get(f"/api/v1/jurisdictions/US-FL?as_of={date}").json
        return next(s for s in body["statuses"] if s["substance"] == "7-oh")

    during = status("2025-12-01")
    assert during["status"] == "banned" and during["expires_on"] == "2026-03-01"
    assert during["thresholds"] == [
        {"analyte": "7-oh", "max": 2.0, "unit": "pct_alkaloid_fraction", "note": "test cap"}
    ]
    assert status("2026-03-01")["status"] == "unknown"


def test_history_lists_every_version_oldest_first(client):
    body = client.get("/api/v1/jurisdictions/th/history").json
    assert body["code"] == "TH"
    assert [(v["effective_from"], v["known_since"], v["status"], v["ends_on"]) for v in body["versions"]] == [
        (None, "1943-08-03", "banned", "2021-08-24"),
        ("2021-08-24", None, "legal", "2022-08-24"),
        ("2022-08-24", None, "regulated", None),
    ]
    assert [s["id"] for s in body["versions"][2]["sources"]] == ["test-statute-a", "test-news-b"]
    assert client.get("/api/v1/jurisdictions/TH/history?substance=7-oh").json["versions"] == []


def test_locality_answer_combines_levels(client):
    body = client.get("/api/v1/jurisdictions/us-ca-san-diego").json
    assert (body["level"], body["parent"]) == ("locality", "US-CA")
    kratom = next(e for e in body["effective"] if e["substance"] == "kratom")
    assert [(lvl["code"], lvl["status"]) for lvl in kratom["levels"]] == [
        ("US", "legal"),
        ("US-CA", "legal"),
        ("US-CA-SAN-DIEGO", "banned"),
    ]
    assert kratom["status"] == "banned" and kratom["determined_by"] == "US-CA-SAN-DIEGO"
    assert kratom["activities"]["possess"]["set_by"] == "US-CA-SAN-DIEGO"
    assert kratom["preemption"] == ["Test note. The state does not preempt local rules."]
    assert "US-CA-SAN-DIEGO" in client.get("/api/v1/jurisdictions/US-CA").json["children"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=subdivision&parent=us&q=tex", ["US-TX"]),
        ("q=deutschland", ["DE"]),
        ("q=cote d'ivoire", ["CI"]),
        ("q=CÔTE", ["CI"]),
        ("q=us-tx", ["US-TX", "US-TX-TESTVILLE"]),
        ("status=regulated&level=country", ["TH"]),
        ("status=regulated&parent=US", ["US-TX"]),
        ("status=disputed&parent=US", ["US-KY"]),
        ("status=banned&substance=7-oh&as_of=2025-12-01", ["US-FL"]),
        ("status=banned&as_of=2020-01-01&level=country", ["TH"]),
        ("level=locality", ["US-CA-SAN-DIEGO", "US-TX-TESTVILLE"]),
    ],
)
def test_list_filters(client, query, expected):
    response = client.get(f"/api/v1/jurisdictions?{query}")
    assert response.status_code == 200, response.json
    assert [j["code"] for j in response.json["data"]] == expected


def test_search_ranks_exact_matches_first(client):
    codes = [j["code"] for j in client.get("/api/v1/jurisdictions?q=georgia").json["data"]]
    assert codes[:2] == ["GE", "US-GA"]


def test_pagination_links(client):
    body = client.get("/api/v1/jurisdictions?level=country&per_page=100&page=2").json
    assert body["meta"]["page"] == 2 and body["meta"]["pages"] == 3 and len(body["data"]) == 100
    assert "page=3" in body["links"]["next"] and "page=1" in body["links"]["prev"]
    last = client.get("/api/v1/jurisdictions?level=country&per_page=100&page=3").json
    assert last["links"]["next"] is None
    header = client.get("/api/v1/jurisdictions?level=country&per_page=100&page=2").headers["Link"]
    assert 'page=3>; rel="next"' in header and 'page=1>; rel="prev"' in header


def test_etag_gives_304(client):
    first = client.get("/api/v1/jurisdictions/TH")
    assert first.headers.get("ETag")
    again = client.get("/api/v1/jurisdictions/TH", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304

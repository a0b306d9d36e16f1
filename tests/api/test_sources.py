"""GET /api/v1/sources and /api/v1/sources/{id}: the catalog of sources through HTTP, and what each supports."""

from __future__ import annotations

from tests.conftest import build_app, dispose


def ids(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [s["id"] for s in response.json["data"]]


def test_every_source_by_id_with_its_tier(client):
    body = client.get("/api/v1/sources").json
    assert [(s["id"], s["kind"], s["tier"]) for s in body["data"]] == [
        ("test-news-b", "news", 4),
        ("test-statute-a", "statute", 1),
        ("test-vendor-c", "vendor", 6),
    ]
    assert body["meta"]["total"] == 3 and body["meta"]["dataset"]["version"]
    assert body["license"] == "CC-BY-4.0"


def test_filters_kind_tier_publisher_and_place(client):
    assert ids(client.get("/api/v1/sources?kind=news")) == ["test-news-b"]
    assert ids(client.get("/api/v1/sources?tier=6")) == ["test-vendor-c"]
    assert ids(client.get("/api/v1/sources?publisher=TIMES")) == ["test-news-b"]
    # Cited by the place's own rows, advisories or measures: US has a row and an advisory citing news-b.
    assert ids(client.get("/api/v1/sources?jurisdiction=us")) == ["test-news-b"]
    assert ids(client.get("/api/v1/sources?jurisdiction=US-KY")) == ["test-news-b", "test-vendor-c"]


def test_a_journalists_every_tier_1_source_for_florida(client):
    assert ids(client.get("/api/v1/sources?tier=1&jurisdiction=US-FL")) == ["test-statute-a"]
    assert ids(client.get("/api/v1/sources?tier=4&jurisdiction=US-FL")) == []


def test_pages_link_to_each_other(client):
    first = client.get("/api/v1/sources?per_page=2")
    assert ids(first) == ["test-news-b", "test-statute-a"]
    assert first.json["meta"]["pages"] == 2
    assert "<" + first.json["links"]["next"] + '>; rel="next"' in first.headers["Link"]
    assert ids(client.get(first.json["links"]["next"])) == ["test-vendor-c"]


def test_a_source_with_what_it_supports(client):
    body = client.get("/api/v1/sources/test-statute-a").json
    assert body["title"] == "Test Statute A" and body["published_on"] == "2021-08-01"
    rows = [(v["jurisdiction"], v["substance"], v["status"], v["current"]) for v in body["versions"]]
    assert ("TH", "kratom", "legal", True) in rows and ("US-FL", "7-oh", "banned", True) in rows
    # The corrected text cited it too, and stays listed as not current.
    assert ("US-TX", "kratom", "legal", False) in rows and ("US-TX", "kratom", "regulated", True) in rows
    assert [m["id"] for m in body["pending"]] == ["test-tx-bill"]
    assert body["advisories"] == []
    news = client.get("/api/v1/sources/TEST-NEWS-B").json
    assert [a["id"] for a in news["advisories"]] == ["test-import-alert"]


def test_unknown_ids_and_parameters_are_problems_naming_them(client):
    missing = client.get("/api/v1/sources/test-statute-z")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert list(missing.json["errors"]) == ["id"] and "test-statute-a" in missing.json["suggestions"]
    place = client.get("/api/v1/sources?jurisdiction=US-ZZ")
    assert place.status_code == 404 and list(place.json["errors"]) == ["jurisdiction"]
    for query, name, status in (("tier=7", "tier", 422), ("kind=blog", "kind", 422), ("format=csv", "format", 400)):
        bad = client.get(f"/api/v1/sources?{query}")
        assert bad.status_code == status and list(bad.json["errors"]) == [name], query


def test_ids_are_the_same_on_two_fresh_deployments(databases):
    seen = []
    for _ in range(2):
        app = build_app(databases)
        assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
        client = app.test_client()
        detail = client.get("/api/v1/sources/test-news-b").json
        seen.append((ids(client.get("/api/v1/sources")), detail["versions"], detail["advisories"]))
        dispose(app)
    assert seen[0] == seen[1]

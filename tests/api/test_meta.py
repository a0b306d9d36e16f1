"""GET /api/v1/meta and the index's links through HTTP."""

from __future__ import annotations


def test_meta_counts_what_the_dataset_holds(client):
    body = client.get("/api/v1/meta?as_of=2026-06-01").json
    counts = body["counts"]
    listing = client.get("/api/v1/jurisdictions?per_page=1").json["meta"]["total"]
    assert counts["jurisdictions"] == listing
    # TH, US, US-CA, US-CA-SAN-DIEGO, US-FL, US-TX, US-TX-TESTVILLE, US-KY, DE have rows of their own.
    assert counts["researched"] == 9
    assert (counts["sources"], counts["advisories"], counts["pending"], counts["pending_open"]) == (3, 1, 1, 1)
    assert counts["versions"] == 13  # 12 current rows and one corrected text
    assert sum(counts["statuses"]["kratom"].values()) == counts["jurisdictions"]
    banned = client.get("/api/v1/jurisdictions?status=banned&as_of=2026-06-01&per_page=1").json["meta"]["total"]
    assert counts["statuses"]["kratom"]["banned"] == banned
    assert counts["changes"] == client.get("/api/v1/changes?per_page=1").json["meta"]["total"]
    assert body["license"] == "CC-BY-4.0" and body["dataset"]["version"] and body["as_of"] == "2026-06-01"


def test_newest_change_and_verification_come_from_the_data(client):
    body = client.get("/api/v1/meta?as_of=2026-06-01").json
    latest = client.get("/api/v1/changes?until=2026-06-01&per_page=1").json["data"][0]
    assert body["newest_change"]["id"] == latest["id"]
    assert body["newest_verification"]["last_verified_on"] == "2026-01-15"
    # Thailand's first row is dated 1943-08-03 by known_since, a research date: no legal change before 2014.
    early = client.get("/api/v1/meta?as_of=1950-01-01").json
    assert early["newest_change"] is None
    assert client.get("/api/v1/meta?as_of=2014-03-01").json["newest_change"]["happened_on"] == "2014-02-28"


def test_the_index_links_every_collection(client):
    links = client.get("/api/v1/").json["links"]
    for name in ("sources", "advisories", "pending", "meta", "export_csv", "datapackage", "changes_feed"):
        assert client.get(links[name]).status_code == 200, name
    assert links["export_csv"] == "/api/v1/export.csv"


def test_bad_parameters(client):
    for query, name, status in (("as_of=yesterday", "as_of", 422), ("since=2026-01-01", "since", 400)):
        r = client.get(f"/api/v1/meta?{query}")
        assert (r.status_code, list(r.json["errors"])) == (status, [name])


PUBLISHED = (
    "/api/v1/sources",
    "/api/v1/sources/{id}",
    "/api/v1/advisories",
    "/api/v1/pending",
    "/api/v1/export.csv",
    "/api/v1/export.json",
    "/api/v1/export.ndjson",
    "/api/v1/meta",
)


def test_the_spec_documents_each_route_with_examples(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in (*PUBLISHED, "/api/v1/datapackage.json"):
        responses = paths[path]["get"]["responses"]
        bodies = responses["200"]["content"].values()
        assert bodies and all(body["example"] for body in bodies), path
        if path in PUBLISHED:
            problem = responses["400"]["content"]["application/problem+json"]
            assert problem["example"]["status"] == 400, path
    for path in PUBLISHED[:-1]:
        assert paths[path]["get"]["responses"]["404"]["content"]["application/problem+json"]["example"]["status"] == 404
    csv = paths["/api/v1/export.csv"]["get"]["responses"]["200"]["content"]["text/csv"]["example"]
    assert csv.startswith("jurisdiction,name,level,parent,substance,as_of,status,")

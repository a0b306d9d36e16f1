"""GET /api/v1/advisories and /api/v1/pending through HTTP: filters by place, substance, kind, stage and date."""

from __future__ import annotations


def ids(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [x["id"] for x in response.json["data"]]


def test_advisories_with_sources_and_dataset(client):
    body = client.get("/api/v1/advisories").json
    (a,) = body["data"]
    assert (a["id"], a["jurisdiction"], a["kind"], a["issued_on"]) == (
        "test-import-alert",
        "US",
        "import-alert",
        "2014-02-28",
    )
    assert [s["id"] for s in a["sources"]] == ["test-news-b"]
    assert body["meta"]["total"] == 1 and body["meta"]["dataset"]["version"]


def test_advisory_filters(client):
    assert ids(client.get("/api/v1/advisories?jurisdiction=us&substance=kratom&kind=import-alert")) == [
        "test-import-alert"
    ]
    assert ids(client.get("/api/v1/advisories?substance=7-oh")) == []
    assert ids(client.get("/api/v1/advisories?kind=recall")) == []
    assert ids(client.get("/api/v1/advisories?jurisdiction=TH")) == []
    # In effect on a date: issued by then (it has no end).
    assert ids(client.get("/api/v1/advisories?active_on=2014-02-28")) == ["test-import-alert"]
    assert ids(client.get("/api/v1/advisories?active_on=2014-02-27")) == []
    assert ids(client.get("/api/v1/advisories?since=2014-02-28")) == ["test-import-alert"]
    assert ids(client.get("/api/v1/advisories?since=2014-03-01")) == []


def test_pending_with_the_stage_reached(client):
    (m,) = client.get("/api/v1/pending").json["data"]
    assert (m["id"], m["jurisdiction"], m["identifier"], m["stage"]["stage"]) == (
        "test-tx-bill",
        "US-TX",
        "HB 1",
        "in-committee",
    )
    on_filing = client.get("/api/v1/pending?open_on=2026-01-20").json["data"]
    assert on_filing[0]["stage"] == {"stage": "introduced", "on": "2026-01-10"}


def test_pending_filters(client):
    assert ids(client.get("/api/v1/pending?jurisdiction=US-TX&substance=kratom")) == ["test-tx-bill"]
    assert ids(client.get("/api/v1/pending?substance=7-oh")) == []
    assert ids(client.get("/api/v1/pending?stage=in-committee")) == ["test-tx-bill"]
    assert ids(client.get("/api/v1/pending?stage=introduced")) == []
    assert ids(client.get("/api/v1/pending?stage=introduced&open_on=2026-01-20")) == ["test-tx-bill"]
    assert ids(client.get("/api/v1/pending?open_on=2026-01-09")) == []
    assert ids(client.get("/api/v1/pending?since=2026-02-10")) == ["test-tx-bill"]
    assert ids(client.get("/api/v1/pending?since=2026-02-11")) == []
    assert ids(client.get("/api/v1/pending?jurisdiction=US")) == []


def test_errors_name_the_parameter(client):
    for url, status, name in (
        ("/api/v1/advisories?jurisdiction=US-ZZ", 404, "jurisdiction"),
        ("/api/v1/pending?jurisdiction=ZZ", 404, "jurisdiction"),
        ("/api/v1/advisories?active_on=2026-13-01", 422, "active_on"),
        ("/api/v1/pending?stage=rumoured", 422, "stage"),
        ("/api/v1/pending?changed_since=2026-01-01", 400, "changed_since"),
        ("/api/v1/advisories?page=0", 422, "page"),
    ):
        r = client.get(url)
        assert (r.status_code, list(r.json["errors"])) == (status, [name]), url
        assert r.mimetype == "application/problem+json"


def test_pagination_past_the_end_is_an_empty_page(client):
    body = client.get("/api/v1/advisories?page=3").json
    assert body["data"] == [] and body["meta"]["total"] == 1

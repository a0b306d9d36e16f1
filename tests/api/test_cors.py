"""CORS: any origin may read the API and the feeds; preflights answer 204 with what a browser needs."""

from __future__ import annotations

import pytest

from regstatus.api.cors import EXPOSE_HEADERS

PREFLIGHT = {
    "Origin": "https://newsroom.example",
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "if-none-match, range",
}
NEEDED_REQUEST_HEADERS = {"if-none-match", "if-modified-since", "range", "accept", "content-type"}
EXPOSED = {
    "etag",
    "last-modified",
    "link",
    "retry-after",
    "ratelimit",
    "ratelimit-policy",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-request-id",
}


def names(value: str) -> set[str]:
    return {v.strip().lower() for v in value.split(",") if v.strip()}


@pytest.mark.parametrize(
    "path", ["/api/v1/jurisdictions", "/api/v1/jurisdictions/TH", "/api/v1/export.csv", "/feeds/changes.atom"]
)
def test_a_preflight_is_a_204_with_the_cors_headers(client, path):
    r = client.options(path, headers=PREFLIGHT)
    assert r.status_code == 204
    assert r.data == b"" and "Content-Type" not in r.headers
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert {"GET", "HEAD", "OPTIONS"} <= {m.upper() for m in names(r.headers["Access-Control-Allow-Methods"])}
    assert names(r.headers["Access-Control-Allow-Headers"]) >= NEEDED_REQUEST_HEADERS
    assert int(r.headers["Access-Control-Max-Age"]) >= 600


def test_a_preflight_of_an_unknown_api_path_is_not_an_html_page(client):
    r = client.options("/api/v1/nothing-here", headers=PREFLIGHT)
    assert r.status_code == 204 and r.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/", 200),
        ("/api/v1/jurisdictions?per_page=2", 200),
        ("/api/v1/jurisdictions/ZZ-NOPE", 404),
        ("/api/v1/jurisdictions?format=csv", 400),
        ("/feeds/changes.atom", 200),
    ],
)
def test_every_answer_may_be_read_by_any_origin_with_its_headers(client, path, status):
    r = client.get(path, headers={"Origin": "https://newsroom.example"})
    assert r.status_code == status
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert names(r.headers["Access-Control-Expose-Headers"]) >= EXPOSED
    assert "Access-Control-Allow-Credentials" not in r.headers


def test_a_304_still_carries_the_cors_headers(client):
    etag = client.get("/api/v1/jurisdictions/TH").headers["ETag"]
    r = client.get("/api/v1/jurisdictions/TH", headers={"If-None-Match": etag, "Origin": "https://x.example"})
    assert r.status_code == 304 and r.headers["Access-Control-Allow-Origin"] == "*"


def test_the_pages_are_not_opened_to_other_origins(client):
    r = client.get("/about", headers={"Origin": "https://newsroom.example"})
    assert "Access-Control-Allow-Origin" not in r.headers
    assert names(EXPOSE_HEADERS) == EXPOSED

"""Input every API route refuses, naming the parameter: unknown, malformed, out of range, oversize; wrong methods."""

from __future__ import annotations

import re

import pytest

LISTINGS = ["/api/v1/jurisdictions", "/api/v1/changes", "/api/v1/sources", "/api/v1/advisories", "/api/v1/pending"]


# The required parameters of routes that have some.
REQUIRED = {
    "/api/v1/travel": "from=TH&to=MY",
    "/api/v1/check": "place=TH&product=leaf",
    "/api/v1/locate": "lat=13.75&lon=100.5",
}


def concrete(client, path: str) -> str:
    """A spec path with its placeholders filled by identifiers that exist."""
    source_id = client.get("/api/v1/sources?per_page=1").json["data"][0]["id"]
    return path.replace("{code}", "TH").replace("{id}", source_id)


def api_paths(client, method: str = "get") -> list[str]:
    spec = client.get("/api/v1/openapi.json").json
    return [concrete(client, p) for p, ops in spec["paths"].items() if method in ops]


def test_every_documented_route_refuses_an_unknown_parameter(client):
    paths = api_paths(client)
    assert len(paths) >= 15
    for path in paths:
        query = REQUIRED.get(path, "")
        assert client.get(f"{path}?{query}").status_code == 200, path  # the route answers without it
        r = client.get(f"{path}?{query}&format=csv".replace("?&", "?"))
        assert r.status_code == 400, path
        assert r.mimetype == "application/problem+json"
        assert r.json["errors"] == {"format": ["Unknown parameter."]}, path
        assert r.json["type"].endswith("/unknown-parameter")


def test_the_report_post_refuses_an_unknown_query_parameter_before_reading_the_body(client):
    assert api_paths(client, "post") == ["/api/v1/reports"]
    r = client.post("/api/v1/reports?format=csv", json={})
    assert r.status_code == 400 and r.json["errors"] == {"format": ["Unknown parameter."]}


def test_undocumented_api_routes_take_no_parameters(client):
    for path in ("/api/v1/openapi.json", "/api/docs"):
        assert client.get(path).status_code == 200
        r = client.get(path + "?debug=1")
        assert (r.status_code, list(r.json["errors"])) == (400, ["debug"]), path


def test_the_problem_names_each_unknown_parameter_and_what_is_accepted(client):
    r = client.get("/api/v1/jurisdictions?format=csv&changed_sinse=2025-01-01&level=country")
    assert r.status_code == 400
    assert list(r.json["errors"]) == ["format", "changed_sinse"]
    assert "changed_since" in r.json["detail"] and "level" in r.json["detail"]


def test_declared_parameters_still_pass(client):
    r = client.get("/api/v1/jurisdictions?level=country&per_page=5&changed_since=2025-01-01&fields=name")
    assert r.status_code == 200
    assert client.get("/api/v1/travel?from=TH&to=MY&via=SG&via=US").status_code == 200
    assert client.head("/api/v1/jurisdictions?level=country").status_code == 200


def test_unknown_parameters_are_refused_before_a_conditional_answer(client):
    """A 304 must not hide a refused parameter: the guard runs before the cache."""
    etag = client.get("/api/v1/jurisdictions/TH").headers["ETag"]
    r = client.get("/api/v1/jurisdictions/TH?format=csv", headers={"If-None-Match": etag})
    assert r.status_code == 400


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/jurisdictions?page=abc", "page"),
        ("/api/v1/jurisdictions?per_page=501", "per_page"),
        ("/api/v1/jurisdictions?as_of=2025-02-30", "as_of"),
        ("/api/v1/jurisdictions?status=legalish", "status"),
        ("/api/v1/jurisdictions/TH?known_at=0001-01-01T00:00:00", "known_at"),
        ("/api/v1/changes?since=yesterday", "since"),
        ("/api/v1/sources?tier=9", "tier"),
        ("/api/v1/travel?from=TH", "to"),
        ("/api/v1/export.csv?history=maybe", "history"),
    ],
)
def test_malformed_and_out_of_range_values_name_the_parameter(client, url, name):
    r = client.get(url)
    assert r.status_code in (400, 422), url
    assert r.mimetype == "application/problem+json"
    assert name in r.json["errors"], r.json


def test_oversize_values_are_refused_naming_the_parameter(client):
    r = client.get("/api/v1/jurisdictions?q=" + "a" * 5000)
    assert (r.status_code, list(r.json["errors"])) == (400, ["q"])
    r = client.get("/api/v1/jurisdictions/" + "X" * 5000)
    assert r.status_code in (400, 404, 422) and r.mimetype == "application/problem+json"
    r = client.get("/api/v1/travel?from=TH&to=MY" + "&via=SG" * 100)
    assert r.status_code == 400 and r.mimetype == "application/problem+json"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_unknown_methods_are_405_with_allow_on_the_api_and_the_pages(client, method):
    for path in ("/api/v1/jurisdictions", "/api/v1/jurisdictions/TH", "/api/v1/export.csv", "/feeds/changes.atom"):
        r = client.open(path, method=method)
        assert r.status_code == 405, path
        assert set(re.split(r",\s*", r.headers["Allow"])) >= {"GET", "HEAD", "OPTIONS"}
        if path.startswith("/api/"):
            assert r.mimetype == "application/problem+json"
    for path in ("/", "/jurisdictions/TH", "/about"):
        r = client.open(path, method=method)
        assert r.status_code == 405 and "GET" in r.headers["Allow"], path
        assert r.mimetype == "text/html"

"""One error shape for the whole API: RFC 9457 problem details, documented in the spec."""

from __future__ import annotations

import pytest

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def _assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    return body


def test_unknown_code_is_404_with_suggestions(client):
    body = _assert_problem(client.get("/api/v1/jurisdictions/us-txx"), 404)
    assert "us-txx" in body["detail"]
    assert body["errors"] == {"code": [body["detail"]]}
    assert body["suggestions"][0] == "US-TX"


def test_unknown_code_zz(client):
    body = _assert_problem(client.get("/api/v1/jurisdictions/zz"), 404)
    assert body["type"].endswith("/not-found")


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/api/v1/jurisdictions/TH?as_of=2021-13-45", {"as_of"}),
        ("/api/v1/jurisdictions?level=planet", {"level"}),
        ("/api/v1/jurisdictions?level=planet&as_of=nope", {"level", "as_of"}),
        ("/api/v1/jurisdictions?status=illegal", {"status"}),
        ("/api/v1/jurisdictions?per_page=0", {"per_page"}),
        ("/api/v1/jurisdictions?page=x", {"page"}),
        ("/api/v1/jurisdictions/TH?known_at=yesterday", {"known_at"}),
        ("/api/v1/jurisdictions/TH/history?substance=coffee", {"substance"}),
    ],
)
def test_bad_parameter_names_the_parameter(client, url, fields):
    body = _assert_problem(client.get(url), 422)
    assert set(body["errors"]) == fields
    for name in fields:
        assert name in body["detail"]


def test_unknown_parent_is_404(client):
    body = _assert_problem(client.get("/api/v1/jurisdictions?parent=QQ"), 404)
    assert "QQ" in body["detail"]


def test_unknown_path_and_method(client):
    _assert_problem(client.get("/api/v1/nothing-here"), 404)
    response = client.post("/api/v1/jurisdictions")
    _assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_errors_are_documented_as_problem_json(client):
    spec = client.get("/api/v1/openapi.json").json
    default = spec["components"]["responses"]["DEFAULT_ERROR"]
    assert list(default["content"]) == ["application/problem+json"]
    problem = spec["components"]["schemas"]["ProblemOut"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem["properties"])
    detail = spec["paths"]["/api/v1/jurisdictions/{code}"]["get"]
    assert "default" in detail["responses"]

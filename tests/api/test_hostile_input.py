"""Hostile input gets a clear 4xx naming what is wrong, never a 500 or a steered redirect."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/jurisdictions/US%00TX", "code"),
        ("/api/v1/jurisdictions?q=te%00xas", "q"),
        ("/api/v1/jurisdictions?parent=U%00S", "parent"),
        ("/api/v1/jurisdictions/TH/history?substance=%00", "substance"),
        ("/api/v1/jurisdictions/TH?as_of=2020%0A-01-01", "as_of"),
        ("/api/v1/jurisdictions?x%01y=1", "x?y"),
    ],
)
def test_control_characters_are_refused_naming_the_parameter(client, url, field):
    response = client.get(url)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["errors"] == {field: [f"{field} must not contain control characters."]}


@pytest.mark.parametrize("url", ["/jurisdictions/T%00H", "/search?q=%00", "/jurisdictions/TH?as_of=%7F"])
def test_pages_refuse_control_characters_with_a_readable_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "control characters" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("code=x", "/jurisdictions/TH"),
        ("endpoint=x", "/jurisdictions/TH"),
        ("_method=POST", "/jurisdictions/TH"),
        ("_external=1&_scheme=https", "/jurisdictions/TH"),
        ("_anchor=x&as_of=2020-01-01", "/jurisdictions/TH?as_of=2020-01-01"),
    ],
)
def test_the_page_redirect_is_built_from_known_parameters_only(client, query, location):
    response = client.get(f"/jurisdictions/th?{query}", headers={"Host": "127.0.0.1:5000"})
    assert response.status_code == 301
    assert response.headers["Location"] == location


@pytest.mark.parametrize(
    "known_at", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "1899-12-31T23:59:59Z", "3000-01-01T00:00"]
)
def test_known_at_outside_the_accepted_range_is_422(client, known_at):
    response = client.get("/api/v1/jurisdictions/TH", query_string={"known_at": known_at})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"known_at"}


def test_known_at_at_the_edges_of_the_range_is_answered(client):
    for known_at in ("1900-01-01T00:00:00+14:00", "2999-12-31T23:59:59-12:00"):
        assert client.get("/api/v1/jurisdictions/TH", query_string={"known_at": known_at}).status_code == 200

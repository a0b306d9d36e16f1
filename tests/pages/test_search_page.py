"""/search: ranked results with their match kind, "did you mean", the local-name pointer, the one-exact redirect."""

from __future__ import annotations

import re

import pytest


def page(client, q: str) -> str:
    response = client.get("/search", query_string={"q": q})
    assert response.status_code == 200 and response.mimetype == "text/html"
    return response.get_data(as_text=True)


def rows(html: str) -> list[tuple[str, str]]:
    """(code, match kind) of each result row, in order."""
    return re.findall(r'<span class="code">([^<]+)</span>.*?<span class="match match-([a-z-]+)"', html, re.S)


@pytest.mark.parametrize(
    ("q", "target"),
    [("texas", "US-TX"), ("Deutschland", "DE"), ("UK", "GB"), ("us-tx", "US-TX"), ("thailand", "TH")],
)
def test_one_exact_match_goes_to_the_place(client, q, target):
    response = client.get("/search", query_string={"q": q})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jurisdictions/{target}")


def test_typo_lists_did_you_mean(client):
    html = page(client, "texs")
    assert re.search(r'Did you mean\s*<a href="/jurisdictions/US-TX">Texas</a>', html)
    assert rows(html) == [("US-TX", "fuzzy")]
    assert 'href="/jurisdictions/TH">Thailand</a>' in page(client, "thiland")


def test_two_exact_matches_are_listed_best_first(client):
    html = page(client, "georgia")
    assert rows(html)[:2] == [("GE", "exact"), ("US-GA", "exact")]
    assert "Did you mean" not in html


def test_prefix_matches_are_ranked_and_labelled(client):
    html = page(client, "new")
    found = rows(html)
    assert {"US-NY", "NZ"} <= {c for c, _ in found} and {k for _, k in found} == {"prefix"}
    assert "Did you mean" not in html


def test_local_name_points_to_where_it_is_used(client):
    html = page(client, "ketum")
    assert "the name used in Malaysia" in html and 'href="/jurisdictions/MY">Malaysia</a>' in html
    assert rows(html) == [("MY", "local-name")]
    thai = page(client, "กระท่อม")
    assert "the name used in Thailand" in thai and 'href="/jurisdictions/TH">Thailand</a>' in thai
    seven = page(client, "7-OH")
    assert "7-hydroxymitragynine" in seven and "No place matches" not in seven


def test_nothing_found_says_so(client):
    assert "No place matches" in page(client, "narnia")


def test_empty_query_goes_home(client):
    response = client.get("/search?q=")
    assert response.status_code == 302 and response.headers["Location"].endswith("/")

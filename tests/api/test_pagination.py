"""Every listing pages the same way: Link first/last/next/prev, and an empty page past the end."""

from __future__ import annotations

import re

import pytest

LISTINGS = ["/api/v1/jurisdictions", "/api/v1/changes", "/api/v1/sources", "/api/v1/advisories", "/api/v1/pending"]
LINK = re.compile(r'<([^>]+)>; rel="([a-z]+)"')


def links(response) -> dict[str, str]:
    return {rel: target for target, rel in LINK.findall(response.headers.get("Link", ""))}


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_links_its_first_and_last_page(client, listing):
    r = client.get(f"{listing}?per_page=1")
    pages = r.json["meta"]["pages"]
    found = links(r)
    assert found["first"].endswith("page=1") and found["last"].endswith(f"page={pages}")
    assert ("next" in found) == (pages > 1) and "prev" not in found


@pytest.mark.parametrize("listing", LISTINGS[:3])
def test_a_middle_page_links_first_last_next_and_prev(client, listing):
    total = client.get(f"{listing}?per_page=1").json["meta"]["total"]
    assert total >= 3, listing  # the fixture has enough rows for a middle page
    r = client.get(f"{listing}?per_page=1&page=2")
    found = links(r)
    assert set(found) == {"first", "last", "next", "prev"}
    assert found["first"].endswith("page=1") and found["last"].endswith(f"page={total}")
    assert found["next"].endswith("page=3") and found["prev"].endswith("page=1")
    assert all("per_page=1" in url for url in found.values())
    assert {rel: r.json["links"][rel] for rel in found} == found, "the body's links are the header's"


@pytest.mark.parametrize("listing", LISTINGS)
def test_a_page_past_the_end_is_empty_and_links_nowhere_into_emptiness(client, listing):
    body = client.get(f"{listing}?per_page=1").json
    r = client.get(f"{listing}?per_page=1&page={body['meta']['pages'] + 5}")
    assert r.status_code == 200 and r.json["data"] == []
    assert r.json["links"]["prev"] is None and r.json["links"]["next"] is None
    found = links(r)
    assert set(found) == {"first", "last"}
    assert (r.json["links"]["first"], r.json["links"]["last"]) == (found["first"], found["last"])
    assert client.get(found["last"]).json["data"], "last leads back to a page with rows"


def test_following_next_visits_every_row_once(client):
    seen, url = [], "/api/v1/jurisdictions?level=country&per_page=40"
    while url:
        r = client.get(url)
        seen += [row["code"] for row in r.json["data"]]
        url = links(r).get("next")
    total = client.get("/api/v1/jurisdictions?level=country&per_page=1").json["meta"]["total"]
    assert len(seen) == len(set(seen)) == total


def test_an_empty_listing_has_one_empty_page(client):
    r = client.get("/api/v1/changes?since=2999-01-01")
    assert r.status_code == 200 and r.json["data"] == [] and r.json["meta"]["pages"] == 1
    assert set(links(r)) == {"first", "last"}
    assert r.json["links"]["first"] == r.json["links"]["last"] == links(r)["last"]

"""Atom feeds through HTTP: valid Atom, stable tag: ids, dates from the data, links to the pages."""

from __future__ import annotations

import feedparser
from lxml import etree

from tests.conftest import build_app, dispose

ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(response):
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/atom+xml"
    root = etree.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return root, feed


def test_changes_feed_is_valid_atom_with_stable_ids(client):
    root, feed = parsed(client.get("/feeds/changes.atom"))
    events = client.get("/api/v1/changes?per_page=500").json["data"]
    assert len(feed.entries) == len(events)  # the fixture has fewer events than the feed's length
    by_uid = {e["id"]: e for e in events}
    for entry in feed.entries:
        assert entry.id.startswith("tag:regstatus,2026:change:")
        event = by_uid[entry.id.rsplit(":", 1)[1]]
        assert entry.updated.startswith(event["recorded_on"])
        assert entry.link == f"http://localhost/jurisdictions/{event['jurisdiction']}"
    newest = max(e["recorded_on"] for e in events)
    assert root.findtext(f"{ATOM}updated") == f"{newest}T00:00:00+00:00"
    alternate = [link for link in feed.feed.links if link.rel == "alternate"]
    assert alternate[0].href == "http://localhost/" and alternate[0].type == "text/html"


def test_a_places_feed_has_its_changes_and_versions(client):
    _root, feed = parsed(client.get("/feeds/jurisdictions/th.atom"))
    assert feed.feed.id == "tag:regstatus,2026:feed:jurisdiction:TH"
    assert feed.feed.link == "http://localhost/jurisdictions/TH"
    titles = [e.title for e in feed.entries]
    # Every kind, each labelled: the 1943 row has no legal date, so it is the day the dataset recorded it.
    assert titles == [
        "Thailand (TH), kratom: recorded as banned on 2026-01-15 (no legal date: a change in our record)",
        "Thailand (TH), kratom: legal \u2192 regulated from 2022-08-24",
        "Thailand (TH), kratom: banned \u2192 legal from 2021-08-24",
    ]
    assert [e.tags[0].term for e in feed.entries] == ["recorded", "in-force", "in-force"]
    assert "Legal date" not in feed.entries[0].content[0].value
    # Each in-force entry carries the version it concerns, with its sources.
    assert "Source: Test Statute A" in feed.entries[1].content[0].value


def test_a_feed_is_the_same_bytes_on_every_request_and_deployment(client, databases):
    first = client.get("/feeds/jurisdictions/US-TX.atom")
    assert client.get("/feeds/jurisdictions/US-TX.atom").data == first.data
    again = client.get("/feeds/jurisdictions/US-TX.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    app = build_app(databases)
    assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    other = app.test_client()
    assert other.get("/feeds/changes.atom").data == client.get("/feeds/changes.atom").data
    dispose(app)


def test_an_unknown_place_is_a_404(client):
    page = client.get("/feeds/jurisdictions/us-txx.atom")
    assert page.status_code == 404 and page.mimetype == "text/html"
    problem = client.get("/feeds/jurisdictions/us-txx.atom", headers={"Accept": "application/json"})
    assert problem.status_code == 404 and problem.mimetype == "application/problem+json"
    assert list(problem.json["errors"]) == ["code"] and problem.json["type"].endswith("/not-found")

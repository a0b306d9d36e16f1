"""iCalendar feeds through HTTP: parsed, the fixture's scheduled events, stable UIDs, dates from the data."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from regstatus.vocab import CALENDAR_EVENT_KINDS
from tests.conftest import build_app, dispose

README = Path(__file__).resolve().parents[2] / "README.md"


def parsed(response) -> Calendar:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    assert str(cal["version"]) == "2.0" and str(cal["prodid"]).startswith("-//regstatus//")
    return cal


def events(cal: Calendar) -> dict[str, dict]:
    out = {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev["uid"])
        assert uid not in out, f"duplicate UID {uid}"
        out[uid] = {
            "start": ev.decoded("dtstart"),
            "end": ev.decoded("dtend"),
            "summary": str(ev["summary"]),
            "description": str(ev["description"]),
            "stamp": ev.decoded("dtstamp"),
            "url": str(ev["url"]),
            "categories": [str(c) for c in ev["categories"].cats],
        }
    return out


def _version_uid(client, code: str, substance: str, effective_from: str) -> str:
    versions = client.get(f"/api/v1/jurisdictions/{code}/history?substance={substance}").json["versions"]
    return next(v["version_id"] for v in versions if v["effective_from"] == effective_from)


def test_upcoming_holds_the_fixture_events(client):
    got = events(parsed(client.get("/feeds/upcoming.ics")))
    us = _version_uid(client, "US", "7-oh", "2025-07-29")
    fl = _version_uid(client, "US-FL", "7-oh", "2025-08-01")
    # The fixture's dataset is dated 2026-02-01: the feed holds every date from 2025-02-01 on, oldest first.
    assert list(got) == [
        f"rule-{us}-takes-effect@regstatus",
        f"rule-{fl}-takes-effect@regstatus",
        "measure-test-tx-bill-introduced@regstatus",
        "measure-test-tx-bill-in-committee@regstatus",
        f"rule-{fl}-expires@regstatus",
    ]
    florida = got[f"rule-{fl}-expires@regstatus"]
    assert florida["start"] == dt.date(2026, 3, 1) and florida["end"] == dt.date(2026, 3, 2)
    assert florida["summary"] == "Florida (US-FL), 7-OH: temporary banned rule expires"
    assert "Expires on 2026-03-01" in florida["description"]
    assert "Citation: none recorded" in florida["description"]
    assert "Source: Test Statute A" in florida["description"] and "(https://" in florida["description"]
    assert florida["url"] == "http://localhost/jurisdictions/US-FL"
    assert florida["categories"] == ["expires", "7-oh"]
    bill = got["measure-test-tx-bill-in-committee@regstatus"]
    assert bill["start"] == dt.date(2026, 2, 10)
    assert bill["summary"] == "Texas (US-TX), Kratom: HB 1 in committee"
    assert "Would: Test measure. Would raise the age to 21." in bill["description"]
    # Stamped with the dataset's date, never the clock: every deployment gives the same bytes.
    assert {e["stamp"] for e in got.values()} == {dt.datetime(2026, 2, 1, tzinfo=dt.UTC)}


def test_a_rule_taking_effect_carries_its_citation_and_sources(client):
    got = events(parsed(client.get("/feeds/jurisdictions/US-FL.ics")))
    fl = _version_uid(client, "US-FL", "7-oh", "2025-08-01")
    start = got[f"rule-{fl}-takes-effect@regstatus"]
    assert start["start"] == dt.date(2025, 8, 1)
    assert start["summary"] == "Florida (US-FL), 7-OH: banned rule takes effect"
    assert f"Rule version {fl} (banned): Test row. Emergency rule that lapses." in start["description"]


def test_a_places_feed_holds_its_levels_and_no_other_place(client):
    texas = events(parsed(client.get("/feeds/jurisdictions/us-tx.ics")))
    us = _version_uid(client, "US", "7-oh", "2025-07-29")
    # Texas's own measure and the federal rule above it; Florida's dates are not Texas's.
    assert sorted(texas) == sorted(
        [
            f"rule-{us}-takes-effect@regstatus",
            "measure-test-tx-bill-introduced@regstatus",
            "measure-test-tx-bill-in-committee@regstatus",
        ]
    )
    assert events(parsed(client.get("/feeds/jurisdictions/DE.ics"))) == {}


def test_substance_filter(client):
    kratom = events(parsed(client.get("/feeds/upcoming.ics?substance=kratom")))
    assert sorted(kratom) == [
        "measure-test-tx-bill-in-committee@regstatus",
        "measure-test-tx-bill-introduced@regstatus",
    ]
    seven = events(parsed(client.get("/feeds/jurisdictions/US-TX.ics?substance=7-oh")))
    assert [e["summary"] for e in seven.values()] == ["United States (US), 7-OH: legal rule takes effect"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("substance=opium", "substance"), ("substance=kratom&substance=7-oh", "substance"), ("since=2020-01-01", "since")],
)
def test_bad_parameters_answer_400_naming_them(client, query, field):
    response = client.get(f"/feeds/upcoming.ics?{query}", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert field in response.json["errors"]
    assert client.get(f"/feeds/jurisdictions/TH.ics?{query}").status_code == 400


def test_unknown_code_is_404(client):
    response = client.get("/feeds/jurisdictions/XX-NOPE.ics", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["errors"] == {"code": ["No jurisdiction has the code 'XX-NOPE'."]}


def test_feed_caching_follows_the_atom_feeds(client):
    first = client.get("/feeds/upcoming.ics")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get("/feeds/upcoming.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_two_deployments_give_the_same_bytes(client, databases):
    other = build_app(databases)
    try:
        assert other.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
        for path in ("/feeds/upcoming.ics", "/feeds/jurisdictions/US-FL.ics?substance=7-oh"):
            assert other.test_client().get(path).data == client.get(path).data
    finally:
        dispose(other)


def test_the_real_dataset_parses_with_unique_uids(real_app):
    got = events(parsed(real_app.test_client().get("/feeds/upcoming.ics")))
    assert got, "the real dataset schedules something within the feed's window"
    assert all(e["end"] > e["start"] for e in got.values())


def test_the_readme_lists_the_event_kinds_as_vocab_defines_them(client):
    text = README.read_text()
    section = text[text.index("### iCalendar feeds") :]
    section = section[: section.index("\n### ", 1)]
    assert dict(re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, re.M)) == CALENDAR_EVENT_KINDS
    kinds = {c for ev in parsed(client.get("/feeds/upcoming.ics")).walk("VEVENT") for c in ev["categories"].cats}
    assert set(CALENDAR_EVENT_KINDS) <= {str(k) for k in kinds}

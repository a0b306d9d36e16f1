"""Legal dates and research dates through HTTP: precision, lower bounds, change events, filters, seed check."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import feedparser
import pytest

from regstatus.services.seed_files import read_seed
from regstatus.vocab import LEGAL_CHANGE_KINDS
from tests.conftest import REAL_SEED, build_app, dispose

# --- on the real seed ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(databases):
    app = build_app(databases, seed_dir=REAL_SEED)
    result = app.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 0, result.output
    yield app.test_client()
    dispose(app)


@pytest.fixture(scope="module")
def data():
    return read_seed(REAL_SEED)


@pytest.fixture(scope="module")
def research_dates(data) -> dict[tuple[str, str], set[dt.date]]:
    """Per place and substance: every day a row was recorded or one of its sources was read."""
    read = {s["id"]: s["accessed_on"] for s in data.sources}
    out: dict[tuple[str, str], set[dt.date]] = defaultdict(set)
    for r in [*data.rules, *data.corrections]:
        out[(r["jurisdiction"], r["substance"])] |= {r["recorded_on"], *(read[s] for s in r["sources"])}
    return out


def _all(client, path: str) -> list[dict]:
    out, page = [], 1
    while True:
        body = client.get(f"{path}{'&' if '?' in path else '?'}per_page=500&page={page}").json
        out += body["data"]
        if page >= body["meta"]["pages"]:
            return out
        page += 1


def _on_research_date(e: dict, research_dates) -> bool:
    return dt.date.fromisoformat(e["happened_on"]) in research_dates[(e["jurisdiction"], e["substance"])]


def test_the_change_log_shows_no_event_on_a_research_date(real, research_dates):
    events = _all(real, "/api/v1/changes")
    assert events and {e["kind"] for e in events} <= set(LEGAL_CHANGE_KINDS)
    assert [e for e in events if e["kind"] == "in-force" and _on_research_date(e, research_dates)] == []
    # The rows read on 2026-11-25 are no "no rule recorded -> banned" on that day.
    window = _all(real, "/api/v1/changes?since=2025-01-01&substance=7-oh")
    stale = [e for e in window if e["kind"] == "in-force" and e["happened_on"] in ("2026-11-25", "2026-12-04")]
    assert stale == []
    # Asked for, they are the dataset's own events, dated when it recorded them.
    recorded = _all(real, "/api/v1/changes?kind=recorded&jurisdiction=CN&substance=kratom")
    recorded = [e for e in recorded if e["new_status"] == "banned"]
    # On the day the dataset first recorded the ban (its text before the re-dating included), not the law's.
    assert [(e["kind"], e["happened_on"]) for e in recorded] == [("recorded", "2026-12-04")]
    assert "since at least 2024-03-01" in recorded[0]["detail"]
    assert "no source read gives the date it took legal effect" in recorded[0]["detail"]


def test_the_feeds_show_no_event_on_a_research_date(real, research_dates):
    every = {e["id"]: e for e in _all(real, "/api/v1/changes?kind=all")}
    feed = feedparser.parse(real.get("/feeds/changes.atom").data)
    assert len(feed.entries) == 50
    shown = [every[entry.id.rsplit(":", 1)[1]] for entry in feed.entries]
    assert {e["kind"] for e in shown} <= set(LEGAL_CHANGE_KINDS)
    assert [e for e in shown if e["kind"] == "in-force" and _on_research_date(e, research_dates)] == []
    for code in ("CN", "MM", "US-TN", "US-VT", "US-MS-RANKIN-COUNTY"):
        place = feedparser.parse(real.get(f"/feeds/jurisdictions/{code}.atom").data)
        assert place.entries, code
        for entry in place.entries:
            e = every[entry.id.rsplit(":", 1)[1]]
            assert entry.tags[0].term == e["kind"]
            if e["kind"] == "in-force":
                assert not _on_research_date(e, research_dates), entry.title
            elif e["kind"] in ("recorded", "corrected"):
                assert "Legal date" not in entry.content[0].value
                assert "change in our record" in entry.content[0].value


def _redated(data) -> list[tuple[dict, dict]]:
    """(old text, current row) for each row whose research-date start was re-dated earlier from its sources."""
    read = {s["id"]: s["accessed_on"] for s in data.sources}
    out = []
    for c in data.corrections:
        old = c.get("known_since")
        if c["corrected_on"] != dt.date(2026, 12, 7) or not old:
            continue
        if old not in {c["recorded_on"], *(read[s] for s in c["sources"])}:
            continue
        now = [r for r in data.rules if (r["jurisdiction"], r["substance"]) == (c["jurisdiction"], c["substance"])]
        now = [r for r in now if r["recorded_on"] == c["corrected_on"] and r["starts_on"] < old]
        if now:
            out.append((c, now[0]))
    return out


def test_as_of_before_the_research_date_answers_the_law(real, data):
    redated = _redated(data)
    assert len(redated) >= 20
    for old, row in redated:
        day = old["known_since"] - dt.timedelta(days=1)
        body = real.get(f"/api/v1/jurisdictions/{row['jurisdiction']}?as_of={day}").json
        own = next(s for s in body["statuses"] if s["substance"] == row["substance"])
        assert own["status"] == row["status"], (row["jurisdiction"], row["substance"], day)
        assert own["start_kind"] in ("effective_from", "in_force_since_at_least")


def test_before_a_lower_bound_the_answer_says_in_force_since_at_least(real):
    body = real.get("/api/v1/jurisdictions/MM?as_of=2020-01-01").json
    own = next(s for s in body["statuses"] if s["substance"] == "kratom")
    assert own["status"] == "unknown"
    assert "in force since at least 2021-10-15" in own["summary"]
    assert "what applied before that is not established" in own["summary"]
    caveat = next(c for c in _effective(body, "kratom")["caveats"] if c["kind"] == "not-yet-known")
    assert "in force since at least 2021-10-15" in caveat["message"]
    now = next(s for s in real.get("/api/v1/jurisdictions/MM").json["statuses"] if s["substance"] == "kratom")
    assert (now["start_kind"], now["in_force_since_at_least"], now["start_words"]) == (
        "in_force_since_at_least",
        "2021-10-15",
        "since at least 2021-10-15",
    )
    page = real.get("/jurisdictions/MM").get_data(as_text=True)
    assert "since at least 2021-10-15" in page
    poland = real.get("/api/v1/jurisdictions/PL").json["statuses"][0]
    assert (poland["effective_from"], poland["date_precision"], poland["start_words"]) == (
        "2009-01-01",
        "year",
        "from 2009",
    )
    assert "from 2009" in real.get("/jurisdictions/PL").get_data(as_text=True)


def test_effective_from_finds_only_dates_the_sources_give(real):
    query = "/api/v1/jurisdictions?level=subdivision&parent=US&substance=7-oh&effective_from=2025-01-01"
    found = real.get(query).json["data"]
    for place in found:
        own = next(s for s in place["statuses"] if s["substance"] == "7-oh")
        assert own["start_kind"] == "effective_from" and own["effective_from"] >= "2025-01-01", place["code"]
    ct = next(s for s in real.get("/api/v1/jurisdictions/US-CT").json["statuses"] if s["substance"] == "7-oh")
    # Connecticut is found exactly when its 7-OH ban carries a sourced effective date in the range.
    sourced = ct["start_kind"] == "effective_from" and ct["effective_from"] >= "2025-01-01"
    assert ("US-CT" in [p["code"] for p in found]) == sourced
    # Its sources show it in force on 2026-02-24 (a lower bound): a range ending after that finds it.
    assert (ct["start_kind"], ct["in_force_since_at_least"]) == ("in_force_since_at_least", "2026-02-24")
    upto = real.get("/api/v1/jurisdictions?level=subdivision&parent=US&substance=7-oh&effective_to=2026-03-01")
    assert "US-CT" in [p["code"] for p in upto.json["data"]]


# --- on the fixture seed, with rows dated to the year and by a lower bound ----------------------------

ROWS = """- jurisdiction: US-NY
  substance: 7-oh
  status: banned
  effective_from: 2025-01-01
  date_precision: year
  summary: Test row. Banned from some day of 2025.
  confidence: medium
  recorded_on: 2026-01-15
  sources: [test-statute-a]
- jurisdiction: US-NJ
  substance: 7-oh
  status: banned
  in_force_since_at_least: 2024-05-10
  summary: Test row. Shown banned by a source of 2024-05-10.
  confidence: medium
  recorded_on: 2026-01-15
  sources: [test-statute-a]
"""


@pytest.fixture
def dated(fresh_app, runner, seed_copy):
    (seed_copy / "rules" / "zz-dated.yaml").write_text(ROWS)
    result = runner.invoke(args=["seed", "load", "--dir", str(seed_copy)])
    assert result.exit_code == 0, result.output
    return fresh_app.test_client()


def _effective(body: dict, substance: str) -> dict:
    return next(e for e in body["effective"] if e["substance"] == substance)


def _codes(client, query: str) -> set[str]:
    body = client.get(f"/api/v1/jurisdictions?substance=7-oh&{query}").json
    return {p["code"] for p in body["data"]} & {"US-NY", "US-NJ"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("effective_from=2025-01-01", {"US-NY"}),  # the whole year 2025 is on or after 1 January
        ("effective_from=2025-06-01", set()),  # some day of 2025, perhaps before June: not shown
        ("effective_to=2025-06-01", {"US-NJ"}),  # the year is not wholly before June; the lower bound is
        ("effective_to=2025-12-31", {"US-NY", "US-NJ"}),
        ("effective_from=2000-01-01", {"US-NY"}),  # a lower bound is no effective date
        ("effective_to=2024-12-31", {"US-NJ"}),  # but it took effect on or before 2024-05-10
        ("effective_to=2024-05-01", set()),
    ],
)
def test_effective_date_filters_read_precision_and_lower_bounds(dated, query, expected):
    assert _codes(dated, query) == expected


def test_exports_filter_and_show_start_kinds_alike(dated):
    rows = dated.get("/api/v1/export.json?substance=7-oh&effective_from=2025-01-01").json["data"]
    ny = [r for r in rows if r["jurisdiction"] == "US-NY"]
    assert [(r["effective_from"], r["date_precision"]) for r in ny] == [("2025-01-01", "year")]
    assert not [r for r in rows if r["jurisdiction"] == "US-NJ"]
    nj = next(r for r in dated.get("/api/v1/export.json?substance=7-oh").json["data"] if r["jurisdiction"] == "US-NJ")
    assert (nj["effective_from"], nj["in_force_since_at_least"], nj["known_since"]) == (None, "2024-05-10", None)


def test_change_events_carry_precision_and_keep_lower_bounds_out_of_the_law(dated):
    ny = dated.get("/api/v1/changes?jurisdiction=US-NY&substance=7-oh").json["data"]
    assert [(e["kind"], e["happened_on"], e["date_precision"]) for e in ny] == [("in-force", "2025-01-01", "year")]
    assert "from 2025" in ny[0]["detail"]
    assert dated.get("/api/v1/changes?jurisdiction=US-NJ&substance=7-oh").json["data"] == []
    nj = dated.get("/api/v1/changes?jurisdiction=US-NJ&substance=7-oh&kind=all").json["data"]
    assert [(e["kind"], e["happened_on"]) for e in nj] == [("recorded", "2026-01-15")]
    page = dated.get("/changes?jurisdiction=US-NY").get_data(as_text=True)
    assert '<time datetime="2025-01-01">2025</time>' in page
    every = dated.get("/changes?jurisdiction=US-NJ&kind=all").get_data(as_text=True)
    assert "No legal date: a change in our record" in every


def test_pages_and_caveats_print_the_start_as_the_sources_give_it(dated):
    assert "from 2025" in dated.get("/jurisdictions/US-NY").get_data(as_text=True)
    assert "since at least 2024-05-10" in dated.get("/jurisdictions/US-NJ").get_data(as_text=True)
    body = dated.get("/api/v1/jurisdictions/US-NJ?as_of=2024-01-01").json
    caveats = {c["kind"]: c["message"] for c in _effective(body, "7-oh")["caveats"]}
    assert "in force since at least 2024-05-10" in caveats["not-yet-known"]
    assert "what applied before that is not established" in caveats["not-yet-known"]
    about = dated.get("/about").get_data(as_text=True)
    assert "in_force_since_at_least" in about and "since at least 2018-03-01" in about and "from 2016" in about


# --- the seed check ------------------------------------------------------------------------------------

BAD = """- jurisdiction: US-NY
  substance: 7-oh
  status: banned
  {first}
  {second}
  summary: Test row.
  confidence: medium
  recorded_on: 2026-01-15
  sources: [test-statute-a]
"""


@pytest.mark.parametrize(
    ("first", "second", "line", "field", "message"),
    [
        (
            "effective_from: 2025-01-01",
            "in_force_since_at_least: 2024-01-01",
            5,
            "in_force_since_at_least",
            "give one start",
        ),
        ("in_force_since_at_least: 2024-01-01", "known_since: 2026-01-15", 5, "known_since", "give one start"),
        ("effective_from: 2025-01-01", "date_precision: weekly", 5, "date_precision", "Must be one of"),
        (
            "in_force_since_at_least: 2024-01-01",
            "date_precision: year",
            5,
            "date_precision",
            "qualifies effective_from",
        ),
        ("effective_from: 2025-03-01", "date_precision: year", 4, "effective_from", "1 January"),
        ("effective_from: 2025-03-02", "date_precision: month", 4, "effective_from", "first day"),
    ],
    ids=["two-starts", "lower-bound-and-research-date", "bad-precision", "precision-alone", "year-not-1-jan", "month"],
)
def test_seed_check_refuses_two_starts_and_bad_precision(runner, seed_copy, first, second, line, field, message):
    (seed_copy / "rules" / "zz-bad.yaml").write_text(BAD.format(first=first, second=second))
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1
    assert f"seed/rules/zz-bad.yaml:{line}:" in result.output, result.output
    assert f"field '{field}'" in result.output and message in result.output


def test_the_feed_shows_other_kinds_on_asking(client):
    default = feedparser.parse(client.get("/feeds/changes.atom").data)
    assert {e.tags[0].term for e in default.entries} <= set(LEGAL_CHANGE_KINDS)
    every = feedparser.parse(client.get("/feeds/changes.atom?kind=all").data)
    assert {"recorded", "corrected"} <= {e.tags[0].term for e in every.entries}
    assert every.feed.id == "tag:regstatus,2026:feed:changes:all"
    recorded = feedparser.parse(client.get("/feeds/changes.atom?kind=recorded").data)
    assert recorded.entries and {e.tags[0].term for e in recorded.entries} == {"recorded"}
    assert client.get("/feeds/changes.atom?kind=rumour").status_code == 400

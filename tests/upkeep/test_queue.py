"""`flask queue` lists the right rows, most urgent first, on a seed built for the test with a fixed date."""

from __future__ import annotations

import json

import pytest

from tests.conftest import build_app, dispose
from tests.upkeep.seedkit import rule, source, write_seed

TODAY = "2026-06-01"


def _seed(folder):
    sources = [source("s-statute"), source("s-vendor", kind="vendor"), source("s-ref", kind="reference")]
    rules = [
        rule("TH", "kratom", "2021-01-01", "legal", ["s-statute"]),  # fresh, settled, well sourced: not listed
        rule("MY", "kratom", "2020-01-01", "banned", ["s-statute"], verified="2025-01-01"),
        rule("SG", "kratom", "2019-01-01", "banned", ["s-statute"], verified=None),
        rule("ID", "kratom", "2024-01-01", "disputed", ["s-statute"]),
        rule("VN", "kratom", "2022-01-01", "legal", ["s-vendor", "s-ref"], confidence="low"),
        rule("US-OH", "7-oh", "2025-12-12", "banned", ["s-statute"], expires_on="2026-06-20"),
        rule("US-CA", "kratom", "2025-12-12", "banned", ["s-statute"], expires_on="2026-12-31"),  # too far off
        rule("US-TX", "kratom", "2025-01-01", "banned", ["s-statute"], expires_on="2026-03-01"),
        rule("US-FL", "kratom", "2026-07-01", "regulated", ["s-statute"]),
        rule("US-FL", "kratom", "2020-01-01", "legal", ["s-statute"]),
        rule("US-GA", "kratom", "2027-01-01", "regulated", ["s-statute"]),  # starts too far off
        rule("LA", "kratom", "2020-01-01", "unknown", [], verified=None),
        rule("KH", "kratom", "2020-01-01", "legal", ["s-statute"], effective_to="2026-07-01"),
    ]
    bill = {
        "kind": "bill",
        "substances": ["kratom"],
        "title": "Test bill",
        "would": "Would ban it.",
        "recorded_on": "2026-01-10",
        "sources": ["s-statute"],
    }
    measures = [
        {
            **bill,
            "id": "tx-old",
            "jurisdiction": "US-TX",
            "identifier": "HB 1",
            "stages": [{"stage": "introduced", "on": "2026-01-10"}],
        },
        {
            **bill,
            "id": "fl-new",
            "jurisdiction": "US-FL",
            "identifier": "HB 2",
            "stages": [{"stage": "introduced", "on": "2026-05-20"}],
        },
        {
            **bill,
            "id": "ga-dead",
            "jurisdiction": "US-GA",
            "identifier": "HB 3",
            "stages": [{"stage": "introduced", "on": "2025-01-10"}, {"stage": "failed", "on": "2025-03-10"}],
        },
    ]
    return write_seed(folder, sources, rules, measures)


@pytest.fixture
def queue_app(databases, tmp_path):
    app = build_app(databases, seed_dir=_seed(tmp_path / "seed"))
    result = app.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 0, result.output
    yield app
    dispose(app)


def _queue(app, *args):
    result = app.test_cli_runner().invoke(args=["queue", "--today", TODAY, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_queue_lists_each_reason_once_for_the_right_row_most_urgent_first(queue_app):
    body = json.loads(_queue(queue_app, "--format", "json"))
    got = [(i["reason"], i["row"]) for i in body["items"]]
    assert got == [
        ("lapsed", "US-TX kratom from 2025-01-01"),
        ("expiring", "US-OH 7-oh from 2025-12-12"),
        ("ending", "KH kratom from 2020-01-01"),
        ("starting", "US-FL kratom from 2026-07-01"),
        ("disputed", "ID kratom from 2024-01-01"),
        ("never-verified", "SG kratom from 2019-01-01"),
        ("stale", "MY kratom from 2020-01-01"),
        ("low-tier", "VN kratom from 2022-01-01"),
        ("measure-old", "US-TX kratom measure tx-old"),
        ("unknown-unverified", "LA kratom from 2020-01-01"),
    ]
    assert body["today"] == TODAY and body["total"] == 10
    item = body["items"][1]  # expiring
    assert item["place"] == "US-OH" and item["substance"] == "7-oh" and item["start"] == "2025-12-12"
    assert "19 days" in item["why"] and "extended or replaced" in item["action"]


def test_the_stale_limit_is_a_setting_of_the_command(queue_app):
    rows = [
        i["row"]
        for i in json.loads(_queue(queue_app, "--format", "json", "--stale-after", "20"))["items"]
        if i["reason"] == "stale"
    ]
    # Verified 2026-05-01: 31 days before the fixed date, so stale past a 20-day limit.
    assert "TH kratom from 2021-01-01" in rows and "MY kratom from 2020-01-01" in rows


def test_text_and_markdown_name_the_row_why_and_what_to_do(queue_app):
    text = _queue(queue_app)
    assert text.splitlines()[0] == f"work queue on {TODAY}: 10 item(s), most urgent first"
    assert "1. [lapsed] US-TX kratom from 2025-01-01: the banned rule ended 2026-03-01" in text
    assert "do: find what applies now" in text
    md = _queue(queue_app, "--format", "markdown")
    assert md.startswith(f"# Work queue, {TODAY}")
    assert "## stale (1): the row was verified too long ago" in md
    assert "- [ ] **MY kratom from 2020-01-01**: verified 2025-01-01 by test coder, 516 days ago" in md


def test_a_bad_date_is_refused_naming_the_option(queue_app):
    result = queue_app.test_cli_runner().invoke(args=["queue", "--today", "2026-13-01"])
    assert result.exit_code == 2 and "--today" in result.output

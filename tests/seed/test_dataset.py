"""The real dataset in seed/: it validates, loads into an empty database, and keeps its promises.

These check invariants, not facts that will change.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pycountry
import pytest
import sqlalchemy as sa

from regstatus.extensions import db
from regstatus.models import RuleVersion, Source
from regstatus.services.seed_files import read_seed
from regstatus.services.seed_report import US_STATES_AND_DC, build_report, readme_block
from tests.conftest import REAL_SEED


@pytest.fixture(scope="module")
def data():
    return read_seed(REAL_SEED)


@pytest.fixture
def loaded(real_app):
    """The session's app on the real dataset (loaded once for every test that only reads it)."""
    return real_app


def test_seed_has_no_problems(data):
    assert [str(p) for p in data.problems] == []


def test_every_iso_country_is_a_jurisdiction(loaded):
    with loaded.app_context():
        codes = set(db.session.execute(sa.text("SELECT code FROM jurisdiction WHERE level = 'country'")).scalars())
    assert codes == {c.alpha_2 for c in pycountry.countries}


def test_readme_figures_are_the_reports(data):
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    on = dt.date.fromisoformat(re.search(r"`flask seed report --as-of (\d{4}-\d\d-\d\d)`", readme).group(1))
    assert readme_block(build_report(data, on), on) in readme, "run `make figures` and commit README.md"


def test_coverage_targets(data):
    figures = build_report(data)
    assert figures["countries_researched"] >= 60
    assert figures["us_states_and_dc_missing"] == []
    assert figures["us_states_and_dc_with_kratom_row"] == len(US_STATES_AND_DC) == 51
    assert figures["countries_searched"] == figures["countries_total"]
    # every state, DC and the federal level has a 7-OH row (one that lapsed is listed as lapsed)
    assert figures["us_7oh_missing"] == []
    assert figures["us_states_dc_and_federal_with_7oh_row"] == 52


def test_every_row_but_unknown_cites_a_source_with_an_address(loaded):
    with loaded.app_context():
        rows = db.session.scalars(sa.select(RuleVersion).where(RuleVersion.superseded_at.is_(None))).all()
        assert rows
        for row in rows:
            if row.status != "unknown":
                assert row.sources, f"{row.jurisdiction.code} {row.substance.slug} has no source"
                assert all(s.url.startswith(("http://", "https://")) for s in row.sources)


def test_verification_is_dated_and_attributed(data):
    for rec in data.rules:
        if rec.get("last_verified_on"):
            assert rec["verified_by"]
            assert rec["sources"], "a verified row cites what it was checked against"
            read = [s["accessed_on"] for s in data.sources if s["id"] in rec["sources"]]
            assert rec["last_verified_on"] >= min(read), "verified before any of its sources was read"


def test_sources_are_read_before_today_and_dated_sanely(data):
    today = dt.date.today()
    for src in data.sources:
        assert src["accessed_on"] <= today
        if src.get("published_on"):
            assert src["published_on"] <= src["accessed_on"], src["id"]


def test_every_source_is_cited_or_says_what_it_was_read_for(data):
    records = data.rules + data.corrections + data.advisories + data.measures
    records += [j["governed_by"] for j in data.jurisdictions if j.get("governed_by")]
    cited = {sid for rec in records for sid in rec["sources"]}
    cited |= {c["source"] for c in data.contacts}  # a contact names the one source it was taken from
    consulted = {s["id"] for s in data.sources if s.get("consulted_for")}
    assert {s["id"] for s in data.sources} - cited - consulted == set()
    # a source that supports a record is cited by it, not filed as merely consulted
    assert consulted & cited == set()


def test_loaded_dataset_answers_every_country(loaded):
    client = loaded.test_client()
    body = client.get("/api/v1/jurisdictions?level=country&per_page=500").json
    statuses = {s["status"] for j in body["data"] for s in j["statuses"]}
    assert "unknown" in statuses and "banned" in statuses
    with loaded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Source)) > 0


def test_loading_the_dataset_twice_changes_nothing(loaded):
    result = loaded.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 0
    assert "added" not in result.output and "updated" not in result.output and "withdrawn" not in result.output


def test_every_row_is_dated_and_every_advisory_and_measure_sourced(data):
    figures = build_report(data)
    assert figures["rows_undated"] == 0
    assert all(rec["sources"] for rec in data.advisories + data.measures)
    assert figures["countries_searched"] >= figures["countries_researched"]


def test_every_unknown_row_says_what_was_searched(data):
    assert [r["jurisdiction"] for r in data.rules if r["status"] == "unknown" and not r.get("notes")] == []


def test_an_enacted_measure_has_the_rows_it_made(data):
    rows = {(r["jurisdiction"], r["substance"]) for r in data.rules}
    for m in data.measures:
        if m["stages"][-1]["stage"] in ("enacted", "signed"):
            assert all((m["jurisdiction"], s) in rows for s in m["substances"]), m["id"]


def test_a_territory_answers_through_a_researched_state(data):
    figures_today = build_report(data)
    governed = {j["code"]: j["governed_by"]["state"] for j in data.jurisdictions if j.get("governed_by")}
    researched = {r["jurisdiction"] for r in data.rules if r["status"] != "unknown"}
    assert {state for state in governed.values()} <= researched
    assert figures_today["territories_answering_through_another_state"] == len(governed)


def test_a_governed_territory_keeps_no_row_saying_nothing_was_found(data):
    governed = {j["code"] for j in data.jurisdictions if (j.get("governed_by") or {}).get("own_drug_law") == "none"}
    assert [r["jurisdiction"] for r in data.rules if r["jurisdiction"] in governed and r["status"] == "unknown"] == []

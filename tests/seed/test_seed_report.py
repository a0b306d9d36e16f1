"""flask seed report: coverage and quality figures of a seed folder."""

from __future__ import annotations

import json


def test_report_figures_of_the_fixture_seed(runner, seed_copy):
    result = runner.invoke(args=["seed", "report", "--json", "--dir", str(seed_copy)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["countries_total"] == 249
    assert figures["countries_researched"] == 4  # DE, TH, US, and GU through the US (MP has law of its own)
    assert figures["territories_answering_through_another_state"] == 2
    assert figures["us_states_dc_and_federal_with_7oh_row"] == 2  # US, and US-FL whose emergency rule lapsed
    assert "US-FL 7-oh" in figures["lapsed_with_nothing_after"]
    assert "US-FL" not in figures["us_7oh_missing"] and "US-TX" in figures["us_7oh_missing"]
    assert figures["us_states_and_dc_with_kratom_row"] == 3  # US-CA, US-KY and US-TX
    assert "US-NY" in figures["us_states_and_dc_missing"]
    assert figures["rows"] == 12 and figures["sources"] == 3 and figures["localities"] == 2
    assert figures["rows_per_substance"] == {"7-oh": 2, "kratom": 10}
    assert figures["rows_by_best_source_tier"] == {"1": 4, "4": 7, "6": 1}
    assert figures["rows_only_advocacy_or_vendor"] == 1
    assert figures["rows_without_verification_date"] == 11
    assert figures["rows_undated"] == 0
    assert (figures["advisories"], figures["pending_measures"], figures["corrections"]) == (1, 1, 1)
    assert figures["current_rows_per_status"]["regulated"] == 2  # TH today, US-TX


def test_report_as_text(runner, seed_copy):
    result = runner.invoke(args=["seed", "report", "--dir", str(seed_copy)])
    assert result.exit_code == 0
    assert "countries researched" in result.output and "us states and dc missing" in result.output


def test_report_refuses_a_bad_folder(runner, tmp_path):
    result = runner.invoke(args=["seed", "report", "--dir", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no such seed folder" in result.output

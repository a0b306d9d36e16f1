"""Bad seed files: each problem names file, line, record and field; nothing is written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from regstatus.extensions import db

RULE = """- jurisdiction: {jurisdiction}
  substance: kratom
  effective_from: {date}
  status: {status}
  summary: Test row.
  confidence: high
  recorded_on: 2026-01-15
  sources: [{source}]
"""


def _snapshot(app):
    with app.app_context():
        return [
            db.session.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("jurisdiction", "source", "rule_version", "change_event")
        ]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"source": "no-such-source"}, "sources", "unknown source id no-such-source"),
        ({"status": "legalish"}, "status", "Must be one of"),
        ({"date": "2021-13-45"}, "effective_from", "Not a valid date"),
        ({"jurisdiction": "XX-NOPE"}, "jurisdiction", "unknown jurisdiction XX-NOPE"),
        ({"jurisdiction": "TH", "date": "2021-08-24"}, "effective_from", "duplicate row"),
        ({"source": ""}, "sources", "cites at least one source"),
    ],
    ids=["missing-source", "unknown-status", "bad-date", "unknown-jurisdiction", "duplicate-row", "empty-source"],
)
def test_bad_rule_is_reported_and_nothing_loads(fresh_app, runner, seed_copy, values, field, message):
    assert runner.invoke(args=["seed", "load", "--dir", str(seed_copy)]).exit_code == 0
    before = _snapshot(fresh_app)
    row = {"jurisdiction": "US-NY", "date": "2024-01-01", "status": "banned", "source": "test-statute-a", **values}
    bad = seed_copy / "rules" / "zz-bad.yaml"
    bad.write_text(RULE.format(**row))
    # A valid new source in the same load must not be written either.
    (seed_copy / "sources" / "zz-new.yaml").write_text(
        "- id: test-new\n  url: https://example.org/new\n  title: New\n  publisher: P\n  kind: news\n"
        "  accessed_on: 2026-01-01\n"
    )
    for command in ("check", "load"):
        result = runner.invoke(args=["seed", command, "--dir", str(seed_copy)])
        assert result.exit_code == 1
        assert "seed/rules/zz-bad.yaml:" in result.output
        assert "record #1" in result.output
        assert f"field '{field}'" in result.output
        assert message in result.output
    assert _snapshot(fresh_app) == before


def test_problem_names_the_line(runner, seed_copy):
    (seed_copy / "rules" / "zz-bad.yaml").write_text(
        RULE.format(jurisdiction="US-NY", date="2024-01-01", status="banned", source="test-statute-a")
        + RULE.format(jurisdiction="US-NJ", date="2024-01-01", status="nope", source="test-statute-a")
    )
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1
    assert "seed/rules/zz-bad.yaml:12: record #2 (US-NJ kratom 2024-01-01): field 'status'" in result.output


def test_source_is_required_unless_unknown(runner, seed_copy):
    (seed_copy / "rules" / "zz.yaml").write_text(
        "- {jurisdiction: US-NY, substance: kratom, status: banned, summary: x, confidence: low, "
        "known_since: 2024-01-01, recorded_on: 2026-01-15}\n"
        "- {jurisdiction: US-NJ, substance: kratom, status: unknown, summary: x, confidence: low, "
        "recorded_on: 2026-01-15}\n"
    )
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1
    assert "record #1 (US-NY kratom 2024-01-01): field 'sources'" in result.output
    assert "US-NJ" not in result.output


def test_broken_yaml_names_file_and_line(runner, seed_copy):
    (seed_copy / "sources" / "broken.yaml").write_text("- id: x\n  url: [unclosed\n")
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1
    assert "seed/sources/broken.yaml:" in result.output and "not valid YAML" in result.output


def test_norway_stays_a_code(runner, seed_copy):
    with (seed_copy / "jurisdictions" / "test.yaml").open("a") as fh:
        fh.write("- code: NO\n  aliases: [Norge]\n")
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 0, result.output


def test_unknown_field_is_rejected(runner, seed_copy):
    with (seed_copy / "sources" / "test.yaml").open("a") as fh:
        fh.write(
            "- id: test-typo\n  url: https://example.org/t\n  title: T\n  publisher: P\n  kind: news\n"
            "  accessed_on: 2026-01-01\n  publised_on: 2025-01-01\n"
        )
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1
    assert "field 'publised_on': Unknown field." in result.output


@pytest.mark.parametrize(
    ("source", "confidence", "ok"),
    [
        ("test-vendor-c", "medium", False),
        ("test-vendor-c", "low", True),
        ("test-news-b", "high", False),
        ("test-news-b", "medium", True),
        ("test-statute-a", "high", True),
    ],
)
def test_confidence_must_match_the_sources(runner, seed_copy, source, confidence, ok):
    (seed_copy / "rules" / "zz.yaml").write_text(
        f"- {{jurisdiction: US-NY, substance: kratom, status: banned, summary: x, confidence: {confidence}, "
        f"known_since: 2024-01-01, recorded_on: 2026-01-15, sources: [{source}]}}\n"
    )
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert (result.exit_code == 0) is ok, result.output
    if not ok:
        assert "field 'confidence'" in result.output


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (
            "status: banned, sources: [test-statute-a]",
            "effective_from",
            "needs effective_from (the law's date), in_force_since_at_least",
        ),
        (
            "status: banned, effective_from: 2024-01-01, known_since: 2023-01-01, sources: [test-statute-a]",
            "known_since",
            "give one start, not effective_from and known_since",
        ),
        (
            "status: banned, effective_from: 2024-01-01, activities: {possess: allowed, sell: prohibited}, "
            "sources: [test-statute-a]",
            "status",
            "make it 'restricted'",
        ),
        (
            "status: regulated, effective_from: 2024-01-01, sources: [test-statute-a]",
            "status",
            "records its activities",
        ),
        (
            "status: legal, effective_from: 2024-01-01, activities: {buy: restricted}, sources: [test-statute-a]",
            "activities.buy",
            "Must be one of",
        ),
    ],
    ids=["undated", "both-dates", "status-disagrees", "regulated-without-activities", "old-activity-word"],
)
def test_rows_are_dated_and_agree_with_their_activities(runner, seed_copy, row, field, message):
    (seed_copy / "rules" / "zz.yaml").write_text(
        f"- {{jurisdiction: US-NY, substance: kratom, summary: x, confidence: high, recorded_on: 2026-01-15, {row}}}\n"
    )
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1
    assert f"field '{field}'" in result.output and message in result.output


@pytest.mark.parametrize(
    ("folder", "text", "field", "message"),
    [
        (
            "advisories",
            "- {id: adv-x, jurisdiction: US, substances: [kratom], kind: rumour, issuer: X, title: T, "
            "issued_on: 2025-01-01, summary: S, recorded_on: 2026-01-15, sources: [test-news-b]}\n",
            "kind",
            "Must be one of",
        ),
        (
            "advisories",
            "- {id: adv-x, jurisdiction: US, substances: [kratom], kind: recall, issuer: X, title: T, "
            "issued_on: 2025-01-01, summary: S, recorded_on: 2026-01-15, sources: [nope]}\n",
            "sources",
            "unknown source id nope",
        ),
        (
            "pending",
            "- {id: bill-x, jurisdiction: US-TX, substances: [kratom], kind: bill, identifier: HB 2, title: T, "
            "stages: [{stage: introduced, on: 2026-02-01}, {stage: failed, on: 2026-01-01}], would: W, "
            "recorded_on: 2026-01-15, sources: [test-news-b]}\n",
            "stages",
            "oldest first",
        ),
        (
            "corrections",
            "- {jurisdiction: US-TX, substance: kratom, effective_from: 2019-09-01, status: legal, summary: S, "
            "confidence: medium, recorded_on: 2026-01-15, corrected_on: 2026-01-01, reason: R, "
            "sources: [test-news-b]}\n",
            "corrected_on",
            "comes after",
        ),
    ],
    ids=["advisory-kind", "advisory-source", "stage-order", "correction-date"],
)
def test_bad_advisory_measure_or_correction_is_reported(runner, seed_copy, folder, text, field, message):
    (seed_copy / folder / "zz.yaml").write_text(text)
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1, result.output
    assert f"seed/{folder}/zz.yaml:1" in result.output
    assert f"field '{field}'" in result.output and message in result.output


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ('  title: "Bad\\0title"\n', "title", "control character"),
        ('  title: T\n  notes: "tab\\tand\\nnewline are fine, a bell\\a is not"\n', "notes", "control character"),
        (f"  title: T\n  archive_url: https://example.org/{'a' * 2000}\n", "archive_url", "Longer than maximum"),
    ],
    ids=["nul", "bell", "long-url"],
)
def test_seed_check_refuses_what_a_database_would(runner, seed_copy, line, field, message):
    (seed_copy / "sources" / "zz.yaml").write_text(
        "- id: test-bad\n  url: https://example.org/b\n  publisher: P\n  kind: news\n  accessed_on: 2026-01-01\n" + line
    )
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1, result.output
    assert f"field '{field}'" in result.output and message in result.output


GOVERNED = (
    "- code: {code}\n  governed_by: {{state: {state}, own_drug_law: none, summary: S, confidence: {confidence}, "
    "recorded_on: 2026-02-01, sources: [{source}]}}\n"
)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"state": "XX"}, "state must be another country's ISO code, not XX"),
        ({"state": "GU"}, "state must be another country's ISO code, not GU"),
        ({"state": "US-TX"}, "state must be another country's ISO code"),
        ({"code": "US-TX"}, "only a country-level territory"),
        ({"state": "GU", "code": "PR"}, "GU itself answers through another state"),
        ({"source": "no-such-source"}, "unknown source id no-such-source"),
        ({"source": "test-vendor-c", "confidence": "medium"}, "low confidence"),
        ({"source": "test-news-b"}, "high confidence needs"),
    ],
    ids=["unknown-state", "itself", "subdivision-state", "subdivision-territory", "chain", "source", "vendor", "news"],
)
def test_a_bad_governance_finding_is_reported(runner, seed_copy, values, message):
    record = {"code": "GU", "state": "US", "confidence": "high", "source": "test-statute-a", **values}
    text = (seed_copy / "jurisdictions" / "test.yaml").read_text()
    if record["code"] != "GU":
        text += GOVERNED.format(**record)
    else:
        text = text[: text.index("- code: GU")] + GOVERNED.format(**record)
    (seed_copy / "jurisdictions" / "test.yaml").write_text(text)
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1, result.output
    assert "field 'governed_by'" in result.output and message in result.output


def test_a_locality_cannot_be_governed(runner, seed_copy):
    path = seed_copy / "jurisdictions" / "test.yaml"
    path.write_text(
        path.read_text().replace(
            "  kind: city\n",
            "  kind: city\n  governed_by: {state: US, own_drug_law: none, summary: S, confidence: low, "
            "recorded_on: 2026-02-01, sources: [test-statute-a]}\n",
            1,
        )
    )
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1 and "answers through its parent already" in result.output


CONDITIONAL_ROW = (
    "- {{jurisdiction: US-NY, substance: kratom, summary: x, confidence: high, recorded_on: 2026-01-15, "
    "status: regulated, effective_from: 2024-01-01, activities: {{possess: allowed, buy: conditional, "
    "sell: conditional}}, sources: [test-statute-a, test-news-b], min_age: 21,\n"
    "   conditions: [{condition}]}}\n"
)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("{kind: licence, activities: [import], text: T, sources: [test-statute-a]}", "applies to import"),
        ("{kind: licence, activities: [sell], text: T, sources: [test-vendor-c]}", "not among the row's sources"),
        ("{kind: age, activities: [buy], text: T, sources: [test-statute-a]}", "Must be one of"),
        (
            "{kind: product-cap, activities: [sell], text: T, amount: 2, unit: pct_weight, sources: [test-news-b]}",
            "write it under thresholds",
        ),
        ("{kind: licence, activities: [sell], text: T, amount: 2, sources: [test-news-b]}", "amount and unit"),
        ("{kind: licence, activities: [sell], text: T}", "Missing data"),
        ("{kind: permit, activities: [sell], text: T, sources: [test-news-b]}", "Must be one of"),
    ],
    ids=[
        "not-conditional",
        "foreign-source",
        "age-is-min-age",
        "cap-is-threshold",
        "amount-alone",
        "unsourced",
        "bad-kind",
    ],
)
def test_named_conditions_are_checked_with_file_and_line(runner, seed_copy, condition, message):
    (seed_copy / "rules" / "zz.yaml").write_text(CONDITIONAL_ROW.format(condition=condition))
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1, result.output
    assert "zz.yaml:" in result.output and "conditions" in result.output and message in result.output


def test_a_named_condition_on_a_conditional_activity_loads(runner, seed_copy):
    condition = "{kind: registration, activities: [sell], text: Sellers register., sources: [test-statute-a]}"
    (seed_copy / "rules" / "zz.yaml").write_text(CONDITIONAL_ROW.format(condition=condition))
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 0, result.output

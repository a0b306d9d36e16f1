"""contacts/*.yaml: checked like every record (file, line, record, field), loaded idempotently, counted."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from regstatus.extensions import db

CONTACT = """- jurisdiction: {jurisdiction}
  role: {role}
  name: {name}
  url: {url}
  source: {source}
"""
GOOD = {
    "jurisdiction": "SG",
    "role": "customs",
    "name": "Test Border Office",
    "url": "https://example.org/sg",
    "source": "test-statute-a",
}


def _contacts(app) -> list[tuple]:
    with app.app_context():
        sql = "SELECT j.code, c.role, c.name, c.url FROM contact c JOIN jurisdiction j ON j.id = c.jurisdiction_id"
        return sorted(tuple(r) for r in db.session.execute(sa.text(sql)))


@pytest.mark.parametrize(
    ("values", "line", "field", "message"),
    [
        ({"role": "police"}, 3, "role", "Must be one of"),
        ({"source": "no-such-source"}, 6, "source", "unknown source id no-such-source"),
        ({"jurisdiction": "XX"}, 2, "jurisdiction", "unknown jurisdiction XX"),
        ({"url": "not-a-url"}, 5, "url", "Not a valid URL"),
        ({"name": ""}, 4, "name", "may not be null"),
    ],
    ids=["unknown-role", "unknown-source", "unknown-jurisdiction", "bad-url", "empty-name"],
)
def test_bad_contact_names_file_line_and_field_and_nothing_loads(
    fresh_app, runner, seed_copy, values, line, field, message
):
    assert runner.invoke(args=["seed", "load", "--dir", str(seed_copy)]).exit_code == 0
    before = _contacts(fresh_app)
    # a comment first, so the record's line is not the file's first
    (seed_copy / "contacts" / "zz-bad.yaml").write_text(
        "# contacts under test\n" + CONTACT.format(**{**GOOD, **values})
    )
    for command in ("check", "load"):
        result = runner.invoke(args=["seed", command, "--dir", str(seed_copy)])
        assert result.exit_code == 1, result.output
        assert f"seed/contacts/zz-bad.yaml:{line}: record #1" in result.output
        assert f"field '{field}'" in result.output and message in result.output
    assert _contacts(fresh_app) == before


def test_duplicate_contact_names_the_first(runner, seed_copy):
    (seed_copy / "contacts" / "zz.yaml").write_text(CONTACT.format(**GOOD) + CONTACT.format(**GOOD))
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 1
    assert "seed/contacts/zz.yaml:8: record #2 (SG customs Test Border Office): field 'name': duplicate contact" in (
        result.output
    )
    assert "first at seed/contacts/zz.yaml:1" in result.output


def test_address_is_optional_and_check_counts_contacts(runner, seed_copy):
    (seed_copy / "contacts" / "zz.yaml").write_text(
        CONTACT.format(**GOOD).replace("  url: https://example.org/sg\n", "")
    )
    result = runner.invoke(args=["seed", "check", "--dir", str(seed_copy)])
    assert result.exit_code == 0, result.output
    assert "5 contacts: ok" in result.output


def test_load_twice_changes_nothing_and_a_removed_contact_goes(fresh_app, runner, seed_copy):
    assert runner.invoke(args=["seed", "load", "--dir", str(seed_copy)]).exit_code == 0
    loaded = _contacts(fresh_app)
    assert ("US", "drug-control", "Test Drug Agency", None) in loaded and len(loaded) == 4
    again = runner.invoke(args=["seed", "load", "--dir", str(seed_copy)])
    assert again.exit_code == 0 and "contacts" not in again.output.split("loaded")[-1]
    assert _contacts(fresh_app) == loaded
    text = (seed_copy / "contacts" / "test.yaml").read_text()
    (seed_copy / "contacts" / "test.yaml").write_text(
        text.replace("https://example.org/th-customs", "https://example.org/new")
    )
    (seed_copy / "contacts" / "zz.yaml").write_text("[]\n")
    changed = runner.invoke(args=["seed", "load", "--dir", str(seed_copy)])
    assert changed.exit_code == 0, changed.output
    assert ("TH", "customs", "Test Customs Department", "https://example.org/new") in _contacts(fresh_app)


def test_report_counts_countries_with_a_sourced_contact(runner, seed_copy):
    result = runner.invoke(args=["seed", "report", "--json", "--dir", str(seed_copy)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["countries_with_a_sourced_contact"] == 3  # TH, US, FR
    assert figures["contacts"] == 4
    assert figures["contacts_per_role"] == {
        "controlled-substances": 1,
        "customs": 1,
        "drug-control": 1,
        "medicines-regulator": 1,
    }
    text = runner.invoke(args=["seed", "report", "--dir", str(seed_copy)]).output
    assert "countries with a sourced contact  " in text

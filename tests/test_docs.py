"""The docs say what the code does: every vocabulary table in seed/README.md matches regstatus/vocab.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regstatus import vocab

SEED_README = Path(__file__).parent.parent / "seed" / "README.md"


def _table_after(heading: str) -> list[list[str]]:
    text = SEED_README.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n" if heading.startswith("#") else heading)
    rows = []
    for line in text[start:].splitlines()[2:]:
        if line.startswith("#") or (rows and not line.startswith("|")):
            break
        if line.startswith("|") and not set(line) <= set("|- "):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    assert rows, f"no table under {heading}"
    return rows[1:]  # without the header


def _words(heading: str, column: int = 0) -> list[str]:
    return [re.sub(r"`", "", row[column]) for row in _table_after(heading)]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("### Substances", list(vocab.SUBSTANCES)),
        ("### Status vocabulary", list(vocab.STATUSES)),
        ("### Activities", list(vocab.ACTIVITIES)),
        ("### Advisory kinds", list(vocab.ADVISORY_KINDS)),
        ("### Measure stages", list(vocab.MEASURE_STAGES)),
        ("### Source kinds and tiers", list(vocab.SOURCE_KINDS)),
        ("### Contact roles", list(vocab.CONTACT_ROLES)),
    ],
)
def test_seed_readme_lists_each_vocabulary_as_the_code_defines_it(heading, expected):
    assert _words(heading) == expected


def test_own_drug_law_values_are_documented_as_the_code_defines_them():
    rows = _table_after("### Territories that answer through another state's law")
    assert {row[0].strip("`"): row[1] for row in rows} == vocab.OWN_DRUG_LAW_MEANINGS


def test_activity_values_are_documented_strictest_first():
    text = SEED_README.read_text(encoding="utf-8")
    table = text.split("Each activity takes one value, strictest first:")[1].split("\n\n")[1]
    values = [row.split("|")[1].strip().strip("`") for row in table.splitlines()[2:]]
    assert values == list(vocab.ACTIVITY_VALUES)


def test_source_tiers_match():
    assert {row[0].strip("`"): int(row[1]) for row in _table_after("### Source kinds and tiers")} == vocab.SOURCE_TIERS


def test_derivation_table_matches_the_code():
    rows = _table_after("### How the answer for a place is derived")
    assert [(row[0].strip("`"), row[1]) for row in rows] == list(vocab.DERIVATION)


def test_condition_kinds_are_documented_as_the_code_defines_them():
    rows = _table_after("### Condition kinds")
    assert {row[0].strip("`"): row[1] for row in rows} == vocab.CONDITION_KINDS


def test_composition_rules_are_documented_as_the_code_defines_them():
    rows = _table_after("### How levels combine")
    assert [(row[0].strip("`"), row[1]) for row in rows] == list(vocab.COMPOSITION)


def test_readme_states_the_report_limits_the_code_enforces():
    from regstatus.services.reports import filing
    from regstatus.services.reports import token as form_token

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Correction reports")
    section = readme[start : readme.index("## How an answer is worked out")]
    assert f"{filing.MESSAGE_MIN}-{filing.MESSAGE_MAX:,} characters" in section
    assert f"up to {filing.URL_MAX:,} characters" in section and f"up to {filing.CONTACT_MAX})" in section
    body = f"{filing.MAX_BODY_BYTES:,} bytes"
    assert body in section and body in readme[:start]  # in the section and under "Behaviour of every API route"
    assert form_token.TOKEN_MAX_AGE_S == 2 * 86400 and "accepted for two days" in section
    for status in vocab.REPORT_STATUSES:
        assert f"`{status}`" in section


def test_start_kinds_and_precisions_are_documented_as_the_code_defines_them():
    starts = _table_after("### Dates of a version")
    assert {row[0].strip("`"): row[1] for row in starts} == vocab.START_KINDS
    precisions = _table_after("`date_precision` says how much of `effective_from` a source states:")
    assert {row[0].strip("`"): row[1] for row in precisions} == vocab.DATE_PRECISIONS


def test_contact_roles_are_documented_as_the_code_defines_them():
    rows = _table_after("### Contact roles")
    assert {row[0].strip("`"): row[1] for row in rows} == vocab.CONTACT_ROLES

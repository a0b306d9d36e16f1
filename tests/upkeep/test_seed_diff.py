"""`flask seed diff BASE..HEAD` says in plain words which answers a change to seed/ changes."""

from __future__ import annotations

import json

import pytest

from tests.conftest import build_app, dispose
from tests.upkeep.seedkit import commit, rule, source, write_seed


@pytest.fixture
def change(databases, tmp_path):
    """Two commits of a small seed: MY goes legal -> banned, US gains an age limit, a source is added."""
    root = tmp_path / "repo"
    seed = root / "seed"
    rules = [
        rule("TH", "kratom", "2021-01-01", "legal", ["s-a"]),
        rule("MY", "kratom", "2020-01-01", "legal", ["s-a"]),
        rule("US", "kratom", "2014-01-01", "legal", ["s-a"]),
    ]
    write_seed(seed, [source("s-a")], rules)
    base = commit(root, "base")
    rules[1] = rule("MY", "kratom", "2020-01-01", "banned", ["s-a", "s-b"])
    rules[2] = rule("US", "kratom", "2014-01-01", "regulated", ["s-a"], min_age=21)
    write_seed(seed, [source("s-a"), source("s-b", kind="news")], rules)
    head = commit(root, "head")
    app = build_app(databases, seed_dir=seed)
    yield app, base, head
    dispose(app)


def _diff(app, rng, *args):
    return app.test_cli_runner().invoke(args=["seed", "diff", rng, "--as-of", "2026-06-01", *args])


def test_the_diff_names_changed_answers_rows_sources_and_the_second_coder_rule(change):
    app, base, head = change
    result = _diff(app, f"{base}..{head}")
    assert result.exit_code == 0, result.output
    out = result.output
    # A possession ban decides buying too (it needs possession), where the row itself says nothing of it.
    assert "- MY kratom: legal -> banned (possess allowed -> prohibited; buy allowed -> prohibited; " in out
    # Every US state follows the federal change: counted under it, not listed one by one.
    assert "- US kratom: legal -> regulated (buy allowed -> unknown; sell allowed -> conditional); and 57 " in out
    assert "US-TX kratom" not in out and "TH kratom:" not in out
    assert (
        "changed MY kratom from 2020-01-01: status legal -> banned; possess allowed -> prohibited; buy allowed" in out
    )
    assert "sources +s-b" in out
    assert "changed US kratom from 2014-01-01: status legal -> regulated; min_age none -> 21" in out
    assert "added source s-b: Title s-b (https://example.org/s-b)" in out
    assert "SECOND CODER NEEDED" in out and "- MY kratom from 2020-01-01: legal -> banned" in out


def test_json_and_the_ci_exit_code(change):
    app, base, head = change
    body = json.loads(_diff(app, f"{base}..{head}", "--format", "json").output)
    assert body["second_coder"][0] == "MY kratom from 2020-01-01: legal -> banned"
    # The answer that moves too, with the places within that follow it counted, not listed.
    assert body["second_coder"][1].startswith("answer for MY kratom: legal -> banned; and ")
    assert len(body["second_coder"]) == 2
    assert _diff(app, f"{base}..{head}", "--fail-on-second-coder").exit_code == 2
    assert _diff(app, f"{head}..{head}", "--fail-on-second-coder").exit_code == 0


def test_no_change_and_bad_ranges(change):
    app, _base, head = change
    same = _diff(app, f"{head}..")  # against the working folder, which is the head commit
    assert same.exit_code == 0 and "No answer, row or source changes." in same.output
    bad = _diff(app, "just-one")
    assert bad.exit_code == 1 and "BASE..HEAD" in bad.output
    missing = _diff(app, "nope..HEAD")
    assert missing.exit_code == 1 and "git archive" in missing.output

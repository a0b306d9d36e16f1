"""flask seed load: idempotent, versioned, all-or-nothing."""

from __future__ import annotations

import sqlalchemy as sa

from regstatus.extensions import db


def _count(app, table: str) -> int:
    with app.app_context():
        return db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def _load(runner, folder):
    return runner.invoke(args=["seed", "load", "--dir", str(folder)])


def _edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_loading_twice_changes_nothing(fresh_app, runner, seed_copy):
    first = _load(runner, seed_copy)
    assert first.exit_code == 0, first.output
    assert "versions_added=8" in first.output
    counts = {t: _count(fresh_app, t) for t in ("jurisdiction", "source", "rule_version", "change_event")}
    second = _load(runner, seed_copy)
    assert second.exit_code == 0, second.output
    assert "versions_unchanged=8" in second.output
    assert "added" not in second.output and "corrected" not in second.output
    assert {t: _count(fresh_app, t) for t in counts} == counts


def test_new_version_keeps_the_old_answerable_by_date(fresh_app, runner, seed_copy):
    assert _load(runner, seed_copy).exit_code == 0
    rules = seed_copy / "rules" / "test.yaml"
    rules.write_text(
        rules.read_text()
        + """- jurisdiction: US-TX
  substance: kratom
  effective_from: 2026-06-01
  status: banned
  summary: Test row. Banned from mid 2026.
  confidence: high
  sources: [test-statute-a]
"""
    )
    result = _load(runner, seed_copy)
    assert result.exit_code == 0, result.output
    assert "versions_added=1" in result.output
    client = fresh_app.test_client()
    before = client.get("/api/v1/jurisdictions/US-TX?as_of=2026-05-31").json
    after = client.get("/api/v1/jurisdictions/US-TX?as_of=2026-06-01").json
    assert before["statuses"][0]["status"] == "regulated"
    assert after["statuses"][0]["status"] == "banned"
    versions = client.get("/api/v1/jurisdictions/US-TX/history").json["versions"]
    assert [v["status"] for v in versions] == ["regulated", "banned"]


def test_correction_supersedes_and_stays_answerable_by_known_at(fresh_app, runner, seed_copy):
    assert _load(runner, seed_copy).exit_code == 0
    client = fresh_app.test_client()
    original = client.get("/api/v1/jurisdictions/US-TX").json["statuses"][0]
    _edit(
        seed_copy / "rules" / "test.yaml",
        "min_age: 18\n  confidence: high\n  sources: [test-statute-a]",
        "min_age: 21\n  confidence: high\n  sources: [test-statute-a]",
    )
    result = _load(runner, seed_copy)
    assert "versions_corrected=1" in result.output, result.output
    now = client.get("/api/v1/jurisdictions/US-TX").json["statuses"][0]
    assert (original["min_age"], now["min_age"]) == (18, 21)
    then = client.get("/api/v1/jurisdictions/US-TX", query_string={"known_at": original["recorded_at"]}).json
    assert then["statuses"][0]["min_age"] == 18
    versions = client.get("/api/v1/jurisdictions/US-TX/history").json["versions"]
    assert [(v["min_age"], v["superseded_at"] is None) for v in versions] == [(18, False), (21, True)]
    assert _count(fresh_app, "change_event") == 9


def test_removed_row_is_retracted_not_deleted(fresh_app, runner, seed_copy):
    assert _load(runner, seed_copy).exit_code == 0
    rules = seed_copy / "rules" / "test.yaml"
    text = rules.read_text()
    start = text.index("- jurisdiction: US-TX")
    rules.write_text(text[:start])
    result = _load(runner, seed_copy)
    assert "versions_retracted=1" in result.output, result.output
    client = fresh_app.test_client()
    assert client.get("/api/v1/jurisdictions/US-TX").json["statuses"][0]["status"] == "unknown"
    history = client.get("/api/v1/jurisdictions/US-TX/history").json["versions"]
    assert len(history) == 1 and history[0]["superseded_at"]

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
    assert "versions_added=13" in first.output  # 12 current rows and 1 corrected text
    tables = ("jurisdiction", "source", "rule_version", "change_event", "advisory", "pending_measure")
    counts = {t: _count(fresh_app, t) for t in tables}
    second = _load(runner, seed_copy)
    assert second.exit_code == 0, second.output
    assert "versions_unchanged=13" in second.output
    assert "added" not in second.output and "withdrawn" not in second.output
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
  recorded_on: 2026-03-01
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
    current = [(v["status"], v["ends_on"]) for v in versions if not v["superseded_at"]]
    assert current == [("regulated", "2026-06-01"), ("banned", None)]
    changes = client.get("/api/v1/jurisdictions/US-TX").json  # the event log is read back in test_changes
    assert changes["dataset"]["date"] == "2026-03-01"


def test_correction_recorded_in_the_seed_stays_answerable_by_known_at(fresh_app, runner, seed_copy):
    assert _load(runner, seed_copy).exit_code == 0
    client = fresh_app.test_client()
    original = client.get("/api/v1/jurisdictions/US-TX").json["statuses"][0]
    rules = seed_copy / "rules" / "test.yaml"
    _edit(rules, "  min_age: 18\n  thresholds", "  min_age: 21\n  thresholds")
    _edit(rules, "recorded_on: 2026-02-01", "recorded_on: 2026-03-01")
    old = rules.read_text()[rules.read_text().index("- jurisdiction: US-TX\n") :].split("\n- ")[0]
    with (seed_copy / "corrections" / "test.yaml").open("a") as fh:
        fh.write(
            old.replace("min_age: 21", "min_age: 18").replace("recorded_on: 2026-03-01", "recorded_on: 2026-02-01")
            + "\n  corrected_on: 2026-03-01\n  reason: Test correction. The age is 21.\n"
        )
    result = _load(runner, seed_copy)
    assert result.exit_code == 0, result.output
    assert "versions_added=1" in result.output and "versions_updated=1" in result.output, result.output
    assert "warning" not in result.output
    now = client.get("/api/v1/jurisdictions/US-TX").json["statuses"][0]
    assert (original["min_age"], now["min_age"]) == (18, 21)
    then = client.get("/api/v1/jurisdictions/US-TX", query_string={"known_at": "2026-02-15T00:00:00Z"}).json
    assert then["statuses"][0]["min_age"] == 18
    assert then["statuses"][0]["version_id"] == original["version_id"]


def test_edit_in_place_without_a_correction_record_is_kept_and_reported(fresh_app, runner, seed_copy):
    assert _load(runner, seed_copy).exit_code == 0
    _edit(seed_copy / "rules" / "test.yaml", "  min_age: 18\n  thresholds", "  min_age: 21\n  thresholds")
    result = _load(runner, seed_copy)
    assert result.exit_code == 0, result.output
    assert "versions_withdrawn=1" in result.output
    assert "warning: kratom in US-TX from 2019-09-01" in result.output
    assert "a fresh deployment will not know it" in result.output
    history = fresh_app.test_client().get("/api/v1/jurisdictions/US-TX/history").json["versions"]
    assert sorted(str(v["min_age"]) for v in history if v["superseded_at"]) == ["18", "None"]


def test_removed_row_is_withdrawn_not_deleted(fresh_app, runner, seed_copy):
    assert _load(runner, seed_copy).exit_code == 0
    rules = seed_copy / "rules" / "test.yaml"
    text = rules.read_text()
    start = text.index("- jurisdiction: US-TX-TESTVILLE")
    end = text.index("- jurisdiction: US-KY")
    rules.write_text(text[:start] + text[end:])
    result = _load(runner, seed_copy)
    assert "versions_withdrawn=1" in result.output, result.output
    client = fresh_app.test_client()
    assert client.get("/api/v1/jurisdictions/US-TX-TESTVILLE").json["statuses"][0]["status"] == "unknown"
    history = client.get("/api/v1/jurisdictions/US-TX-TESTVILLE/history").json["versions"]
    assert len(history) == 1 and history[0]["superseded_at"]

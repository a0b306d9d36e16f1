"""GET /api/v1/changes: the change log through HTTP, newest first, filtered and paginated."""

from __future__ import annotations


def test_changes_are_newest_first_and_filtered(client):
    body = client.get("/api/v1/changes?jurisdiction=th").json
    assert [(e["kind"], e["happened_on"], e["old_status"], e["new_status"]) for e in body["data"]] == [
        ("in-force", "2022-08-24", "legal", "regulated"),
        ("in-force", "2021-08-24", "banned", "legal"),
    ]
    assert all(len(e["id"]) == 16 for e in body["data"])
    assert body["meta"]["dataset"]["version"]


def test_a_rule_without_a_legal_date_is_recorded_not_a_change_in_law(client):
    # TH's first row is dated only by known_since 1943-08-03 (no legal date): by default it is no event;
    # asked for, it is a `recorded` event on the day the dataset recorded it, never "none -> banned on 1943".
    asked = client.get("/api/v1/changes?jurisdiction=th&kind=recorded").json["data"]
    assert [(e["kind"], e["happened_on"], e["old_status"], e["new_status"]) for e in asked] == [
        ("recorded", "2026-01-15", None, "banned")
    ]
    assert (
        "1943-08-03" in asked[0]["detail"]
        and "no source read gives the date it took legal effect" in asked[0]["detail"]
    )
    every = client.get("/api/v1/changes?jurisdiction=th&kind=all").json["data"]
    assert [e["kind"] for e in every] == ["recorded", "in-force", "in-force"]
    both = client.get("/api/v1/changes?jurisdiction=th&kind=recorded,in-force").json["data"]
    assert len(both) == 3
    assert all(
        e["kind"] in ("in-force", "lapsed", "advisory", "measure-stage")
        for e in client.get("/api/v1/changes?per_page=500").json["data"]
    )


def test_a_journalists_window_and_kind(client):
    body = client.get("/api/v1/changes?since=2026-01-01&until=2026-12-31&kind=corrected").json
    assert [(e["jurisdiction"], e["old_status"], e["new_status"]) for e in body["data"]] == [
        ("US-TX", "legal", "regulated")
    ]


def test_pages_link_to_each_other(client):
    first = client.get("/api/v1/changes?per_page=2")
    assert first.json["meta"]["pages"] > 1 and 'rel="next"' in first.headers["Link"]
    assert client.get("/api/v1/changes?kind=rumour").status_code == 422


def test_a_new_rule_with_the_same_status_word_reads_as_a_new_rule(real_app):
    # Rhode Island's 2026 7-OH caps replaced its 2025 rule, both `banned`: that is a new rule, not "banned -> banned".
    events = real_app.test_client().get("/api/v1/changes?per_page=500&kind=in-force").json["data"]
    same = [e for e in events if e["old_status"] == e["new_status"]]
    assert any(e["jurisdiction"] == "US-RI" and e["substance"] == "7-oh" for e in same)
    for e in same:
        assert f"{e['old_status']} -> {e['new_status']}" not in e["detail"], e["detail"]
        assert f"a new {e['new_status']} rule" in e["detail"] and "the status word is unchanged" in e["detail"]

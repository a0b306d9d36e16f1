"""GET /api/v1/changes: the change log through HTTP, newest first, filtered and paginated."""

from __future__ import annotations


def test_changes_are_newest_first_and_filtered(client):
    body = client.get("/api/v1/changes?jurisdiction=th").json
    assert [(e["kind"], e["happened_on"], e["old_status"], e["new_status"]) for e in body["data"]] == [
        ("in-force", "2022-08-24", "legal", "regulated"),
        ("in-force", "2021-08-24", "banned", "legal"),
        ("in-force", "1943-08-03", None, "banned"),
    ]
    assert all(len(e["id"]) == 16 for e in body["data"])
    assert body["meta"]["dataset"]["version"]


def test_a_journalists_window_and_kind(client):
    body = client.get("/api/v1/changes?since=2026-01-01&until=2026-12-31&kind=corrected").json
    assert [(e["jurisdiction"], e["old_status"], e["new_status"]) for e in body["data"]] == [
        ("US-TX", "legal", "regulated")
    ]


def test_pages_link_to_each_other(client):
    first = client.get("/api/v1/changes?per_page=2")
    assert first.json["meta"]["pages"] > 1 and 'rel="next"' in first.headers["Link"]
    assert client.get("/api/v1/changes?kind=rumour").status_code == 422

"""The changes page: legal changes newest first, filtered by place and substance, paginated, with its feed."""

from __future__ import annotations

import re


def _events(html: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]+)">[^<]+</time> · recorded', html)


def test_changes_newest_first_with_old_new_dates_and_reason(client):
    response = client.get("/changes")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    happened = _events(html)
    assert happened and happened == sorted(happened, reverse=True)
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/changes.atom"' in html
    total = client.get("/api/v1/changes?per_page=1").json["meta"]["total"]
    assert f"{total} changes" in html


def test_filter_by_place_and_substance(client):
    html = client.get("/changes?jurisdiction=th&substance=kratom").get_data(as_text=True)
    assert "What changed in Thailand" in html
    item = html.split('class="changes"')[1].split("</li>")[0]
    assert "status-legal" in item and "status-regulated" in item and "2022-08-24" in item and "Test Act 3" in item
    assert len(_events(html)) == client.get("/api/v1/changes?jurisdiction=TH&substance=kratom").json["meta"]["total"]
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html).group(1)
    assert twin.replace("&amp;", "&") == "/api/v1/changes?jurisdiction=TH&substance=kratom"


def test_unknown_place_is_named_at_its_field(client):
    response = client.get("/changes?jurisdiction=ATLANTIS")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="jurisdiction-error"' in html and 'value="ATLANTIS"' in html


def test_pages(client):
    from regstatus.pages.changes import PER_PAGE

    total = client.get("/api/v1/changes?per_page=1").json["meta"]["total"]
    first = client.get("/changes").get_data(as_text=True)
    assert len(_events(first)) == min(total, PER_PAGE)
    if total > PER_PAGE:
        assert 'rel="next"' in first
        second = client.get("/changes?page=2").get_data(as_text=True)
        assert _events(second)[0] <= _events(first)[-1]

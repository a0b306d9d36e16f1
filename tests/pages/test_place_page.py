"""The place page: answer first, per-activity levels, verification warnings, sources, timeline, children, citation."""

from __future__ import annotations

import re

from regstatus.pages.place import STALE_AFTER_DAYS


def _html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _card(html: str, slug: str) -> str:
    return html.split(f'id="s-{slug}"')[1].split("</section>")[0]


def test_each_activity_names_the_level_that_set_it(client):
    card = _card(_html(client, "/jurisdictions/US-CA-SAN-DIEGO"), "kratom")
    rows = dict(re.findall(r'<th scope="row">(\w+)</th><td class="act-\w+">\w+.*?</td><td>([^<]*)</td>', card))
    assert rows["Possess"] == "San Diego" and rows["Buy"] == "United States"


def test_breadcrumb_runs_from_the_country_down(client):
    html = _html(client, "/jurisdictions/US-CA-SAN-DIEGO")
    crumbs = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert crumbs.index("United States") < crumbs.index("California") < crumbs.index('aria-current="page">San Diego')


def test_minimum_age_and_caps_name_their_level(client):
    card = _card(_html(client, "/jurisdictions/US-TX-TESTVILLE"), "kratom")
    assert re.search(r"<dt>Minimum age</dt><dd>\d+ <small>\(set by Texas\)</small>", card)
    assert "Potency cap" in card and "(set by Texas)" in card.split("Potency cap")[1]


def test_never_verified_rules_carry_a_warning(client):
    card = _card(_html(client, "/jurisdictions/US-TX"), "kratom")
    assert 'class="stale"' in card and "Check before you travel" in card and "never been verified" in card


def test_old_verification_carries_a_warning_with_its_age(client):
    # The 2021 version (in force in 2022) was verified on 2026-01-15, long enough ago to warn.
    card = _card(_html(client, "/jurisdictions/TH?as_of=2022-01-01"), "kratom")
    warning = card.split('class="stale"')[1].split("</p>")[0]
    assert "last verified 2026-01-15" in warning and f"more than {STALE_AFTER_DAYS}" in warning


def test_freshness_boundary():
    import datetime as dt

    from regstatus.pages.place import freshness

    today = dt.date(2026, 12, 4)
    assert not freshness(today - dt.timedelta(days=STALE_AFTER_DAYS), today)["stale"]
    assert freshness(today - dt.timedelta(days=STALE_AFTER_DAYS + 1), today)["stale"]
    assert freshness(None, today)["stale"]


def test_sources_give_title_publisher_kind_tier_and_dates(client):
    sources = _card(_html(client, "/jurisdictions/US-TX"), "kratom").split('class="sources"')[1].split("</ol>")[0]
    assert '<a href="https://example.org/statute-a">Test Statute A</a>' in sources
    assert re.search(r"\(statute, tier 1[,)]", sources) and "read 20" in sources


def test_history_is_a_timeline_with_starts_and_ends(client):
    timeline = _html(client, "/jurisdictions/TH").split('id="history"')[1].split("</section>")[0]
    items = re.findall(r'<span class="from">([^<]+)</span> \u2013 <span class="to">([^<]+)</span>', timeline)
    assert ("found in force 1943-08-03 (the law&#39;s own date was not found)", "2021-08-24") in items
    assert ("2021-08-24", "2022-08-24") in items
    assert items[-1][1] == "in force"


def test_children_all_unknown_are_collapsed_and_known_ones_are_not(client):
    th = _html(client, "/jurisdictions/TH").split('id="children"')[1].split("</section>")[0]
    assert "<details>" in th and "none researched yet" in th and th.count('href="/jurisdictions/TH-') >= 70
    ca = _html(client, "/jurisdictions/US-CA").split('id="children"')[1].split("</section>")[0]
    assert "<details>" not in ca and "US-CA-SAN-DIEGO" in ca
    assert 'class="scroll"' in ca


def test_cite_this_gives_a_permalink_to_this_record_and_a_citation(client):
    html = _html(client, "/jurisdictions/TH?as_of=2020-01-01")
    cite = html.split('id="cite"')[1].split("</section>")[0]
    permalink = re.search(r'class="permalink" href="([^"]+)"', cite).group(1).replace("&amp;", "&")
    assert "as_of=2020-01-01" in permalink and "known_at=" in permalink
    dataset = client.get("/api/v1/jurisdictions/TH").json["dataset"]
    assert f"Dataset version {dataset['version']} of {dataset['date']}" in cite
    assert re.search(r'<span class="code">[0-9a-f]{16}</span>', cite), "the version id is named"
    json_link = re.search(r'\(<a href="([^"]+)">as JSON</a>\)', cite).group(1).replace("&amp;", "&")
    assert "known_at=" in json_link and client.get(json_link).json["as_of"] == "2020-01-01"
    again = _html(client, permalink.split("localhost", 1)[-1])
    assert _card(again, "kratom").split("</h2>")[0] == _card(html, "kratom").split("</h2>")[0]


def test_known_at_shows_the_record_as_it_stood(client):
    before = _card(_html(client, "/jurisdictions/TH?known_at=2025-01-01T00:00:00Z"), "kratom")
    assert "status-unknown" in before.split("</h2>")[0]
    assert "status-regulated" in _card(_html(client, "/jurisdictions/TH"), "kratom").split("</h2>")[0]


def test_bad_known_at_is_a_readable_400(client):
    response = client.get("/jurisdictions/TH?known_at=yesterday")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "known_at" in response.get_data(as_text=True)


def test_json_twin_keeps_the_date(client):
    html = _html(client, "/jurisdictions/US-TX?as_of=2025-06-01")
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html).group(1)
    response = client.get(twin.replace("&amp;", "&"))
    assert response.status_code == 200 and response.json["as_of"] == "2025-06-01"


def test_place_page_is_light_without_the_map(client):
    html = _html(client, "/jurisdictions/US")
    # The map is its own section (and any stray SVG); everything else counts.
    without_map = re.sub(r'<section class="us-map".*?</section>|<svg.*?</svg>', "", html, flags=re.S)
    css = client.get("/static/style.css").get_data()
    assert len(without_map.encode()) + len(css) < 60_000


def test_stylesheet_has_print_and_focus_rules(client):
    css = client.get("/static/style.css").get_data(as_text=True)
    assert "@media print" in css and ":focus-visible" in css


def test_the_heaviest_real_place_page_is_light_without_the_map(databases):
    """The US page of the published dataset (most advisories, bills, states and versions) stays under budget."""
    from tests.conftest import REAL_SEED, build_app, dispose

    app = build_app(databases, seed_dir=REAL_SEED)
    try:
        assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
        client = app.test_client()
        html = client.get("/jurisdictions/US").get_data(as_text=True)
        without_map = re.sub(r'<section class="us-map".*?</section>|<svg.*?</svg>', "", html, flags=re.S)
        css = client.get("/static/style.css").get_data()
        assert len(without_map.encode()) + len(css) < 60_000
    finally:
        dispose(app)


def test_older_advisories_are_listed_by_title(client, monkeypatch):
    from regstatus.pages import place

    monkeypatch.setattr(place, "ADVISORIES_IN_FULL", 0)
    html = _html(client, "/jurisdictions/US-TX")
    older = re.search(r'<details class="older"><summary>1 older advisory</summary>(.*?)</details>', html, re.S)
    assert older and 'href="https://' in older.group(1)

"""The HTML pages: content, JSON twins, readable errors, security headers."""

from __future__ import annotations

import re


def _alternate(html: str) -> str:
    match = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)
    assert match, "page has no JSON twin"
    return match.group(1).replace("&amp;", "&")


def test_index_groups_countries_by_status(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'role="search"' in html
    assert 'id="g-regulated"' in html and 'id="g-unknown"' in html
    regulated = html.split('id="g-regulated"')[1].split("</section>")[0]
    assert "Thailand" in regulated
    assert client.get(_alternate(html)).status_code == 200


def test_jurisdiction_page(client):
    response = client.get("/jurisdictions/US-TX")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Kratom in Texas" in html
    assert "Regulated" in html and "Test Statute A" in html and "https://example.org/statute-a" in html
    assert "Minimum age" in html and "not yet verified" in html
    assert 'href="/jurisdictions/US"' in html
    answer = html.index('class="answer"')
    assert "Kratom is regulated in Texas:" in html[answer : answer + 200]
    # Its own bill in full; the federal advisory is counted and linked, listed on the US page.
    assert "HB 1" in html and "Test import alert" not in html and "1 advisory on kratom" in html
    assert "Test import alert" in client.get("/jurisdictions/US").get_data(as_text=True)
    twin = client.get(_alternate(html))
    assert twin.status_code == 200 and twin.json["code"] == "US-TX"


def test_caveats_follow_the_answer_before_anything_else(client):
    html = client.get("/jurisdictions/US-FL?as_of=2026-06-01").get_data(as_text=True)
    card = html.split('id="s-7-oh"')[1]
    # The one-sentence answer, then at once what makes it uncertain, before the tables.
    assert card.index('class="answer"') < card.index("lapsed on 2026-03-01") < card.index("<table")
    rules = html.split('id="rules-7-oh"')[1]
    assert "Not researched" not in rules.split("own rule")[1].split("</p>")[0]


def test_history_shows_where_each_version_ends(client):
    html = client.get("/jurisdictions/TH").get_data(as_text=True)
    timeline = html.split('id="history"')[1].split("</section>")[0]
    # The 1943 start is a research date (known_since): never printed as the law's date.
    assert "found in force 1943-08-03 (the law&#39;s own date was not found)" in timeline
    assert '<span class="to">2021-08-24</span>' in timeline
    assert '<span class="to">in force</span>' in timeline


def test_about_prints_the_derivation_table_from_the_code(client):
    from regstatus import vocab

    html = client.get("/about").get_data(as_text=True)
    for _status, when in vocab.DERIVATION:
        assert when in html


def test_page_for_a_past_date(client):
    html = client.get("/jurisdictions/TH?as_of=2020-01-01").get_data(as_text=True)
    assert "Banned" in html and "Status on 2020-01-01" in html
    assert "as_of=2020-01-01" in _alternate(html)


def test_lowercase_code_redirects(client):
    response = client.get("/jurisdictions/us-tx")
    assert response.status_code == 301 and response.headers["Location"].endswith("/jurisdictions/US-TX")


def test_unknown_jurisdiction_is_a_readable_404(client):
    response = client.get("/jurisdictions/US-TXX")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "No jurisdiction has the code" in html and 'href="/jurisdictions/US-TX"' in html


def test_bad_date_is_a_readable_400(client):
    response = client.get("/jurisdictions/TH?as_of=2021-13-45")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "YYYY-MM-DD" in response.get_data(as_text=True)


def test_search(client):
    assert client.get("/search?q=texas").headers["Location"].endswith("/jurisdictions/US-TX")
    html = client.get("/search?q=new").get_data(as_text=True)
    assert "New York" in html and "New Zealand" in html
    assert "No place matches" in client.get("/search?q=narnia").get_data(as_text=True)


def test_headers_and_no_external_assets(client):
    response = client.get("/jurisdictions/TH")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)


def test_stylesheet_is_served_as_css(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200 and response.mimetype == "text/css"


def test_country_page_lists_children_with_their_status(client):
    html = client.get("/jurisdictions/US-CA").get_data(as_text=True)
    row = html.split('href="/jurisdictions/US-CA-SAN-DIEGO"')[1].split("</tr>")[0]
    assert "status-banned" in row
    us = client.get("/jurisdictions/US").get_data(as_text=True)
    assert us.count('href="/jurisdictions/US-') >= 57


def test_html_405_says_which_methods_work(client):
    response = client.post("/jurisdictions/TH")
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert "GET" in response.headers["Allow"]


def test_hsts_only_over_https_or_through_a_trusted_proxy(databases):
    from tests.conftest import build_app, dispose

    direct = build_app(databases, migrate=False)
    proxied = build_app(databases, migrate=False, TRUSTED_PROXIES=1)
    try:
        https = {"X-Forwarded-Proto": "https"}
        assert "Strict-Transport-Security" not in direct.test_client().get("/healthz", headers=https).headers
        assert "Strict-Transport-Security" in direct.test_client().get("/healthz", base_url="https://localhost").headers
        assert proxied.test_client().get("/healthz", headers=https).headers["Strict-Transport-Security"]
        assert "Strict-Transport-Security" not in proxied.test_client().get("/healthz").headers
    finally:
        dispose(direct)
        dispose(proxied)


NAV = {
    "/table": "Table",
    "/travel": "Route check",
    "/check": "Product check",
    "/locate": "Locate",
    "/changes": "Changes",
    "/about": "About",
    "/api/docs": "API docs",
}


def test_navigation_links_every_page_and_marks_the_current_one(client):
    for path in ("/", "/table", "/travel", "/check", "/locate", "/changes", "/about", "/jurisdictions/TH"):
        html = client.get(path).get_data(as_text=True)
        nav = html.split('class="site-nav"')[1].split("</nav>")[0]
        for href, label in NAV.items():
            assert re.search(rf'<a href="{re.escape(href)}"( aria-current="page")?>{label}</a>', nav), (path, label)
        if path in NAV and path != "/api/docs":
            assert f'<a href="{path}" aria-current="page">' in nav
        # The site's name is the way home (one link less keeps the menu to two lines at 360 px).
        brand = html.split('class="brand"')[1].split("</a>")[0]
        assert ('aria-current="page"' in brand) == (path == "/"), path


def test_not_found_page_looks_like_the_site(client):
    response = client.get("/no/such/page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert 'class="site-nav"' in html and "style.css" in html and "<h1>Not Found</h1>" in html


def test_every_page_with_a_json_twin_links_it(client):
    for path in ("/", "/jurisdictions/TH", "/table", "/changes", "/travel?from=TH&to=DE", "/about"):
        html = client.get(path).get_data(as_text=True)
        assert client.get(_alternate(html)).status_code == 200, path


def test_about_prints_tiers_confidence_and_caveats_from_the_code(client):
    from markupsafe import escape

    from regstatus import vocab
    from regstatus.pages.place import STALE_AFTER_DAYS

    html = client.get("/about").get_data(as_text=True)
    for kind, (tier, meaning) in vocab.SOURCE_KINDS.items():
        assert f'<th scope="row">{kind}</th><td>{tier}</td><td>{escape(meaning)}</td>' in html
    for meaning in [*vocab.CONFIDENCE_MEANINGS.values(), *vocab.CAVEAT_KINDS.values(), *vocab.CHANGE_KINDS.values()]:
        assert str(escape(meaning)) in html
    for needle in ("world-atlas", "us-atlas", "ISC", "Natural Earth", "US Census", 'id="corrections"', "known_at"):
        assert needle in html
    assert f"more\nthan {STALE_AFTER_DAYS} days" in html or f"more than {STALE_AFTER_DAYS} days" in html

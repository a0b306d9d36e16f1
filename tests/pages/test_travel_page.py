"""The route check page: a GET form, per-stop answers and the verdict, shareable, readable errors at the field."""

from __future__ import annotations

import re


def test_empty_form_is_shown_without_a_result(client):
    response = client.get("/travel")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form class="route" method="get" action="/travel">' in html and 'id="verdict"' not in html
    for name in ("from", "via", "to", "substance", "as_of"):
        assert f'id="{name}"' in html and f'<label for="{name}">' in html


def test_route_gives_each_stop_and_the_same_verdict_as_the_api(client):
    path = "/travel?from=US-TX&via=SG&to=TH&as_of=2026-06-01"
    html = client.get(path).get_data(as_text=True)
    api = client.get("/api/v1/travel?from=US-TX&via=SG&to=TH&as_of=2026-06-01").json
    verdict = html.split('id="verdict"')[1].split("</h2>")[0]
    assert f"verdict-{api['verdict']}" in verdict
    stops = html.split('class="stops"')[1].split("</ol>")[0]
    assert stops.index("Leaving") < stops.index("Changing planes in") < stops.index("Arriving in")
    for activity in ("Export", "Transit", "Import", "Possess"):
        assert f"<strong>{activity}</strong>" in stops
    for reason in api["reasons"]:
        assert reason.replace("'", "&#39;") in html
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html).group(1)
    assert client.get(twin.replace("&amp;", "&")).json["verdict"] == api["verdict"]


def test_result_cites_the_law_and_its_sources(client):
    html = client.get("/travel?from=TH&to=US-TX").get_data(as_text=True)
    checks = html.split('class="stops"')[1]
    api = client.get("/api/v1/travel?from=TH&to=US-TX").json
    cited = [src for stop in api["stops"] for check in stop["checks"] for src in check["sources"]]
    assert cited, "the fixture route cites sources"
    for src in cited:
        assert f'<a href="{src["url"]}" rel="noopener">{src["title"]}</a> <small>(tier {src["tier"]})</small>' in checks


def test_stops_in_one_box_or_repeated_give_the_same_route(client):
    one = client.get("/travel?from=US-TX&via=SG,+DE&to=TH").get_data(as_text=True)
    repeated = client.get("/travel?from=US-TX&via=SG&via=DE&to=TH").get_data(as_text=True)
    # Up to the end of the answer: the footer's language links carry each page's own address.
    assert one.split('id="verdict"')[1].split("</main>")[0] == repeated.split('id="verdict"')[1].split("</main>")[0]
    assert 'value="SG, DE"' in one


def test_unknown_code_is_shown_at_its_field_with_the_form_kept(client):
    response = client.get("/travel?from=US-TX&to=NARNIA")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert 'id="to" name="to" value="NARNIA"' in html and 'aria-describedby="to-error"' in html
    assert 'id="to-error"' in html and "No place is called or coded" in html.split('id="to-error"')[1]
    assert 'value="US-TX"' in html and 'id="verdict"' not in html


def test_missing_destination_and_bad_date_are_named(client):
    html = client.get("/travel?from=US-TX&as_of=2026-02-31").get_data(as_text=True)
    assert 'id="to-error"' in html and 'id="as_of-error"' in html and "YYYY-MM-DD" in html


def test_too_many_stops_is_refused_at_the_stops_field(client):
    stops = ",".join(["DE"] * 9)
    html = client.get(f"/travel?from=US-TX&to=TH&via={stops}").get_data(as_text=True)
    assert 'id="via-error"' in html


def test_a_stop_lists_its_own_advisories_and_counts_those_of_levels_above(client):
    html = client.get("/travel?from=US&to=US-TX&as_of=2026-06-01").get_data(as_text=True)
    leaving, arriving = html.split('class="stops"')[1].split("</ol>")[0].split('class="stop"')[1:3]
    assert "<strong>Test import alert</strong>" in leaving and 'class="above"' not in leaving
    assert "Test import alert" not in arriving
    link = '<a href="/jurisdictions/US?as_of=2026-06-01#rules-kratom">United States</a>, a level above, has 1 advisory'
    assert link in arriving

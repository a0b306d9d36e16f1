"""The product check page: a GET form, each level's verdict as the API gives it, errors at the field."""

from __future__ import annotations

import re


def test_empty_form_is_shown_without_a_result(client):
    response = client.get("/check")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form class="route" method="get" action="/check">' in html and 'id="verdict"' not in html
    for name in ("place", "product", "mg_7oh_per_serving", "pct_7oh_of_alkaloids", "buyer_age", "substance"):
        assert f'id="{name}"' in html and f'<label for="{name}">' in html
    assert 'href="/check" aria-current="page">Product check</a>' in html


def test_result_gives_each_level_as_the_api_does(client):
    query = "place=US-TX-TESTVILLE&product=leaf&pct_7oh_of_alkaloids=1&buyer_age=30&as_of=2026-06-01"
    html = client.get(f"/check?{query}").get_data(as_text=True)
    api = client.get(f"/api/v1/check?{query}").json
    assert api["verdict"] == "fails"
    verdict = html.split('id="verdict"')[1].split("</h2>")[0]
    assert "verdict-fails" in verdict
    levels = html.split('class="stops"')[1].split("</ol>")[0]
    for lvl in api["levels"]:
        assert f'<span class="code">{lvl["code"]}</span>: <span class="verdict verdict-{lvl["verdict"]}">' in levels
        for f in lvl["findings"]:
            assert f["text"].replace("'", "&#39;") in levels
    assert "Also required by this rule" in levels  # Texas's labelling condition
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html).group(1)
    assert client.get(twin.replace("&amp;", "&")).json["verdict"] == "fails"


def test_a_wrong_field_is_shown_at_that_field(client):
    response = client.get("/check?place=US-TX&product=leaf&pct_7oh_of_alkaloids=150&buyer_age=-2")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="pct_7oh_of_alkaloids-error"' in html and 'id="buyer_age-error"' in html
    assert 'aria-describedby="pct_7oh_of_alkaloids-error pct_7oh_of_alkaloids-hint" aria-invalid="true"' in html
    assert 'value="150"' in html  # the form keeps what was typed


def test_an_unknown_place_suggests_codes(client):
    response = client.get("/check?place=US-TXX&product=leaf")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="place-error"' in html and 'href="/jurisdictions/US-TX"' in html

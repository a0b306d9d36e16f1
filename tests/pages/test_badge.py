"""The embeddable status badge: status in words and the data's date, per substance; problems for bad input."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def _texts(body: bytes) -> list[str]:
    root = ET.fromstring(body)
    return [t.text for t in root.iter(f"{SVG}text")]


def test_badge_names_the_status_in_words_and_the_date_of_the_data(client):
    response = client.get("/badge/US-TX.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    dated = client.get("/api/v1/").json["dataset"]["date"]
    label, value = _texts(response.data)
    assert label == "Kratom in US-TX"
    assert re.fullmatch(r"Regulated · \d{4}-\d\d-\d\d", value)
    assert value.endswith(dated)
    root = ET.fromstring(response.data)
    assert root.find(f"{SVG}title").text.startswith("Kratom in Texas: Regulated")


def test_badge_follows_the_substance(client):
    kratom = _texts(client.get("/badge/TH.svg").data)
    seven = client.get("/badge/TH.svg?substance=7-oh")
    assert seven.status_code == 200
    label, _value = _texts(seven.data)
    assert label == "7-OH in TH" and kratom[0] == "Kratom in TH"


def test_badge_width_grows_with_its_text(client):
    short = ET.fromstring(client.get("/badge/TH.svg").data)
    long = ET.fromstring(client.get("/badge/US-CA-SAN-DIEGO.svg").data)
    assert int(long.get("width")) > int(short.get("width")) > 100
    # The right half starts where the left one ends.
    rects = short.findall(f"{SVG}g/{SVG}rect")
    assert rects[1].get("x") == rects[0].get("width")


def test_unknown_code_is_a_404_problem_with_suggestions(client):
    response = client.get("/badge/NOWHERE.svg")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 404 and "suggestions" in response.json


def test_unknown_substance_is_a_400_problem_naming_the_field(client):
    response = client.get("/badge/TH.svg?substance=coffee")
    assert response.status_code == 400
    assert response.json["errors"] == {"substance": ["Substance must be one of: kratom, 7-oh."]}


def test_badge_is_cacheable_and_safe_to_embed(client):
    response = client.get("/badge/TH.svg")
    assert "max-age" in response.headers["Cache-Control"] and response.headers.get("ETag")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    body = response.get_data(as_text=True)
    assert "<script" not in body and "style=" not in body and "href=" not in body
    again = client.get("/badge/TH.svg", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_lowercase_code_redirects_to_the_canonical_badge(client):
    response = client.get("/badge/th.svg?substance=7-oh")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/badge/TH.svg?substance=7-oh")

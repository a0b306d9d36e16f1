"""The language of pages and answers: `?lang=`, then Accept-Language, English by default; refused when unknown."""

from __future__ import annotations

import re

import pytest

from regstatus.vocab import LANGUAGES


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.get_data(as_text=True)).group(1)


def test_english_by_default(client):
    response = client.get("/")
    assert response.status_code == 200 and html_lang(response) == "en"
    assert "translation-note" not in response.get_data(as_text=True)
    assert "Accept-Language" in response.headers["Vary"]


def test_accept_language_chooses_and_varies(client):
    response = client.get("/", headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
    assert html_lang(response) == "th"
    assert "Accept-Language" in response.headers["Vary"]
    assert html_lang(client.get("/", headers={"Accept-Language": "pt-BR"})) == "en"  # not shipped: English


def test_lang_parameter_wins_over_accept_language(client):
    response = client.get("/?lang=de", headers={"Accept-Language": "fr"})
    assert html_lang(response) == "de"
    assert "Accept-Language" not in response.headers["Vary"]  # the address alone decides


def test_each_language_has_its_own_etag(client):
    tags = {client.get("/", headers={"Accept-Language": lang}).headers["ETag"] for lang in LANGUAGES}
    assert len(tags) == len(LANGUAGES)
    english = client.get("/", headers={"Accept-Language": "en"})
    again = client.get("/", headers={"Accept-Language": "de", "If-None-Match": english.headers["ETag"]})
    assert again.status_code == 200 and html_lang(again) == "de"


def test_translated_page_says_english_is_authoritative_and_links_it(client):
    html = client.get("/travel?lang=fr").get_data(as_text=True)
    assert 'class="translation-note"' in html
    assert 'href="/travel?lang=en" hreflang="en"' in html


def test_hreflang_alternates_name_every_language(client):
    html = client.get("/jurisdictions/TH?lang=ja").get_data(as_text=True)
    for code in LANGUAGES:
        assert f'<link rel="alternate" hreflang="{code}" href="/jurisdictions/TH?lang={code}">' in html
    assert '<link rel="alternate" hreflang="x-default" href="/jurisdictions/TH">' in html


def test_links_keep_a_chosen_language(client):
    html = client.get("/?lang=vi").get_data(as_text=True)
    assert 'href="/travel?lang=vi"' in html
    assert "style.css?" not in html


def test_unknown_lang_is_a_readable_page(client):
    response = client.get("/travel?lang=xx")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "lang must be one of" in response.get_data(as_text=True) and "&#39;xx&#39;" in response.get_data(
        as_text=True
    )


def test_unknown_lang_is_a_problem_on_the_api(client):
    response = client.get("/api/v1/jurisdictions/TH?lang=klingon")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"].endswith("/unknown-language") and "lang" in body["errors"]
    assert "klingon" in body["detail"]


@pytest.mark.parametrize("path", ["/api/v1/jurisdictions/TH", "/api/v1/jurisdictions", "/api/v1/travel?from=TH&to=GB"])
def test_api_declares_lang(client, path):
    sep = "&" if "?" in path else "?"
    assert client.get(f"{path}{sep}lang=de").status_code == 200


def test_exports_stay_english_and_do_not_vary(client):
    response = client.get("/api/v1/export.csv", headers={"Accept-Language": "de"})
    assert response.status_code == 200 and "Accept-Language" not in response.headers.get("Vary", "")
    assert client.get("/api/v1/export.csv?lang=de").status_code == 400  # not a parameter of the data files


def test_openapi_documents_lang(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    params = spec["paths"]["/api/v1/jurisdictions/{code}"]["get"]["parameters"]
    lang = next(p for p in params if p["name"] == "lang")
    assert lang["schema"]["enum"] == list(LANGUAGES)
    export = spec["paths"]["/api/v1/export.csv"]["get"].get("parameters", [])
    assert all(p["name"] != "lang" for p in export)


@pytest.mark.parametrize(("q", "code"), [("Allemagne", "DE"), ("泰国", "TH"), ("ประเทศไทย", "TH"), ("タイ", "TH")])
def test_names_in_other_languages_find_their_country(client, q, code):
    found = client.get("/api/v1/jurisdictions", query_string={"q": q}).get_json()
    assert (found["data"][0]["code"], found["data"][0]["match"]["kind"]) == (code, "exact")
    response = client.get("/search", query_string={"q": q})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jurisdictions/{code}")

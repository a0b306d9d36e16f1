"""What a person does on the pages: read a state's answer and caveat, check a route, sort and filter the table."""

from __future__ import annotations

import re

import pytest

PHONE = {"width": 360, "height": 800}


@pytest.mark.parametrize("path", ["/jurisdictions/US-FL?as_of=2026-06-01", "/jurisdictions/US-CA-SAN-DIEGO"])
def test_place_page_shows_the_answer_and_a_caveat_in_the_first_screen(live_server, page, path):
    page.set_viewport_size(PHONE)
    page.goto(live_server + path)
    card = page.locator("section.card").first
    answer = card.locator("p.answer")
    assert answer.inner_text().startswith("Kratom is ")
    caveat = card.locator(".caveats li, .stale").first
    assert caveat.is_visible() and caveat.inner_text()
    for element in (answer, caveat):
        box = element.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], "not in the first screen"
    assert page.problems == []


def test_a_governed_territory_shows_its_answer_first_and_why_below(live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/jurisdictions/GU")
    answer = page.locator("section.card p.answer").first
    assert answer.inner_text().startswith("Kratom is legal in Guam")
    box = answer.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], "not in the first screen"
    page.get_by_role("link", name="why").click()
    assert "organic act" in page.locator("section.governed").inner_text()
    assert page.problems == []


def test_route_form_gives_a_verdict_at_a_shareable_address(live_server, page):
    page.goto(live_server + "/travel")
    page.get_by_label("From (name or code)").fill("US-TX")
    page.get_by_label("Stops on the way").fill("SG")
    page.get_by_label("To (name or code)").fill("TH")
    page.get_by_role("button", name="Check the route").click()
    page.wait_for_url(re.compile(r"/travel\?from=US-TX&via=SG&to=TH"))
    verdict = page.locator("#verdict").inner_text()
    assert re.match(r"Overall: (OK|Caution|Unknown|Prohibited)$", verdict)
    assert page.locator("ol.stops > li").count() == 3
    shared = page.get_by_role("link", name="link to this result").get_attribute("href")
    page.goto(live_server + shared)
    assert page.locator("#verdict").inner_text() == verdict
    assert page.problems == []


def test_route_form_says_what_is_wrong_at_the_field(live_server, page):
    response = page.goto(live_server + "/travel?from=US-TX&to=TEXS")
    assert response.status == 400
    field = page.get_by_label("To (name or code)")
    assert field.input_value() == "TEXS" and field.get_attribute("aria-invalid") == "true"
    assert "No place is called or coded" in page.locator("#to-error").inner_text()


def test_table_sorts_and_filters_without_script(live_server, page):
    page.goto(live_server + "/table?level=locality")
    first = page.locator("table.everything tbody tr th").first.inner_text()
    page.get_by_role("link", name="Place", exact=False).first.click()  # already by name: now descending
    page.wait_for_url(re.compile(r"sort=-name"))
    assert page.locator("table.everything tbody tr th").first.inner_text() != first
    page.get_by_label("Status", exact=True).select_option("banned")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"status=banned"))
    assert "sort=-name" in page.url and "level=locality" in page.url
    rows = page.locator("table.everything tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert "Banned" in rows.nth(i).locator("td").nth(1).inner_text()
    csv = page.get_by_role("link", name="Download this view as CSV").get_attribute("href")
    assert "status=banned" in csv and "level=locality" in csv
    assert page.problems == []


def test_keyboard_focus_is_visible(live_server, page):
    page.goto(live_server + "/table")
    for _ in range(3):
        page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert outline != "none" and width >= 2


def test_place_page_prints_without_navigation_or_forms_and_with_its_folds_open(live_server, page):
    page.goto(live_server + "/jurisdictions/US-TX")
    sources = page.locator("ol.sources li").first
    assert not sources.is_visible(), "folded on screen"
    page.emulate_media(media="print")
    assert sources.is_visible(), "every fold prints open"
    assert not page.locator("nav.site-nav").is_visible()
    assert not page.locator("form.asof").is_visible()
    assert page.locator("p.answer").first.is_visible() and page.locator("#cite").is_visible()


def test_route_form_takes_city_names_and_offers_the_choices_of_a_shared_one(live_server, page):
    page.goto(live_server + "/travel")
    page.get_by_label("From (name or code)").fill("Bangkok")
    page.get_by_label("To (name or code)").fill("Springfield")
    page.get_by_role("button", name="Check the route").click()
    error = page.locator("#to-error")
    assert "names" in error.inner_text() and page.locator("#from-error").count() == 0
    page.problems.clear()  # the form's own 400 answer, reported by the console
    error.get_by_role("link", name="Springfield, Illinois, United States").click()
    page.wait_for_url(re.compile(r"to=Springfield%2C\+Illinois|to=Springfield,\+Illinois"))
    assert "Springfield, Illinois, United States — no city rule recorded" in page.locator("ol.stops").inner_text()
    assert page.problems == []


def test_locate_form_answers_the_chain_at_a_point(live_server, page):
    page.goto(live_server + "/locate")
    page.get_by_label("Latitude (-90 to 90)").fill("34.2576")
    page.get_by_label("Longitude (-180 to 180)").fill("-88.7034")
    page.get_by_role("button", name="Locate").click()
    chain = page.locator("ol.chain").inner_text()
    assert "United States" in chain and "Mississippi" in chain
    assert page.problems == []

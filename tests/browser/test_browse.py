"""What a person does in a browser: search, read a card, pick a past date, use the keyboard."""

from __future__ import annotations

import re


def test_search_leads_to_the_state_page(live_server, page):
    page.goto(live_server + "/")
    page.get_by_label("Country, state or city").fill("texas")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/jurisdictions/US-TX$"))
    assert page.locator("h1").inner_text().startswith("Kratom in Texas")
    card = page.locator("section.card").first
    assert "Regulated" in card.inner_text()
    # The sources stand folded in the rules behind the answer: one click opens them.
    rules = page.locator("section.rules").first
    assert "Test Statute A" not in rules.inner_text()
    rules.get_by_text("sources behind this answer").click()
    assert "Test Statute A" in rules.inner_text()
    assert page.problems == []


def test_past_date_shows_the_old_rule(live_server, page):
    page.goto(live_server + "/jurisdictions/TH")
    assert "Regulated" in page.locator("section.card").first.inner_text()
    page.get_by_label("Show the rules on another date").fill("2020-01-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"as_of=2020-01-01"))
    assert "Banned" in page.locator("section.card").first.inner_text()
    assert page.problems == []


def test_styles_load_under_the_csp(live_server, page):
    page.goto(live_server + "/")
    colour = page.locator(".badge").first.evaluate("el => getComputedStyle(el).fontWeight")
    assert colour in ("600", "700")
    assert page.problems == []


def test_skip_link_is_first_in_tab_order(live_server, page):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_unknown_place_page_offers_suggestions(live_server, page):
    response = page.goto(live_server + "/jurisdictions/US-TXX")
    assert response.status == 404
    page.get_by_role("link", name="US-TX").click()
    page.wait_for_url(re.compile(r"/jurisdictions/US-TX$"))


def test_a_report_sent_from_the_place_page_without_javascript_gets_a_reference(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server + "/jurisdictions/US-TX")
    tab.get_by_text(
        "Report a correction: is something here wrong or out of date?"
    ).click()  # the form is folded on a place page
    tab.get_by_label("About").select_option(index=0)
    tab.get_by_label("What is wrong").fill("The age limit shown is out of date since 2025.")
    tab.get_by_label("Evidence: the address of a source that shows it").fill("https://example.org/statute")
    tab.get_by_role("button", name="Send the report").click()
    tab.wait_for_url(re.compile(r"/report$"))
    assert re.search(r"Your reference: R-[0-9A-Z]{8}", tab.locator("main").inner_text())
    assert context.cookies() == []  # no cookie was set along the way
    # The honeypot is not on screen for a person.
    tab.goto(live_server + "/jurisdictions/US-TX")
    assert not tab.locator("#report-website").is_visible() or tab.locator(".hp").bounding_box()["x"] < 0
    context.close()

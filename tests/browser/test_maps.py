"""The maps in a real browser: they fit a phone, their links work by mouse and keyboard, axe finds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
MAP_PAGES = {"home": "/", "home-7oh": "/?substance=7-oh", "us": "/jurisdictions/US"}


def _axe_problems(page) -> list[str]:
    # Injected through the driver, not the page, so the strict CSP of the page stays in force.
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("moderate", "serious", "critical")
    ]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", list(MAP_PAGES))
def test_maps_fit_the_screen_and_are_drawn(live_server, page, name, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server + MAP_PAGES[name])
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"map-{name}-{width}.png"), full_page=True)
    page.locator("svg.map").screenshot(path=str(SCREENSHOTS / f"map-{name}-{width}-map-only.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator("svg.map").bounding_box()
    assert box["width"] <= width and box["height"] > box["width"] / 3
    # Every shape is painted by the stylesheet (never the default black), patterned statuses with their pattern.
    fills = page.evaluate(
        """() => [...document.querySelectorAll('svg.map path[class^="st-"]')].map(p => [p.getAttribute('class'),
            getComputedStyle(p).fill])"""
    )
    assert fills and all(fill != "rgb(0, 0, 0)" for _cls, fill in fills)
    patterned = [(cls, fill) for cls, fill in fills if cls in ("st-regulated", "st-restricted", "st-banned")]
    assert all(f"pat-{cls[3:]}" in fill for cls, fill in patterned)
    assert page.problems == []


def test_a_country_on_the_map_opens_its_page(live_server, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server + "/")
    page.locator('svg.map a[href="/jurisdictions/AU"]').click()
    page.wait_for_url("**/jurisdictions/AU")
    assert "Australia" in page.locator("h1").inner_text()


def test_a_country_on_the_map_opens_from_the_keyboard(live_server, page):
    page.goto(live_server + "/")
    link = page.locator('svg.map a[href="/jurisdictions/TH"]')
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/jurisdictions/TH"
    page.keyboard.press("Enter")
    page.wait_for_url("**/jurisdictions/TH")
    assert "Thailand" in page.locator("h1").inner_text()


def test_a_state_on_the_us_map_opens_its_page(live_server, page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server + "/jurisdictions/US")
    page.locator('svg.map a[href="/jurisdictions/US-TX"]').click()
    page.wait_for_url("**/jurisdictions/US-TX")
    assert "Texas" in page.locator("h1").inner_text()


def test_the_substance_switch_redraws_the_map(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Show 7-OH instead").click()
    page.wait_for_url("**/?substance=7-oh")
    assert page.locator("h1").inner_text() == "7-OH legal status by country"


@pytest.mark.parametrize("name", list(MAP_PAGES))
def test_map_pages_have_no_serious_accessibility_problems(live_server, page, name):
    page.goto(live_server + MAP_PAGES[name])
    assert _axe_problems(page) == []


@pytest.mark.parametrize("path", ["/badge/US-CA-SAN-DIEGO.svg", "/badge/TH.svg?substance=7-oh", "/badge/US-KY.svg"])
def test_badge_text_fits_its_halves(live_server, page, path):
    page.goto(live_server + path)
    SCREENSHOTS.mkdir(exist_ok=True)
    name = "".join(c if c.isalnum() else "-" for c in path)
    page.locator("svg").screenshot(path=str(SCREENSHOTS / f"badge{name}.png"))
    sizes = page.evaluate(
        """() => { const r = [...document.querySelectorAll('g > rect')];
            return [...document.querySelectorAll('text')].map((t, i) =>
                [t.getComputedTextLength(), +r[i].getAttribute('width')]); }"""
    )
    # The estimate from character classes leaves room for the text in the browser's own font.
    assert all(0 < text <= box - 4 for text, box in sizes), sizes

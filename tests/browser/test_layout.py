"""Phone first: no page wider than the screen at 360 px; screenshots of the main pages at 360 and 1280 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS

EVERY_KIND = {
    "home": "/",
    "country": "/jurisdictions/US",
    "country-with-provinces": "/jurisdictions/TH",
    "state": "/jurisdictions/US-TX",
    "locality": "/jurisdictions/US-CA-SAN-DIEGO",
    "governed-territory": "/jurisdictions/GU",
    "route-result": "/travel?from=US-TX&via=SG&to=TH",
    "route-error": "/travel?from=US-TX&to=NOWHERE",
    "product-check": "/check?place=US-TX-TESTVILLE&product=7-oh-isolate&pct_7oh_of_alkaloids=95&buyer_age=30",
    "product-check-error": "/check?place=US-TX&product=leaf&pct_7oh_of_alkaloids=150",
    "table": "/table",
    # sort links carry visually hidden direction labels, once placed outside their scroll box
    "table-sorted": "/table?level=subdivision&parent=US&sort=-status",
    "search-typo": "/search?q=thiland",
    "search-local-name": "/search?q=ketum",
    "search-city": "/search?q=los+angeles",
    "search-cities": "/search?q=springfield",
    "route-by-city-names": "/travel?from=bangkok&via=tokyo&to=los+angeles",
    "route-ambiguous-name": "/travel?from=narnia&to=springfield",
    "locate": "/locate?lat=34.2576&lon=-88.7034",
    "locate-error": "/locate?lat=0&lon=-30",
    "changes": "/changes",
    "about": "/about",
    "not-found": "/no/such/page",
}
SHOTS = {
    "home": "/",
    "country": "/jurisdictions/US",
    "country-with-provinces": "/jurisdictions/TH",
    "state": "/jurisdictions/US-TX",
    "locality": "/jurisdictions/US-CA-SAN-DIEGO",
    "governed-territory": "/jurisdictions/GU",
}


@pytest.mark.parametrize("name", list(EVERY_KIND))
def test_no_page_is_wider_than_a_phone(live_server, page, name):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server + EVERY_KIND[name])
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => !el.closest('.scroll') && el.getBoundingClientRect().right > 361)
            .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
    )
    assert width <= 360, f"{name} is {width} px wide: {wide}"
    # An error page's own status is logged as a console error; nothing else may be.
    assert [p for p in page.problems if "the server responded with a status of" not in p] == []


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", list(SHOTS))
def test_screenshots(live_server, page, name, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server + SHOTS[name])
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-first-screen.png"))
    assert target.stat().st_size > 1000

"""axe-core finds no moderate, serious or critical accessibility problem on any kind of page."""

from __future__ import annotations

from pathlib import Path

import pytest

from regstatus.vocab import LANGUAGES

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
PAGES = [
    "/",
    "/jurisdictions/US-TX",
    "/jurisdictions/US",
    "/jurisdictions/US-CA-SAN-DIEGO",
    "/jurisdictions/TH?as_of=2020-01-01",
    "/search?q=new",
    "/travel",
    "/travel?from=US-TX&via=SG&to=TH",
    "/travel?from=US-TX&to=NOWHERE",
    "/check",
    "/check?place=US-TX-TESTVILLE&product=leaf&pct_7oh_of_alkaloids=1&buyer_age=30",
    "/check?place=US-TX&product=leaf&pct_7oh_of_alkaloids=150",
    "/travel?from=bangkok&via=tokyo&to=los+angeles",
    "/travel?from=narnia&via=tokyo;+springfield&to=los+angeles",
    "/search?q=los+angeles",
    "/search?q=springfield",
    "/locate",
    "/locate?lat=34.2576&lon=-88.7034",
    "/locate?lat=0&lon=-30",
    "/locate?lat=91&lon=east",
    "/table",
    "/table?status=banned&sort=-verified",
    "/changes",
    "/changes?jurisdiction=NOWHERE",
    "/about",
    "/report",
    "/report?jurisdiction=TH&substance=kratom",
    "/jurisdictions/NOWHERE",
    "/no/such/page",
]


def _serious_problems(page) -> list[str]:
    # Injected through the driver, not the page, so the strict CSP of the page stays in force.
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("moderate", "serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_problems(live_server, page, path):
    page.goto(live_server + path)
    assert _serious_problems(page) == []


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_page_in_every_language_is_accessible_and_fits_a_phone(live_server, page, lang):
    """Every kind of page in each shipped language at 360 px: no axe problem, nothing wider than the screen.

    The page names its language, and English left in it is marked as English.
    """
    page.set_viewport_size({"width": 360, "height": 800})
    problems = {}
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        page.goto(f"{live_server}{path}{sep}lang={lang}")
        found = _serious_problems(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            found.append(f"{width} px wide")
        if found:
            problems[path] = found
    assert problems == {}

"""axe-core finds no moderate, serious or critical accessibility problem on any kind of page."""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_problems(live_server, page, path):
    page.goto(live_server + path)
    # Injected through the driver, not the page, so the strict CSP of the page stays in force.
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("moderate", "serious", "critical")
    ]
    assert serious == []


TRANSLATED_PAGES = [
    "/",
    "/jurisdictions/US-TX",
    "/travel?from=US-TX&via=SG&to=TH",
    "/search?q=new",
    "/jurisdictions/NOWHERE",
]


@pytest.mark.parametrize("lang", ["th", "de", "ja"])
@pytest.mark.parametrize("path", TRANSLATED_PAGES)
def test_translated_page_has_no_serious_accessibility_problems(live_server, page, path, lang):
    """The same in other languages: the page names its language, English left in it is marked as English."""
    sep = "&" if "?" in path else "?"
    page.goto(f"{live_server}{path}{sep}lang={lang}")
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("moderate", "serious", "critical")
    ]
    assert serious == []

"""/api/docs in Chromium: Swagger UI from the site's own files renders every operation under the site's CSP."""

from __future__ import annotations

import json
import urllib.request

# Records CSP violations the page reports; console errors are collected by the `page` fixture too.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
    window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


def operation_count(base: str) -> int:
    with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=10) as response:
        spec = json.load(response)
    return sum(1 for item in spec["paths"].values() for method in item if method != "parameters")


def test_the_docs_render_every_operation_under_the_csp(live_server, page):
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.add_init_script(WATCH_CSP)
    response = page.goto(live_server + "/api/docs")
    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() == operation_count(live_server)
    assert page.locator(".info .title").inner_text().startswith("regstatus")
    # Opening an operation shows its parameters and documented answers, 429 included.
    page.locator(".opblock-summary", has_text="/api/v1/jurisdictions").first.click()
    page.wait_for_selector(".parameters-container .parameter__name", timeout=10000)
    assert page.locator(".parameter__name", has_text="per_page").count() >= 1
    assert page.locator(".response-col_status", has_text="429").count() >= 1
    page.wait_for_timeout(300)  # let late violations be reported
    assert page.evaluate("window.__cspViolations") == []
    assert failed == []
    assert page.problems == []
    assert all(url.startswith(live_server) for url in requests), "every file comes from the site itself"

"""Every place page fits a phone: at 360 px at most 5,000 px tall, each substance's answer within two screens.

Measured over every place of the served fixture data and of the published seed (seed/). The walk is
bounded: pages are fetched from the server two at a time (it has two workers) and each is set into
one reused browser page with a <base> at the server, so its stylesheet is the server's and is loaded
once; navigating to each would cost a quarter of a second a page on a busy machine. The served
pages' headers (the strict CSP) and navigation are the other browser tests' business.
"""

from __future__ import annotations

import json
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import REAL_SEED, build_app, dispose
from tests.live import gunicorn

PHONE = {"width": 360, "height": 800}
MAX_HEIGHT = 5_000
ANSWER_WITHIN = 2 * PHONE["height"]
MEASURE = """() => ({
  height: document.documentElement.scrollHeight,
  glance: Math.round(document.querySelector('ul.glance').getBoundingClientRect().bottom + scrollY),
  answers: [...document.querySelectorAll('section.card')].map(card => [
    card.querySelector('h2').id.slice(2),
    Math.round(card.querySelector('p.answer').getBoundingClientRect().bottom + scrollY),
  ]),
})"""


def _get(url: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def place_codes(base: str) -> list[str]:
    """Every place's code, from the API listing, page by page."""
    codes, url = [], f"{base}/api/v1/jurisdictions?per_page=500"
    while url:
        body = json.loads(_get(url)[2])
        codes += [j["code"] for j in body["data"]]
        nxt = body["links"].get("next")
        url = base + nxt if nxt and nxt.startswith("/") else nxt
    return codes


def measure_every_place(browser, base: str, lang: str | None = None) -> tuple[list[dict], float]:
    """Each place page at phone width: its height, where the answer line and each answer end; and the seconds taken."""
    started = time.monotonic()
    codes = place_codes(base)
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    out = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        query = f"?lang={lang}" if lang else ""
        fetched = [(code, pool.submit(_get, f"{base}/jurisdictions/{code}{query}")) for code in codes]
        for code, future in fetched:
            status, _headers, body = future.result()
            assert status == 200, code
            html = body.decode().replace("<head>", f'<head><base href="{base}/">', 1)
            tab.set_content(html, wait_until="load")
            out.append({"code": code, **tab.evaluate(MEASURE)})
    context.close()
    return out, time.monotonic() - started


def too_tall_or_too_low(measured: list[dict]) -> list[str]:
    """Readable problems, tallest page first."""
    problems = []
    for m in sorted(measured, key=lambda m: -m["height"]):
        if m["height"] > MAX_HEIGHT:
            problems.append(f"{m['code']} is {m['height']} px tall")
        if m["glance"] > PHONE["height"]:
            problems.append(f"{m['code']}: the answer per substance ends at {m['glance']} px, below the first screen")
        for slug, bottom in m["answers"]:
            if bottom > ANSWER_WITHIN:
                problems.append(f"{m['code']}: the {slug} answer ends at {bottom} px")
    return problems


def _tallest(measured: list[dict], n: int = 8) -> str:
    return ", ".join(f"{m['code']} {m['height']}" for m in sorted(measured, key=lambda m: -m["height"])[:n])


def test_every_place_page_of_the_served_data_fits_a_phone(live_server, browser):
    measured, _seconds = measure_every_place(browser, live_server)
    assert len(measured) > 50 and all(m["answers"] for m in measured)
    problems = too_tall_or_too_low(measured)
    assert problems == [], f"{problems[:10]}; tallest: {_tallest(measured)}"


@pytest.mark.parametrize("lang", ["th", "de"])
def test_every_place_page_fits_a_phone_in_another_language(live_server, browser, lang):
    """Thai and German run longer than English (German words, Thai script's line height)."""
    measured, _seconds = measure_every_place(browser, live_server, lang)
    assert len(measured) > 50 and all(m["answers"] for m in measured)
    problems = too_tall_or_too_low(measured)
    assert problems == [], f"{lang}: {problems[:10]}; tallest: {_tallest(measured)}"


@pytest.fixture(scope="module")
def real_server(databases):
    """gunicorn serving the published seed (seed/), for the pages people will read."""
    app = build_app(databases, seed_dir=REAL_SEED)
    assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    dispose(app)
    with gunicorn(url, RATE_LIMIT="off") as base:
        yield base


def test_every_place_page_of_the_published_seed_fits_a_phone(real_server, browser):
    measured, seconds = measure_every_place(browser, real_server)
    assert len(measured) > 400
    problems = too_tall_or_too_low(measured)
    summary = f"{len(measured)} pages in {seconds:.0f} s; tallest: {_tallest(measured)}"
    assert problems == [], f"{len(problems)} problems: {problems[:10]}; {summary}"


def test_the_measure_catches_a_tall_page_and_a_low_answer():
    tall = {"code": "XX", "height": MAX_HEIGHT + 1, "glance": 300, "answers": [["kratom", 500]]}
    low = {"code": "YY", "height": 3000, "glance": 900, "answers": [["7-oh", ANSWER_WITHIN + 1]]}
    fine = {"code": "ZZ", "height": MAX_HEIGHT, "glance": 300, "answers": [["kratom", ANSWER_WITHIN]]}
    assert too_tall_or_too_low([fine, low, tall]) == [
        f"XX is {MAX_HEIGHT + 1} px tall",
        "YY: the answer per substance ends at 900 px, below the first screen",
        f"YY: the 7-oh answer ends at {ANSWER_WITHIN + 1} px",
    ]

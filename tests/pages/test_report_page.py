"""The correction report form: at the end of every place page, prefilled; a post answers a readable page."""

from __future__ import annotations

import re
import time

import pytest
from lxml import html as lxml_html

from regstatus.services.reports import filing
from regstatus.services.reports import token as form_token
from tests.reports_helpers import (
    cli,
    reports_app,  # noqa: F401  (this module's own `app`: reports are written to it)
    stored,
    token,
    version_of,
)


def form_of(client, path: str) -> dict[str, object]:
    """The report form's fields on a page: name -> value (select: its option values)."""
    page = client.get(path)
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.get_data(as_text=True))
    [form] = tree.xpath('//form[@class="report"]')
    assert form.get("method") == "post" and form.get("action") == "/report"
    fields: dict[str, object] = {}
    for el in form.xpath(".//input|.//textarea|.//select"):
        if el.tag == "select":
            fields[el.get("name")] = [o.get("value") for o in el.xpath("./option")]
        else:
            fields[el.get("name")] = el.get("value") or (el.text or "")
    return fields


def test_every_place_page_ends_with_a_prefilled_report_form(app, client):
    fields = form_of(client, "/jurisdictions/US-TX")
    assert fields["jurisdiction"] == "US-TX"
    uid = version_of(client, "US-TX")
    assert f"kratom:{uid}" in fields["about"] and "" in fields["about"]
    assert fields["token"] == token(app)
    assert {"message", "evidence_url", "contact", "website"} <= set(fields)
    page = client.get("/jurisdictions/US-TX").get_data(as_text=True)
    # The honeypot is hidden from people and from screen readers, and out of the tab order.
    assert re.search(r'<div class="hp" aria-hidden="true">.*?name="website"[^>]*tabindex="-1"', page, re.S)


def test_a_report_filed_through_the_page_gets_a_reference_and_appears_in_reports_list(app, client):
    fields = form_of(client, "/jurisdictions/US-TX")
    before = stored(app)
    uid = version_of(client, "US-TX")
    r = client.post(
        "/report",
        data={
            "token": fields["token"],
            "jurisdiction": fields["jurisdiction"],
            "about": f"kratom:{uid}",
            "message": "The page says 18 but the statute says 21.\r\nSecond line.",
            "evidence_url": "https://statutes.capitol.texas.gov/",
            "contact": "page-reporter@example.org",
            "website": "",
        },
    )
    assert r.status_code == 200 and "Set-Cookie" not in r.headers
    assert r.headers["Cache-Control"] == "no-store"
    text = r.get_data(as_text=True)
    [reference] = set(re.findall(r"R-[0-9A-Z]{8}", text))  # in the title and the body
    assert re.fullmatch(filing.REFERENCE_PATTERN, reference)
    assert "page-reporter@example.org" not in text  # the contact is never shown back
    assert stored(app) == before + 1
    listed = cli(app, "reports", "list")
    assert reference in listed.output and "US-TX" in listed.output
    shown = cli(app, "reports", "show", reference)
    assert uid in shown.output and "  Second line." in shown.output  # CRLF stored as one line break


def test_the_report_page_asks_for_the_place_or_is_prefilled_by_the_query(app, client):
    blank = form_of(client, "/report")
    assert blank["jurisdiction"] == "" and "about" not in blank
    prefilled = form_of(client, "/report?jurisdiction=us&substance=7-oh")
    assert prefilled["jurisdiction"] == "US"
    page = lxml_html.fromstring(client.get("/report?jurisdiction=us&substance=7-oh").get_data(as_text=True))
    assert page.xpath('//select[@name="about"]/option[@selected]/@value')[0].startswith("7-oh:")


def _post(client, app, **fields):
    data = {"token": token(app), "jurisdiction": "TH", "about": "kratom:", "message": "A long enough report text."}
    data.update(fields)
    return client.post("/report", data={k: v for k, v in data.items() if v is not None})


REFUSED = [
    ("no token", {"token": None}, 400, "token"),
    ("expired token", {"token": "EXPIRED"}, 403, "token"),
    ("forged token", {"token": "report.AAAAAA.forged"}, 403, "token"),
    ("honeypot", {"website": "http://spam.example"}, 400, "website"),
    ("short message", {"message": "short"}, 400, "message"),
    ("bad address", {"evidence_url": "ftp://x.example/a"}, 400, "evidence_url"),
    ("unknown place", {"jurisdiction": "ZZ-NOWHERE", "about": None}, 422, "jurisdiction"),
    ("bad substance", {"about": "coffee:"}, 400, "about"),
    ("another place's version", {"about": "kratom:0000000000000000"}, 422, "about"),
]


@pytest.mark.parametrize(("case", "fields", "status", "field"), REFUSED, ids=[c[0] for c in REFUSED])
def test_a_refused_post_shows_the_form_again_with_the_error_at_its_field(app, client, case, fields, status, field):
    if fields.get("token") == "EXPIRED":
        fields = {**fields, "token": token(app, time.time() - form_token.TOKEN_MAX_AGE_S - 86400)}
    before = stored(app)
    r = _post(client, app, **fields)
    assert r.status_code == status
    assert r.mimetype == "text/html" and "Set-Cookie" not in r.headers
    tree = lxml_html.fromstring(r.get_data(as_text=True))
    assert tree.xpath(f'//*[@id="report-{field}-error"]'), case
    assert tree.xpath('//div[@class="form-errors"][@role="alert"]')
    # A fresh token comes with the form again, so the reporter can simply send it once more.
    assert tree.xpath('//input[@name="token"]/@value') == [token(app)]
    assert stored(app) == before


def test_what_was_typed_comes_back_escaped(app, client):
    r = _post(client, app, message="<script>alert(1)</script>", evidence_url="javascript:alert(2)")
    assert r.status_code == 400
    text = r.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_an_oversize_form_is_a_readable_413(app, client):
    before = stored(app)
    r = _post(client, app, message="x" * (filing.MAX_BODY_BYTES + 1))
    assert r.status_code == 413 and r.mimetype == "text/html"
    assert str(filing.MAX_BODY_BYTES) in r.get_data(as_text=True)
    assert stored(app) == before


def test_about_says_how_to_report_and_what_happens_next(client):
    page = client.get("/about").get_data(as_text=True)
    section = page[page.index('id="corrections"') :]
    assert "Open an issue or a pull request" not in page
    assert 'href="/report"' in section and "reference" in section and "POST /api/v1/reports" in section
    for status in ("new", "triaged", "accepted", "rejected", "duplicate"):
        assert f"<strong>{status}</strong>" in section

"""Hostile report text stays inert everywhere it is shown; report routes are the only writes; no cookie, ever."""

from __future__ import annotations

import re
import unicodedata

import pytest
import sqlalchemy as sa
from lxml import html as lxml_html

from regstatus.extensions import db
from regstatus.models import CorrectionReport
from tests.reports_helpers import (
    cli,
    reports_app,  # noqa: F401  (this module's own `app`: reports are written to it)
    stored,
    token,
    version_of,
)

PAYLOADS = {
    "html": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "attribute": '" autofocus onfocus="alert(1)',
    "sql": "'; DROP TABLE correction_report; -- \" OR 1=1",
    "c1 escape": "\x9b31mred\x9b0m \x9d0;title\x9c",
    "bidi": "\u202egnp.exe \u2066isolate\u2069 \u200f\u061c",
    "separators": "line\u2028para\u2029zero\u200bwidth\ufeff",
}
# Only what a terminal acts on: C0/C1 controls, DEL, bidi and other format characters, separators.
UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs"}
TERMINAL = "\x1b]0;owned\x07\x1b[2J\x1b[31mred\x08\x7f\r"


def unsafe_characters(text: str, allow: str = "\n") -> list[str]:
    """The characters of `text` a terminal would act on."""
    return [hex(ord(c)) for c in text if unicodedata.category(c) in UNSAFE and c not in allow]


def _file(client, app, payload: str) -> str:
    """File a report carrying `payload` in every free-text field through the API; its reference."""
    r = client.post(
        "/api/v1/reports",
        json={
            "jurisdiction": "US-TX",
            "substance": "kratom",
            "version_id": version_of(client, "US-TX"),
            "message": f"Wrong: {payload} end",
            "evidence_url": "https://example.org/" + re.sub(r"\s", "_", payload),
            "contact": f"me {payload}".replace("\u2028", " ").replace("\u2029", " "),
            "token": token(app),
        },
    )
    assert r.status_code == 201, r.json
    return r.json["reference"]


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_payloads_are_stored_as_typed_and_print_inert_in_every_cli_listing(app, client, kind):
    payload = PAYLOADS[kind]
    reference = _file(client, app, payload)
    with app.app_context():
        row = db.session.scalars(sa.select(CorrectionReport).where(CorrectionReport.reference == reference)).one()
        assert payload in row.message  # stored verbatim: bound parameters, never SQL text
        assert sa.inspect(db.engine).has_table("correction_report")
    for args in (["reports", "list"], ["reports", "list", "--status", "new"], ["reports", "show", reference]):
        result = cli(app, *args)
        assert result.exit_code == 0, result.output
        assert unsafe_characters(result.output) == [], (args, kind)
    shown = cli(app, "reports", "show", reference).output
    if kind in ("c1 escape", "bidi", "separators"):
        assert "\\u" in shown or "\\x" in shown  # shown as visible escapes, not dropped


def test_terminal_escapes_written_into_every_field_print_inert(app):
    # The API refuses C0 controls; a row with them anyway (an older version, a manual insert) still prints inert.
    with app.app_context():
        row = CorrectionReport(
            reference="R-TERM0000",
            jurisdiction_code=f"US{TERMINAL}",
            substance="k\x1b[2J\x9b\u202e",  # within the column's 16 characters
            version_uid="\x1b]0;x\x07\x1b[2J",
            message=f"msg {TERMINAL}\nsecond line {TERMINAL}",
            evidence_url=f"https://x.example/{TERMINAL}",
            contact=f"c {TERMINAL}",
            note=f"note {TERMINAL}",
            status="new",
            received_at=sa.func.now(),
        )
        db.session.add(row)
        db.session.commit()
    for args in (["reports", "list"], ["reports", "show", "R-TERM0000"]):
        output = cli(app, *args).output
        assert "\x1b" not in output and unsafe_characters(output) == [], args
        assert "\\x1b]0;owned\\x07" in output
    triaged = cli(app, "reports", "triage", "R-TERM0000", "--status", "rejected", "--note", f"x{TERMINAL}")
    assert triaged.exit_code == 0 and unsafe_characters(triaged.output) == []
    assert unsafe_characters(cli(app, "reports", "show", "R-TERM0000").output) == []


@pytest.mark.parametrize("kind", [*PAYLOADS, "terminal"])
@pytest.mark.parametrize("field", ["jurisdiction", "about", "message", "evidence_url", "contact", "token", "website"])
def test_payloads_in_every_form_field_come_back_inert_on_the_page(app, client, kind, field):
    payload = TERMINAL if kind == "terminal" else PAYLOADS[kind]
    data = {
        "token": token(app),
        "jurisdiction": "US-TX",
        "about": "kratom:",
        "message": "A long enough report text.",
        "evidence_url": "https://example.org/",
        "contact": "",
        "website": "",
    }
    data[field] = payload if field != "message" else f"Long enough: {payload}"
    r = client.post("/report", data=data)
    assert r.status_code < 500 and r.mimetype == "text/html"
    text = r.get_data(as_text=True)
    tree = lxml_html.fromstring(text)
    assert not tree.xpath("//script"), (kind, field)  # nothing typed became markup
    assert not tree.xpath("//img") and not tree.xpath("//*[@onerror or @onfocus or @autofocus]")
    assert "\x1b" not in text and "\x9b" not in text
    assert "Set-Cookie" not in r.headers


def test_payloads_in_the_api_come_back_only_as_json(app, client):
    for field in ("jurisdiction", "message", "contact", "evidence_url", "token", "website", "substance"):
        r = client.post("/api/v1/reports", json={"jurisdiction": "US-TX", "message": "x" * 20, field: PAYLOADS["html"]})
        assert r.status_code in (403, 422) and r.mimetype == "application/problem+json"
        assert r.headers["X-Content-Type-Options"] == "nosniff"


WRITES = {"POST", "PUT", "PATCH", "DELETE"}
REPORT_ROUTES = {"reports.Reports", "pages.report"}
# POST /mcp carries the MCP server's JSON-RPC messages; its tools only read (tests/api/test_mcp.py).
READ_ONLY_POSTS = {"mcp.endpoint"}
MCP_ACCEPT = {"Accept": "application/json, text/event-stream"}
MCP_INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}},
}


def test_the_report_routes_are_the_only_write_routes(app):
    writers = {rule.endpoint for rule in app.url_map.iter_rules() if (rule.methods or set()) & WRITES}
    assert writers - READ_ONLY_POSTS == REPORT_ROUTES
    for rule in app.url_map.iter_rules():
        if rule.endpoint in REPORT_ROUTES | READ_ONLY_POSTS:
            assert rule.methods & WRITES == {"POST"}


def _url(rule, client) -> str:
    values = {
        "code": "US-TX",
        "id": client.get("/api/v1/sources?per_page=1").json["data"][0]["id"],
        "filename": "style.css",
    }
    url = rule.rule
    for name in rule.arguments:
        value = values.get(name, "x")
        if rule.endpoint == "api_docs.static":
            value = "init.js"
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, url)
    return url


def test_no_route_sets_a_cookie(app, client):
    required = {"/api/v1/travel": {"from": "TH", "to": "MY"}}
    seen = 0
    for rule in app.url_map.iter_rules():
        url = _url(rule, client)
        for method in sorted((rule.methods or set()) - {"HEAD"}):
            if method == "POST" and rule.endpoint in READ_ONLY_POSTS:
                answers = [client.post(url, json={}), client.post(url, json=MCP_INITIALIZE, headers=MCP_ACCEPT)]
                assert answers[-1].status_code == 200, url
            elif method == "POST":
                good = {"jurisdiction": "TH", "message": "Long enough text.", "token": token(app)}
                as_json = rule.endpoint == "reports.Reports"
                filed = client.post(url, json=good) if as_json else client.post(url, data=good)
                answers = [client.post(url, json={}), client.post(url, data={"message": "x"}), filed]
                assert answers[-1].status_code in (200, 201), url
            else:
                answers = [client.open(url, method=method, query_string=required.get(rule.rule, {}))]
            for answer in answers:
                assert "Set-Cookie" not in answer.headers, (method, url, answer.status_code)
                seen += 1
    assert seen > 40
    # Errors too: a 404, a 405, a refused parameter.
    for answer in (client.get("/nowhere"), client.delete("/api/v1/reports"), client.get("/api/v1/jurisdictions?x=1")):
        assert "Set-Cookie" not in answer.headers
    assert stored(app) >= 2

"""POST /api/v1/reports: a report filed with a token gets a reference and reaches the maintainers' list;
every refused post answers problem JSON naming the field, and stores nothing."""

from __future__ import annotations

import re
import time

import pytest

from regstatus.services.reports import filing
from regstatus.services.reports import token as form_token
from tests.api.test_rate_limit import make_limited_app  # noqa: F401  (the Redis-backed fixture)
from tests.reports_helpers import (
    cli,
    reports_app,  # noqa: F401  (this module's own `app`: reports are written to it)
    stored,
    token,
    version_of,
)

URL = "/api/v1/reports"


def report(app, **fields):
    """A report that would be accepted, with `fields` changed (None removes one)."""
    body = {
        "jurisdiction": "US-TX",
        "substance": "kratom",
        "message": "The minimum age in Texas is 21 since September 2025, not 18.",
        "evidence_url": "https://statutes.capitol.texas.gov/Docs/HS/htm/HS.444.htm",
        "contact": "reporter@example.org",
        "token": token(app),
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def test_a_report_filed_through_the_api_gets_a_reference_and_appears_in_reports_list(app, client):
    before = stored(app)
    tok = client.get(f"{URL}/token").json["token"]
    r = client.post(URL, json=report(app, token=tok, version_id=version_of(client, "US-TX")))
    assert r.status_code == 201, r.json
    assert "Set-Cookie" not in r.headers and r.headers["Cache-Control"] == "no-store"
    receipt = r.json
    assert re.fullmatch(filing.REFERENCE_PATTERN, receipt["reference"])
    assert receipt["status"] == "new" and receipt["jurisdiction"] == "US-TX" and receipt["substance"] == "kratom"
    assert receipt["version_id"] == version_of(client, "US-TX")
    # The receipt says what happens next and never echoes the contact.
    assert receipt["next_steps"] and "reporter@example.org" not in r.get_data(as_text=True)
    assert stored(app) == before + 1
    listed = cli(app, "reports", "list")
    assert listed.exit_code == 0 and receipt["reference"] in listed.output
    shown = cli(app, "reports", "show", receipt["reference"].lower())
    assert "minimum age in Texas is 21" in shown.output and "reporter@example.org" in shown.output


def test_references_are_not_a_sequence(app, client):
    refs = [client.post(URL, json=report(app)).json["reference"] for _ in range(3)]
    assert len(set(refs)) == 3
    assert all(re.fullmatch(filing.REFERENCE_PATTERN, ref) for ref in refs)


def test_a_version_sets_the_substance_and_the_code_is_matched_without_case(app, client):
    r = client.post(URL, json=report(app, jurisdiction="us-tx", substance=None, version_id=version_of(client, "US-TX")))
    assert r.status_code == 201
    assert r.json["jurisdiction"] == "US-TX" and r.json["substance"] == "kratom"


def _expired(app):
    return token(app, time.time() - form_token.TOKEN_MAX_AGE_S - form_token.DAY_S)


REFUSED = [
    ("no token", lambda app: report(app, token=None), 422, "token"),
    ("empty token", lambda app: report(app, token=""), 422, "token"),
    ("expired token", lambda app: report(app, token=_expired(app)), 403, "token"),
    ("token from the future", lambda app: report(app, token=token(app, time.time() + 3 * 86400)), 403, "token"),
    ("token of another key", lambda app: report(app, token=form_token.issue("another-key" * 4)), 403, "token"),
    ("forged token", lambda app: report(app, token="report.AAAAAA.forged"), 403, "token"),
    ("honeypot filled", lambda app: report(app, website="http://spam.example"), 422, "website"),
    ("no message", lambda app: report(app, message=None), 422, "message"),
    ("message too short", lambda app: report(app, message="wrong"), 422, "message"),
    ("only spaces", lambda app: report(app, message=" " * 40), 422, "message"),
    ("message too long", lambda app: report(app, message="x" * (filing.MESSAGE_MAX + 1)), 422, "message"),
    ("NUL in the message", lambda app: report(app, message="a NUL \x00 is never text"), 422, "message"),
    ("escape in the message", lambda app: report(app, message="colour \x1b[31m red \x1b[0m"), 422, "message"),
    ("lone surrogate in the message", lambda app: report(app, message="half a pair \ud800 " * 3), 422, "message"),
    ("lone surrogate in the contact", lambda app: report(app, contact="a\udfff@b.example"), 422, "contact"),
    ("line break in the contact", lambda app: report(app, contact="a@b.example\nBcc: x"), 422, "contact"),
    ("contact too long", lambda app: report(app, contact="a" * (filing.CONTACT_MAX + 1)), 422, "contact"),
    ("javascript: address", lambda app: report(app, evidence_url="javascript:alert(1)"), 422, "evidence_url"),
    ("address too long", lambda app: report(app, evidence_url="https://x.example/" + "a" * 1000), 422, "evidence_url"),
    ("no place", lambda app: report(app, jurisdiction=None), 422, "jurisdiction"),
    ("unknown place", lambda app: report(app, jurisdiction="US-XX"), 422, "jurisdiction"),
    ("unknown substance", lambda app: report(app, substance="coffee"), 422, "substance"),
    ("malformed version", lambda app: report(app, version_id="'; DROP TABLE x"), 422, "version_id"),
    ("version of no place", lambda app: report(app, version_id="0" * 16), 422, "version_id"),
    ("unknown field", lambda app: report(app, status="accepted"), 422, "status"),
    ("a number for text", lambda app: report(app, message=12345678901), 422, "message"),
]


@pytest.mark.parametrize(("case", "body", "status", "field"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_reports_name_the_field_and_store_nothing(app, client, case, body, status, field):
    before = stored(app)
    r = client.post(URL, json=body(app))
    assert r.status_code == status, r.json
    assert r.mimetype == "application/problem+json"
    assert field in r.json["errors"], r.json
    assert "Set-Cookie" not in r.headers
    assert stored(app) == before


def test_a_version_of_another_place_is_refused(app, client):
    before = stored(app)
    r = client.post(URL, json=report(app, version_id=version_of(client, "TH")))
    assert r.status_code == 422 and "version_id" in r.json["errors"]
    r = client.post(URL, json=report(app, substance="7-oh", version_id=version_of(client, "US-TX")))
    assert r.status_code == 422 and "version_id" in r.json["errors"]
    assert stored(app) == before


BODIES = [
    ("malformed JSON", b'{"jurisdiction": "US-TX", ', "application/json", 400),
    ("a JSON list", b"[1, 2, 3]", "application/json", 400),
    ("a JSON string", b'"report"', "application/json", 400),
    ("not JSON", b"jurisdiction=US-TX&message=hello+there+all", "application/x-www-form-urlencoded", 415),
    ("no type", b"{}", "", 415),
    ("invalid UTF-8", b'{"message": "\xff\xfe"}', "application/json", 400),
]


@pytest.mark.parametrize(("case", "data", "kind", "status"), BODIES, ids=[b[0] for b in BODIES])
def test_bodies_that_are_not_a_json_object_are_refused_naming_the_body(app, client, case, data, kind, status):
    before = stored(app)
    r = client.post(URL, data=data, headers={"Content-Type": kind} if kind else {})
    assert r.status_code == status
    assert r.mimetype == "application/problem+json" and "body" in r.json["errors"]
    assert stored(app) == before


def test_an_oversize_body_is_refused_before_it_is_read(app, client):
    before = stored(app)
    big = b'{"message": "' + b"x" * filing.MAX_BODY_BYTES + b'"}'
    r = client.post(URL, data=big, content_type="application/json")
    assert r.status_code == 413 and r.mimetype == "application/problem+json"
    assert "body" in r.json["errors"]
    assert stored(app) == before


def test_an_oversize_body_without_a_length_is_cut_off_too(app, client):
    import io

    big = io.BytesIO(b'{"message": "' + b"x" * (filing.MAX_BODY_BYTES + 10) + b'"}')
    r = client.post(
        URL,
        input_stream=big,
        content_type="application/json",
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
    )
    assert r.status_code == 413 and r.mimetype == "application/problem+json"


def test_the_largest_conforming_report_fits_the_body_limit(app):
    # Every field at its limit, every character one that JSON writes as a 12-byte surrogate-pair escape.
    import json

    astral = "\U0001f600"
    body = {
        "jurisdiction": astral * filing.CODE_MAX,
        "substance": "kratom",
        "version_id": "0" * 16,
        "message": astral * filing.MESSAGE_MAX,
        "evidence_url": "https://" + astral * (filing.URL_MAX - 8),
        "contact": astral * filing.CONTACT_MAX,
        "token": astral * filing.TOKEN_MAX,
        "website": "",
    }
    assert len(json.dumps(body).encode()) <= filing.MAX_BODY_BYTES


def test_the_token_is_the_same_all_day_and_lasts_two_days(app, client):
    first, second = client.get(f"{URL}/token").json, client.get(f"{URL}/token").json
    assert first == second and "Set-Cookie" not in client.get(f"{URL}/token").headers
    key = app.config["SECRET_KEY"]
    midnight = form_token.issued_at().timestamp()
    issued = form_token.issue(key, midnight + 5)
    assert issued == form_token.issue(key, midnight + 86000)
    form_token.check(key, issued, midnight + form_token.TOKEN_MAX_AGE_S)  # accepted to the last second
    with pytest.raises(form_token.TokenRefused):
        form_token.check(key, issued, midnight + form_token.TOKEN_MAX_AGE_S + 1)


def test_the_document_describes_the_report_and_every_refusal(client):
    spec = client.get("/api/v1/openapi.json").json
    post = spec["paths"]["/api/v1/reports"]["post"]
    body = post["requestBody"]["content"]["application/json"]
    assert body["example"]["jurisdiction"] == "US-TX"
    schema = spec["components"]["schemas"]["ReportIn"]
    assert set(schema["required"]) == {"jurisdiction", "message", "token"}
    assert schema["properties"]["message"]["maxLength"] == filing.MESSAGE_MAX
    assert schema["properties"]["website"]["maxLength"] == 0
    assert post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/ReceiptOut")
    for status in ("400", "403", "413", "415", "422", "429"):
        response = post["responses"][status]
        if "$ref" in response:
            continue
        assert "application/problem+json" in response["content"], status
    assert spec["paths"]["/api/v1/reports/token"]["get"]["responses"]["200"]


def test_the_report_posts_share_a_stricter_limit_per_address(make_limited_app):  # noqa: F811
    app = make_limited_app(RATE_LIMIT="100 per minute", REPORT_RATE_LIMIT="2 per minute")
    assert cli(app, "seed", "load").exit_code == 0
    client = app.test_client()
    assert client.post(URL, json=report(app)).status_code == 201
    page = client.post("/report", data={**report(app), "about": "kratom:"})
    assert page.status_code == 200
    refused = client.post(URL, json=report(app))
    assert refused.status_code == 429 and refused.mimetype == "application/problem+json"
    assert refused.headers["Retry-After"]
    assert client.get("/api/v1/").status_code == 200  # reading is counted only against RATE_LIMIT
    other = client.post(URL, json=report(app), environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 201  # per address

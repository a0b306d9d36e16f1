"""Conditional GETs, Cache-Control per kind of route, compression, request ids and the answer cache, through HTTP."""

from __future__ import annotations

import gzip
from email.utils import format_datetime, parsedate_to_datetime

import brotli
import pytest
from sqlalchemy import event

from regstatus.extensions import db
from regstatus.http_cache import CACHE_CONTROL
from tests.conftest import build_app, dispose

# One GET of each kind of route, with the Cache-Control its kind gets.
ROUTES = {
    "/api/v1/jurisdictions/TH": CACHE_CONTROL["api"],
    "/api/v1/jurisdictions?level=country": CACHE_CONTROL["listing"],
    "/api/v1/export.csv": CACHE_CONTROL["export"],
    "/feeds/changes.atom": CACHE_CONTROL["feed"],
    "/jurisdictions/TH": CACHE_CONTROL["page"],
    "/": CACHE_CONTROL["page"],
    "/static/style.css": CACHE_CONTROL["static"],
}
AMENDED = ("Test row. Regulated from 2022-08-24.", "Test row. Regulated from 2022-08-24, amended.")


@pytest.mark.parametrize("path", ROUTES)
def test_every_get_is_tagged_and_revalidates_to_304(client, path):
    first = client.get(path)
    assert first.status_code == 200 and first.get_data()
    tag = first.headers["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    assert first.headers["Cache-Control"] == ROUTES[path]
    assert "Accept-Encoding" in first.headers["Vary"]
    assert parsedate_to_datetime(first.headers["Last-Modified"])
    for held in (tag, "W/" + tag, f'"other", {tag}'):
        again = client.get(path, headers={"If-None-Match": held})
        assert again.status_code == 304, held
        assert again.data == b""
        assert again.headers["ETag"] == tag
        for name in ("Last-Modified", "Cache-Control", "Vary", "X-Request-ID"):
            assert again.headers[name] == first.headers[name] or name == "X-Request-ID"


def test_star_and_unknown_tags(client):
    star = client.get("/api/v1/jurisdictions/TH", headers={"If-None-Match": "*"})
    assert star.status_code == 304 and star.headers["ETag"] == client.get("/api/v1/jurisdictions/TH").headers["ETag"]
    assert client.get("/api/v1/jurisdictions/ZZ-NOPE", headers={"If-None-Match": "*"}).status_code == 404
    assert client.get("/api/v1/jurisdictions/TH", headers={"If-None-Match": '"nope"'}).status_code == 200


def test_a_tag_names_one_representation(client):
    tags = {
        client.get(path).headers["ETag"]
        for path in (
            "/api/v1/jurisdictions/TH",
            "/api/v1/jurisdictions/TH?as_of=2022-01-01",
            "/api/v1/jurisdictions/TH/history",
            "/jurisdictions/TH",
        )
    }
    assert len(tags) == 4
    # The order of different parameters does not change the answer, nor its tag.
    a = client.get("/api/v1/jurisdictions?level=country&per_page=5").headers["ETag"]
    b = client.get("/api/v1/jurisdictions?per_page=5&level=country").headers["ETag"]
    assert a == b


def test_if_modified_since(client):
    first = client.get("/api/v1/jurisdictions/TH")
    since = first.headers["Last-Modified"]
    assert client.get("/api/v1/jurisdictions/TH", headers={"If-Modified-Since": since}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(since).replace(year=2000), usegmt=True)
    assert client.get("/api/v1/jurisdictions/TH", headers={"If-Modified-Since": earlier}).status_code == 200
    # The 304 names the representation the client holds, in the coding it accepts.
    br = client.get("/api/v1/jurisdictions/TH", headers={"If-Modified-Since": since, "Accept-Encoding": "br"})
    assert br.status_code == 304 and br.headers["ETag"].endswith(':br"')
    # If-None-Match decides alone when both are sent (RFC 9110 13.2.2).
    both = {"If-Modified-Since": since, "If-None-Match": '"other"'}
    assert client.get("/api/v1/jurisdictions/TH", headers=both).status_code == 200


def test_each_encoding_has_its_own_tag_and_stable_bytes(client):
    plain = client.get("/api/v1/jurisdictions/TH", headers={"Accept-Encoding": "identity"})
    br = client.get("/api/v1/jurisdictions/TH", headers={"Accept-Encoding": "br"})
    gz = client.get("/api/v1/jurisdictions/TH", headers={"Accept-Encoding": "gzip"})
    gz_again = client.get("/api/v1/jurisdictions/TH", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert br.headers["Content-Encoding"] == "br" and gz.headers["Content-Encoding"] == "gzip"
    assert brotli.decompress(br.data) == plain.data == gzip.decompress(gz.data)
    assert len({plain.headers["ETag"], br.headers["ETag"], gz.headers["ETag"]}) == 3
    assert gz.data == gz_again.data and gz.headers["ETag"] == gz_again.headers["ETag"]  # a strong tag: same bytes
    # A held gzip answer is current for a client that accepts gzip, not for one that accepts only identity.
    held = {"If-None-Match": gz.headers["ETag"]}
    assert client.get("/api/v1/jurisdictions/TH", headers={**held, "Accept-Encoding": "gzip, br"}).status_code == 304
    assert client.get("/api/v1/jurisdictions/TH", headers={**held, "Accept-Encoding": "identity"}).status_code == 200


def test_compressed_kinds(client):
    for path in ("/api/v1/export.csv", "/api/v1/export.ndjson", "/feeds/changes.atom", "/", "/static/style.css"):
        response = client.get(path, headers={"Accept-Encoding": "br"})
        assert response.headers.get("Content-Encoding") == "br", path
        assert brotli.decompress(response.get_data())  # read to the end: a streamed body closes its context


def test_probes_are_never_stored(client):
    response = client.get("/healthz")
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_errors_are_not_stored(client):
    response = client.get("/api/v1/jurisdictions/ZZ-NOPE")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers


def test_request_id_accepted_or_generated(client):
    given = client.get("/api/v1/jurisdictions/TH", headers={"X-Request-ID": "trace-1234-abcd"})
    assert given.headers["X-Request-ID"] == "trace-1234-abcd"
    for bad in ("short", "x" * 200, "has space in it", "semi;colon;here"):
        made = client.get("/api/v1/jurisdictions/TH", headers={"X-Request-ID": bad})
        assert made.headers["X-Request-ID"] != bad and len(made.headers["X-Request-ID"]) == 32
    assert client.get("/api/v1/jurisdictions/ZZ-NOPE").headers["X-Request-ID"]
    assert client.get("/healthz").headers["X-Request-ID"]


def test_spec_documents_304_on_every_get(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        if "get" in operations:
            assert "304" in operations["get"]["responses"], path
            names = {p.get("name") for p in operations["get"].get("parameters", [])}
            assert {"If-None-Match", "If-Modified-Since"} <= names, path


def _count_queries(app):
    seen = []
    event.listen(db.engine, "before_cursor_execute", lambda *a, **k: seen.append(a[2]))
    return seen


@pytest.fixture
def caching_app(databases):
    application = build_app(databases, ANSWER_CACHE_ENTRIES=100, DATASET_CHECK_SECONDS=0)
    assert application.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    yield application
    dispose(application)


def test_304_and_stored_answers_skip_the_work(caching_app):
    client = caching_app.test_client()
    with caching_app.app_context():
        queries = _count_queries(caching_app)
    first = client.get("/api/v1/jurisdictions/TH")
    computed = len(queries)
    assert computed > 3
    del queries[:]
    again = client.get("/api/v1/jurisdictions/TH")
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert len(queries) == 1 and "dataset_version" in queries[0]  # the version check, nothing else
    del queries[:]
    cold = client.get(
        "/api/v1/jurisdictions/US", headers={"If-None-Match": client.get("/api/v1/jurisdictions/US").headers["ETag"]}
    )
    del queries[:]
    assert client.get("/api/v1/jurisdictions/US", headers={"If-None-Match": cold.headers["ETag"]}).status_code == 304
    assert len(queries) == 1


def test_a_new_dataset_version_gives_new_answers_and_tags(caching_app, seed_copy):
    client = caching_app.test_client()
    before = client.get("/api/v1/jurisdictions/TH")
    page_before = client.get("/jurisdictions/TH")
    rules = seed_copy / "rules" / "test.yaml"
    rules.write_text(rules.read_text().replace(*AMENDED))
    result = caching_app.test_cli_runner().invoke(args=["seed", "load", "--dir", str(seed_copy)])
    assert result.exit_code == 0, result.output
    after = client.get("/api/v1/jurisdictions/TH", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert AMENDED[1].encode() in after.data and AMENDED[1].encode() not in before.data
    page_after = client.get("/jurisdictions/TH", headers={"If-None-Match": page_before.headers["ETag"]})
    assert page_after.status_code == 200 and b"amended" in page_after.data

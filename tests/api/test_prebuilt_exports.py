"""Exports held in memory (regstatus.prebuilt): the same bytes as the stream, their own tags, bounded stores."""

from __future__ import annotations

import gzip

import brotli
import pytest
import sqlalchemy as sa

from regstatus.extensions import db
from tests.conftest import build_app, dispose

DAY = "2026-06-01"
# The default views (built once per dataset version) and a few other parameter sets.
PATHS = [
    "/api/v1/export.csv",
    "/api/v1/export.json",
    "/api/v1/export.ndjson",
    "/api/v1/export.csv?history=1",
    "/api/v1/export.ndjson?substance=7-oh",
    f"/api/v1/export.csv?as_of={DAY}",
    "/api/v1/export.json?history=1&parent=US",
]


@pytest.fixture(scope="module")
def holding_app(databases):
    """The fixture seed, each worker holding exports (as in production)."""
    application = build_app(databases, EXPORT_CACHE_MB=8, EXPORT_QUERY_CACHE_MB=4, DATASET_CHECK_SECONDS=0)
    assert application.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    yield application
    dispose(application)


def _statements(app) -> list[str]:
    seen: list[str] = []
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a, **k: seen.append(a[2]))
    return seen


@pytest.mark.parametrize("path", PATHS)
def test_held_and_streamed_bodies_are_the_same_bytes(client, holding_app, path):
    streamed = client.get(path, buffered=False)  # the suite's app holds nothing: it streams as before
    assert "Content-Length" not in streamed.headers
    expected = streamed.get_data()
    holder = holding_app.test_client()
    first, again = holder.get(path), holder.get(path)
    for held in (first, again):
        assert held.status_code == 200
        assert held.data == expected
        assert int(held.headers["Content-Length"]) == len(expected)
        assert held.headers["Content-Type"] == streamed.headers["Content-Type"]
        assert held.headers["Content-Disposition"] == streamed.headers["Content-Disposition"]
        assert held.headers["Cache-Control"] == "public, max-age=300"
        assert "Accept-Encoding" in held.headers["Vary"]
    assert first.headers["ETag"] == again.headers["ETag"] == streamed.headers["ETag"]


def test_each_coding_is_held_with_its_own_strong_tag(holding_app):
    client = holding_app.test_client()
    plain = client.get("/api/v1/export.csv", headers={"Accept-Encoding": "identity"})
    tag = plain.headers["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    gz = client.get("/api/v1/export.csv", headers={"Accept-Encoding": "gzip"})
    br = client.get("/api/v1/export.csv", headers={"Accept-Encoding": "gzip, br"})
    assert (gz.headers["Content-Encoding"], gz.headers["ETag"]) == ("gzip", tag[:-1] + ':gzip"')
    assert (br.headers["Content-Encoding"], br.headers["ETag"]) == ("br", tag[:-1] + ':br"')
    assert gzip.decompress(gz.data) == plain.data == brotli.decompress(br.data)
    assert int(gz.headers["Content-Length"]) == len(gz.data) < len(plain.data)
    prefers_gzip = client.get("/api/v1/export.csv", headers={"Accept-Encoding": "br;q=0.5, gzip"})
    assert prefers_gzip.headers["Content-Encoding"] == "gzip"
    # The same bytes every time: a strong tag names one byte sequence.
    assert client.get("/api/v1/export.csv", headers={"Accept-Encoding": "gzip"}).data == gz.data


def test_held_exports_revalidate_to_304_without_the_database(holding_app):
    client = holding_app.test_client()
    held = client.get("/api/v1/export.json", headers={"Accept-Encoding": "br"})
    statements = _statements(holding_app)
    again = client.get("/api/v1/export.json", headers={"Accept-Encoding": "br", "If-None-Match": held.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == held.headers["ETag"]
    assert "Last-Modified" in again.headers and again.headers["Cache-Control"] == "public, max-age=300"
    since = client.get("/api/v1/export.json", headers={"If-Modified-Since": held.headers["Last-Modified"]})
    assert since.status_code == 304
    star = client.get("/api/v1/export.json", headers={"If-None-Match": "*"})
    assert star.status_code == 304
    body = client.get("/api/v1/export.json", headers={"Accept-Encoding": "br", "If-None-Match": '"other"'})
    assert body.status_code == 200 and body.data == held.data
    # Each request read the dataset version and nothing else: no view, no export query ran.
    assert statements and all("dataset_version" in s for s in statements)


def test_errors_are_not_held(holding_app):
    client = holding_app.test_client()
    for _ in range(2):
        r = client.get("/api/v1/export.csv?parent=US-ZZ")
        assert (r.status_code, list(r.json["errors"])) == (404, ["parent"])


def test_an_export_larger_than_a_quarter_of_its_store_streams(databases):
    application = build_app(databases, EXPORT_CACHE_MB=1, DATASET_CHECK_SECONDS=0)  # 256 KiB per export at most
    try:
        assert application.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
        client = application.test_client()
        small = client.get("/api/v1/export.csv?substance=7-oh&history=1")
        assert len(small.data) < 2**18 and "Content-Length" in small.headers
        large = client.get("/api/v1/export.json", buffered=False)
        assert "Content-Length" not in large.headers
        body = large.get_data()
        assert len(body) > 2**18 and body.endswith(b"\n]}\n")
        store = application.extensions["prebuilt"]["defaults"]
        assert 0 < store.size_bytes <= store.max_bytes and len(store) == 1
    finally:
        dispose(application)


def test_held_exports_are_dropped_when_a_new_version_is_published(holding_app, seed_copy):
    client = holding_app.test_client()
    before = client.get("/api/v1/export.csv?history=1")
    assert len(holding_app.extensions["prebuilt"]["defaults"]) > 0
    rules = seed_copy / "rules" / "test.yaml"
    text = rules.read_text()
    assert "summary:" in text
    rules.write_text(text.replace("summary: ", "summary: Amended. ", 1))
    result = holding_app.test_cli_runner().invoke(args=["seed", "load", "--dir", str(seed_copy)])
    assert result.exit_code == 0, result.output
    after = client.get("/api/v1/export.csv?history=1", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert b"Amended. " in after.data and b"Amended. " not in before.data
    assert len(holding_app.extensions["prebuilt"]["defaults"]) == 1

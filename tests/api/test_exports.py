"""Bulk exports through HTTP: CSV, JSON and NDJSON agree, follow the answer service, stream, and reproduce."""

from __future__ import annotations

import csv
import io
import json

from regstatus.services.publish.exports import FIELD_NAMES
from tests.conftest import build_app, dispose

DAY = "2026-06-01"


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def by_key(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return {(r["jurisdiction"], r["substance"]): r for r in rows}


def test_csv_has_one_row_per_place_and_substance_in_a_stable_order(client):
    response = client.get(f"/api/v1/export.csv?as_of={DAY}")
    text = response.get_data(as_text=True)
    assert text.split("\r\n", 1)[0] == ",".join(FIELD_NAMES)
    rows = csv_rows(response)
    places = client.get("/api/v1/meta").json["counts"]["jurisdictions"]
    assert len(rows) == 2 * places
    keys = [(r["jurisdiction"], 0 if r["substance"] == "kratom" else 1) for r in rows]
    assert keys == sorted(keys)
    version = client.get("/api/v1/meta").json["dataset"]["version"]
    assert {r["dataset_version"] for r in rows} == {version} and {r["as_of"] for r in rows} == {DAY}
    assert f"regstatus-{version}-{DAY}.csv" in response.headers["Content-Disposition"]


def test_rows_carry_the_composed_answer_and_its_sources(client):
    rows = by_key(csv_rows(client.get(f"/api/v1/export.csv?as_of={DAY}")))
    tx = rows[("US-TX", "kratom")]
    assert (tx["status"], tx["determined_by"], tx["effective_from"], tx["min_age"], tx["min_age_set_by"]) == (
        "regulated",
        "US-TX",
        "2019-09-01",
        "18",
        "US-TX",
    )
    # Possession is set by the country's row: its sources come first, the best tier is the statute's.
    assert (tx["possess"], tx["possess_set_by"], tx["buy"], tx["buy_set_by"]) == (
        "allowed",
        "US",
        "conditional",
        "US-TX",
    )
    assert tx["source_ids"] == "test-news-b test-statute-a" and tx["best_source_tier"] == "1"
    assert tx["source_urls"] == "https://example.org/news-b https://example.org/statute-a"
    town = rows[("US-TX-TESTVILLE", "kratom")]
    assert (town["status"], town["possess"], town["possess_set_by"], town["parent"]) == (
        "banned",
        "prohibited",
        "US-TX-TESTVILLE",
        "US-TX",
    )
    fl = rows[("US-FL", "kratom")]
    assert fl["caveats"] == "unresearched" and fl["determined_by"] == "US" and fl["source_ids"] == "test-news-b"
    assert rows[("FR", "kratom")]["status"] == "unknown" and rows[("FR", "kratom")]["source_ids"] == ""


def test_every_row_is_the_answer_the_api_gives(client):
    rows = csv_rows(client.get(f"/api/v1/export.csv?as_of={DAY}&parent=US"))
    rows += csv_rows(client.get(f"/api/v1/export.csv?as_of={DAY}&level=locality"))
    assert len(rows) > 10
    for row in rows:
        place = client.get(f"/api/v1/jurisdictions/{row['jurisdiction']}?as_of={DAY}").json
        (answer,) = [e for e in place["effective"] if e["substance"] == row["substance"]]
        assert row["status"] == answer["status"], row["jurisdiction"]
        assert row["confidence"] == answer["confidence"]
        assert row["caveats"].split() == sorted({c["kind"] for c in answer["caveats"]})
        for activity, composed in answer["activities"].items():
            assert (row[activity], row[f"{activity}_set_by"]) == (composed["value"], composed["set_by"] or "")


def test_json_and_ndjson_hold_the_same_rows_as_csv(client):
    query = f"as_of={DAY}&substance=kratom"
    rows = csv_rows(client.get(f"/api/v1/export.csv?{query}"))
    document = json.loads(client.get(f"/api/v1/export.json?{query}").data)
    assert document["columns"] == list(FIELD_NAMES) and document["license"] == "CC-BY-4.0"
    assert document["as_of"] == DAY and document["dataset"]["version"] == rows[0]["dataset_version"]
    ndjson = client.get(f"/api/v1/export.ndjson?{query}")
    assert ndjson.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in ndjson.get_data(as_text=True).splitlines()]
    assert lines == document["data"]

    def flat(row: dict) -> dict:
        return {k: "" if v is None else " ".join(v) if isinstance(v, list) else str(v) for k, v in row.items()}

    assert [flat(r) for r in document["data"]] == rows


def test_ndjson_is_also_served_as_text_for_clients_that_read_only_text(client):
    default = client.get(f"/api/v1/export.ndjson?as_of={DAY}&substance=kratom")
    text = client.get(f"/api/v1/export.ndjson?as_of={DAY}&substance=kratom", headers={"Accept": "text/plain"})
    assert default.mimetype == "application/x-ndjson" and text.mimetype == "text/plain"
    assert text.data == default.data and text.headers["ETag"] != default.headers["ETag"]
    assert "Accept" in text.headers["Vary"].split(", ") and "Accept" in default.headers["Vary"].split(", ")
    # Each media type keeps its own tag: a tag of one is not a current copy of the other.
    again = client.get(
        f"/api/v1/export.ndjson?as_of={DAY}&substance=kratom",
        headers={"Accept": "text/plain", "If-None-Match": default.headers["ETag"]},
    )
    assert again.status_code == 200 and again.mimetype == "text/plain"
    content = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/export.ndjson"]["get"]["responses"]["200"]
    assert list(content["content"]) == ["application/x-ndjson", "text/plain"]


def test_every_field_of_a_status_is_a_column_and_enforcement_is_exported(fresh_app, runner, seed_copy):
    rules = seed_copy / "rules" / "test.yaml"
    text = rules.read_text()
    old = "  summary: Test row. Regulated from 2022-08-24.\n"
    assert old in text
    rules.write_text(text.replace(old, old + "  enforcement: Test row, police seize unlicensed stock.\n", 1))
    assert runner.invoke(args=["seed", "load", "--dir", str(seed_copy)]).exit_code == 0
    client = fresh_app.test_client()
    statuses = client.get(f"/api/v1/jurisdictions/TH?as_of={DAY}").json["statuses"]
    (status,) = [s for s in statuses if s["substance"] == "kratom"]
    scalar = {k for k, v in status.items() if not isinstance(v, dict | list)} - {"correction_reason", "notes"}
    # start_words is start_kind and its date in words: the export carries both as columns.
    missing = scalar - set(FIELD_NAMES) - {"substance", "status", "verified_by", "start_words"}
    assert missing == set(), f"fields of a status the export leaves out: {missing}"
    row = by_key(csv_rows(client.get(f"/api/v1/export.csv?as_of={DAY}")))[("TH", "kratom")]
    assert row["enforcement"] == status["enforcement"] == "Test row, police seize unlicensed stock."
    line = next(r for r in client.get(f"/api/v1/export.json?as_of={DAY}").json["data"] if r["jurisdiction"] == "TH")
    assert line["substance"] == "kratom"
    assert line["enforcement"] == row["enforcement"]
    fields = client.get("/api/v1/datapackage.json").json["resources"][0]["schema"]["fields"]
    assert "enforcement" in [f["name"] for f in fields]


def test_filters_as_in_the_listing(client):
    banned = csv_rows(client.get(f"/api/v1/export.csv?as_of={DAY}&status=banned&level=locality&substance=kratom"))
    assert [r["jurisdiction"] for r in banned] == ["US-CA-SAN-DIEGO", "US-TX-TESTVILLE"]
    seven = csv_rows(client.get("/api/v1/export.csv?as_of=2025-09-01&parent=us&substance=7-oh&status=banned"))
    assert [r["jurisdiction"] for r in seven] == ["US-FL"]
    before = csv_rows(client.get("/api/v1/export.csv?as_of=2025-07-01&parent=US&substance=7-oh&status=banned"))
    assert before == []


def test_history_lists_every_version_with_corrections(client):
    rows = csv_rows(client.get("/api/v1/export.csv?history=1&substance=kratom&parent=US"))
    tx = [(r["status"], r["superseded_at"] != "", r["ends_on"]) for r in rows if r["jurisdiction"] == "US-TX"]
    assert sorted(tx) == [("legal", True, ""), ("regulated", False, "")]
    thai = [r for r in csv_rows(client.get("/api/v1/export.csv?history=1")) if r["jurisdiction"] == "TH"]
    assert [(r["status"], r["ends_on"]) for r in thai] == [
        ("banned", "2021-08-24"),
        ("legal", "2022-08-24"),
        ("regulated", ""),
    ]
    # A version the next one replaced has ended: its effective_to is known, as the history endpoint's ends_on.
    assert [r["effective_to"] for r in thai] == ["2021-08-24", "2022-08-24", ""]
    served = client.get("/api/v1/jurisdictions/TH/history?substance=kratom").json["versions"]
    assert [v["ends_on"] or "" for v in served] == [r["effective_to"] for r in thai]
    assert {r["as_of"] for r in thai} == {""}
    until = [
        r for r in csv_rows(client.get("/api/v1/export.csv?history=1&as_of=2021-12-31")) if r["jurisdiction"] == "TH"
    ]
    assert [r["status"] for r in until] == ["banned", "legal"]


def test_streamed_and_conditional(client):
    response = client.get(f"/api/v1/export.csv?as_of={DAY}", buffered=False)
    assert response.is_streamed
    chunks = iter(response.response)
    assert next(chunks).startswith(b"jurisdiction,")
    response.close()
    tag = client.get(f"/api/v1/export.ndjson?as_of={DAY}").headers["ETag"]
    again = client.get(f"/api/v1/export.ndjson?as_of={DAY}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/api/v1/export.ndjson?as_of=2020-01-01", headers={"If-None-Match": tag})
    assert other.status_code == 200


def test_bad_parameters_are_problems_naming_them(client):
    for url, status, name in (
        ("/api/v1/export.csv?parent=US-ZZ", 404, "parent"),
        ("/api/v1/export.json?as_of=2026-02-30", 422, "as_of"),
        ("/api/v1/export.ndjson?status=fine", 422, "status"),
        ("/api/v1/export.csv?format=xlsx", 400, "format"),
        ("/api/v1/export.csv?history=maybe", 422, "history"),
    ):
        r = client.get(url)
        assert (r.status_code, r.mimetype, list(r.json["errors"])) == (status, "application/problem+json", [name])


def test_two_fresh_deployments_export_the_same_bytes(databases):
    bodies = []
    for _ in range(2):
        app = build_app(databases)
        assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
        client = app.test_client()
        bodies.append(
            [client.get(f"/api/v1/export.{fmt}?as_of={DAY}").data for fmt in ("csv", "json", "ndjson")]
            + [client.get("/api/v1/export.csv?history=1").data]
        )
        dispose(app)
    assert bodies[0] == bodies[1]


def test_the_data_package_describes_the_csv_served(client, tmp_path):
    from frictionless import Package

    package = client.get("/api/v1/datapackage.json")
    assert package.status_code == 200
    descriptor = package.json
    (resource,) = descriptor["resources"]
    assert [f["name"] for f in resource["schema"]["fields"]] == list(FIELD_NAMES)
    assert all(f["description"] and f["type"] for f in resource["schema"]["fields"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["version"] == client.get("/api/v1/meta").json["dataset"]["version"]
    # The resource path is relative to the descriptor: /api/v1/export.csv, saved here side by side.
    assert resource["path"] == "export.csv"
    (tmp_path / "datapackage.json").write_bytes(package.data)
    (tmp_path / "export.csv").write_bytes(client.get("/api/v1/export.csv").data)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # The check can fail: a CSV whose status column holds a word outside the vocabulary is refused.
    text = (tmp_path / "export.csv").read_text(encoding="utf-8")
    (tmp_path / "export.csv").write_text(text.replace(",banned,", ",forbidden,", 1), encoding="utf-8")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


LISTING_FILTERS = (
    "parent=US&substance=7-oh&changed_since=2025-01-01&as_of=2026-12-31",
    "level=subdivision&substance=kratom&source_tier=1",
    "substance=kratom&confidence=high&as_of=2026-06-01",
    "substance=kratom&effective_from=2019-01-01&effective_to=2022-12-31",
    "level=locality&substance=kratom&status=banned&as_of=2026-06-01",
)


def test_the_listings_filters_keep_the_same_places(client):
    for query in LISTING_FILTERS:
        listing = client.get(f"/api/v1/jurisdictions?{query}&per_page=500")
        assert listing.status_code == 200, (query, listing.json)
        listed = sorted(j["code"] for j in listing.json["data"])
        exported = [r["jurisdiction"] for r in csv_rows(client.get(f"/api/v1/export.csv?{query}"))]
        assert exported == listed and exported, query


def test_a_journalists_7oh_changes_in_us_states_as_csv(client):
    rows = csv_rows(client.get("/api/v1/export.csv?parent=US&substance=7-oh&changed_since=2025-01-01&as_of=2025-09-01"))
    florida = by_key(rows)[("US-FL", "7-oh")]
    # Citations: Florida's own rule alone. Its possession ban decides buying and selling, which the federal
    # row (no federal 7-OH control) would otherwise have allowed, so the federal row sets nothing here.
    assert (florida["status"], florida["effective_from"], florida["source_ids"]) == (
        "banned",
        "2025-08-01",
        "test-statute-a",
    )
    assert florida["source_urls"] == "https://example.org/statute-a"
    versions = csv_rows(client.get("/api/v1/export.csv?history=1&parent=US&substance=7-oh&changed_since=2025-01-01"))
    assert [(r["jurisdiction"], r["status"]) for r in versions] == [("US-FL", "banned")]


def test_rows_are_computed_a_batch_at_a_time(app, client):
    import sqlalchemy as sa

    from regstatus.extensions import db
    from regstatus.services.publish.exports import BATCH

    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_args):
        statements.append(1)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(f"/api/v1/export.ndjson?as_of={DAY}", buffered=False)
        chunks = iter(response.response)
        first = json.loads(next(chunks))
        after_first = len(statements)
        rest = sum(1 for _ in chunks)
        response.close()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    places = client.get("/api/v1/meta").json["counts"]["jurisdictions"]
    assert places > 2 * BATCH  # the fixture spans several batches
    assert first["jurisdiction"] == "AD" and rest == 2 * places - 1
    # The first row went out before the later batches were read from the database.
    assert len(statements) > after_first + 2

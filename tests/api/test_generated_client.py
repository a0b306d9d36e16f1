"""A client generated from the OpenAPI document by openapi-python-client, used against a live gunicorn."""

from __future__ import annotations

import csv
import importlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import build_app, dispose
from tests.live import gunicorn

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture(scope="module")
def served(databases):
    """gunicorn on a database loaded with the fixture seed."""
    app = build_app(databases)
    assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    document = app.test_client().get("/api/v1/openapi.json", headers={"Accept-Encoding": "identity"}).json
    dispose(app)
    with gunicorn(url, RATE_LIMIT="off") as base:
        yield base, document


@pytest.fixture(scope="module")
def generated(served, tmp_path_factory):
    """The package openapi-python-client writes from the document, imported."""
    if not GENERATOR.exists():
        pytest.fail("openapi-python-client is not installed (requirements-dev.txt)")
    root = tmp_path_factory.mktemp("client")
    spec = root / "openapi.json"
    spec.write_text(json.dumps(served[1]))
    out = root / "out"
    package = out / "regstatus_client"
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(spec), "--meta", "none", "--output-path", str(package)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (out / "regstatus_client" / "client.py").exists(), result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module("regstatus_client")
        package.models = importlib.import_module("regstatus_client.models")
        yield package
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("regstatus_client")]:
            del sys.modules[name]
        shutil.rmtree(out, ignore_errors=True)


@pytest.fixture
def client(served, generated):
    return generated.Client(base_url=served[0], raise_on_unexpected_status=True, timeout=30)


def api(module: str):
    return importlib.import_module(f"regstatus_client.api.{module}")


def test_fetch_a_place(client):
    place = api("jurisdictions.get_jurisdiction_item").sync(client=client, code="th")
    assert place.code == "TH" and place.name == "Thailand"
    assert {e.substance for e in place.effective} >= {"kratom"}
    missing = api("jurisdictions.get_jurisdiction_item").sync(client=client, code="ZZ-NOWHERE")
    assert missing.status == 404 and "code" in missing.errors.additional_properties


def test_follow_pagination_to_the_end(client, generated):
    listing = api("jurisdictions.get_jurisdiction_list")
    country = generated.models.GetJurisdictionListLevel("country")
    seen, page, pages = [], 1, None
    while page:
        response = listing.sync_detailed(client=client, level=country, per_page=60, page=page)
        body = response.parsed
        seen += [row.code for row in body.data]
        pages = body.meta.pages
        assert f'<{body.links.last}>; rel="last"' in response.headers["Link"]
        assert parse_qs(urlsplit(body.links.first).query)["page"] == ["1"]
        nxt = body.links.next_
        page = int(parse_qs(urlsplit(nxt).query)["page"][0]) if nxt else None
    assert pages > 1 and len(seen) == len(set(seen)) == body.meta.total


def test_run_a_route_check(client):
    route = api("travel.get_travel").sync(client=client, from_="US-TX", to="TH", via=["SG"])
    assert route.verdict in ("ok", "caution", "unknown", "prohibited")
    assert [stop.code for stop in route.stops][:1] == ["US-TX"]


def test_download_an_export(client, generated):
    kratom = generated.models.GetExportCsvSubstance("kratom")
    response = api("exports.get_export_csv").sync_detailed(client=client, substance=kratom)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and {"jurisdiction", "status", "dataset_version"} <= set(rows[0])


def test_download_the_ndjson_export(client):
    """The client reads the NDJSON export (as text: it reads no application/x-ndjson answer)."""
    response = api("exports.get_export_ndjson").sync_detailed(client=client)
    assert response.status_code == 200 and isinstance(response.parsed, str)
    rows = [json.loads(line) for line in response.parsed.splitlines()]
    assert rows and {"jurisdiction", "status", "enforcement", "dataset_version"} <= set(rows[0])

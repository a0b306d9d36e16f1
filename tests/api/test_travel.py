"""GET /api/v1/travel: a route checked stop by stop, never `ok` where anything is uncertain."""

from __future__ import annotations


def _route(client, query):
    response = client.get(f"/api/v1/travel?{query}")
    assert response.status_code == 200, response.json
    return response.json


def test_destination_with_a_city_ban_is_prohibited_with_its_reason(client):
    body = _route(client, "from=TH&to=us-tx-testville")
    assert body["verdict"] == "prohibited"
    destination = body["stops"][-1]
    assert (destination["role"], destination["code"], destination["verdict"]) == (
        "destination",
        "US-TX-TESTVILLE",
        "prohibited",
    )
    possess = next(c for c in destination["checks"] if c["activity"] == "possess")
    assert (possess["value"], possess["set_by"]) == ("prohibited", "US-TX-TESTVILLE")
    assert "Possessing it is prohibited in Testville." in body["reasons"]


def test_unresearched_export_makes_the_verdict_unknown_never_ok(client):
    body = _route(client, "from=US-TX&to=TH")
    assert [s["role"] for s in body["stops"]] == ["origin", "destination"]
    assert body["stops"][0]["checks"][0]["activity"] == "export"
    assert body["verdict"] == "unknown"


def test_disputed_transit_stop_is_at_least_caution(client):
    body = _route(client, "from=TH&via=us-ky&to=TH")
    transit = body["stops"][1]
    assert transit["role"] == "transit" and transit["verdict"] in ("caution", "unknown")
    assert any("Kentucky" in reason for reason in body["reasons"])
    assert body["verdict"] != "ok"


def test_changing_planes_where_possession_is_prohibited_is_prohibited_not_unknown(client):
    # No source speaks of transit in Testville, but possessing it there is an offence: a traveler
    # carrying it through is possessing it there, so the stop is prohibited, with both facts named.
    body = _route(client, "from=TH&via=US-TX-TESTVILLE&to=TH")
    transit = body["stops"][1]
    check = transit["checks"][0]
    assert (check["activity"], check["value"], check["verdict"]) == ("transit", "prohibited", "prohibited")
    assert (check["set_by"], check["because"]) == ("US-TX-TESTVILLE", "possess")
    assert transit["verdict"] == body["verdict"] == "prohibited"
    assert any("possessing it there is prohibited" in r for r in body["reasons"]), body["reasons"]
    # Leaving from there: the same rule for export.
    origin = _route(client, "from=US-TX-TESTVILLE&to=TH")["stops"][0]["checks"][0]
    assert (origin["activity"], origin["verdict"]) == ("export", "prohibited")


def test_advisories_on_the_way_are_listed(client):
    body = _route(client, "from=TH&to=US-TX")
    assert [a["id"] for a in body["stops"][-1]["advisories"]] == ["test-import-alert"]
    assert body["dataset"]["version"]


def test_unknown_place_names_the_parameter(client):
    response = client.get("/api/v1/travel?from=TH&to=US-TXX")
    assert response.status_code == 404
    assert set(response.json["errors"]) == {"to"} and response.json["suggestions"][0] == "US-TX"
    response = client.get("/api/v1/travel?from=TH")
    assert response.status_code == 422 and set(response.json["errors"]) == {"to"}


def test_the_reasons_that_decide_the_verdict_come_first(real_app):
    # Thailand's export licence (caution) comes first on the route, Japan's possession ban decides it
    body = real_app.test_client().get("/api/v1/travel?from=TH&via=JP&to=US-CA&as_of=2026-12-08").get_json()
    assert body["verdict"] == "prohibited"
    assert "Japan" in body["reasons"][0] and "prohibited" in body["reasons"][0]
    assert any("Thailand" in r for r in body["reasons"][1:])

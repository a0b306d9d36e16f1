"""Liveness, readiness, the API index and the OpenAPI document."""


def test_healthz(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "migrations": "ok"}


def test_api_index_states_the_licence_and_vocabulary(client):
    body = client.get("/api/v1/").json
    assert body["license"] == "CC-BY-4.0"
    assert set(body["statuses"]) == {"legal", "regulated", "restricted", "banned", "disputed", "unknown"}
    assert client.get(body["links"]["jurisdictions"]).status_code == 200


def test_openapi_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    # A client resolves the paths against the host that served the document, under the data's licence.
    assert [s["url"] for s in spec["servers"]] == ["/"]
    assert spec["info"]["license"]["identifier"] == client.get("/api/v1/").json["license"] == "CC-BY-4.0"
    assert {"/api/v1/jurisdictions", "/api/v1/jurisdictions/{code}", "/api/v1/jurisdictions/{code}/history"} <= set(
        spec["paths"]
    )
    params = {p.get("name") for p in spec["paths"]["/api/v1/jurisdictions"]["get"]["parameters"]}
    assert {"level", "parent", "status", "substance", "q", "as_of", "page", "per_page"} <= params


def test_api_is_readable_from_any_origin(client):
    response = client.get("/api/v1/jurisdictions/TH", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/jurisdictions/TH").headers

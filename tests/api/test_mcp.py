"""The MCP server at /mcp, driven by the mcp SDK's own client against a real gunicorn (two sync workers)."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
import sqlalchemy as sa
from mcp import Client, ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from regstatus.extensions import db
from tests.conftest import PG_URL, build_app, dispose
from tests.live import gunicorn

AS_OF = "2026-06-01"  # a fixed legal date: the answers below do not move with the clock
TOOLS = {"lookup", "route_check", "changes", "sources"}


@pytest.fixture(scope="module")
def served(databases):
    """gunicorn on a database loaded with the fixture seed; yields its base URL."""
    app = build_app(databases)
    assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    dispose(app)
    with gunicorn(url, RATE_LIMIT="off") as base:
        yield base


def session_run(base: str, work):
    """Open a client session on base/mcp (initialize included), run `work(session)`, close."""

    async def main():
        async with (
            streamable_http_client(base + "/mcp") as (read, write, *_rest),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            return await work(session)

    return asyncio.run(main())


def call(base: str, tool: str, **arguments):
    """The structured answer of one tool call; MCPError for a protocol error."""

    async def work(session):
        result = await session.call_tool(tool, arguments)
        assert not result.is_error, result.content
        # The text content is the same answer, for clients that read only text.
        assert json.loads(result.content[0].text) == result.structured_content
        return result.structured_content

    return session_run(base, work)


def refusal(base: str, tool: str, **arguments) -> MCPError:
    """The protocol error a call answers (caught inside the session, whose task group would wrap it)."""

    async def work(session):
        try:
            result = await session.call_tool(tool, arguments)
        except MCPError as exc:
            return exc
        pytest.fail(f"{tool}({arguments}) answered {result}")

    return session_run(base, work)


def api(base: str, path: str):
    """The JSON API's answer at path."""
    with urllib.request.urlopen(base + path, timeout=20) as response:
        return json.load(response)


def test_lists_the_four_read_only_tools_with_their_arguments(served):
    tools = session_run(served, lambda s: s.list_tools()).tools
    assert {t.name for t in tools} == TOOLS
    by_name = {t.name: t for t in tools}
    for tool in tools:
        assert tool.annotations.read_only_hint is True and tool.annotations.destructive_hint is False
        assert tool.description
    assert set(by_name["lookup"].input_schema["required"]) == {"place", "substance"}
    assert set(by_name["lookup"].input_schema["properties"]) == {"place", "substance", "as_of"}
    assert set(by_name["route_check"].input_schema["properties"]) == {"from", "to", "via", "substance", "as_of"}
    assert set(by_name["route_check"].input_schema["required"]) == {"from", "to"}
    assert set(by_name["changes"].input_schema["required"]) == {"since"}
    assert by_name["sources"].input_schema["required"] == ["place"]


def test_lookup_is_the_api_answer_with_its_citations(served):
    body = call(served, "lookup", place="us-tx", substance="kratom", as_of=AS_OF)
    place = api(served, f"/api/v1/jurisdictions/US-TX?as_of={AS_OF}")
    kratom = next(e for e in place["effective"] if e["substance"] == "kratom")
    assert body["answer"] == kratom  # one answer model, one schema
    assert body["own_rule"] == next(s for s in place["statuses"] if s["substance"] == "kratom")
    assert body["place"]["code"] == "US-TX" and body["as_of"] == AS_OF
    assert body["words"] == kratom["words"] and body["status"] == kratom["status"] == "regulated"
    assert body["dataset"] == place["dataset"] and body["license"] == place["license"]
    assert [c["level"] for c in body["citations"]] == ["US", "US-TX"]
    texas = body["citations"][1]
    assert texas["sources"][0]["url"] == "https://example.org/statute-a"
    assert texas["sources"][0]["accessed_on"] == "2026-01-15" and texas["sources"][0]["published_on"] == "2021-08-01"
    assert texas["version_id"] == body["own_rule"]["version_id"]
    # The quote holds the words, the dataset version and the permalink; the permalink answers the same.
    assert body["quote"].startswith(kratom["words"])
    assert body["dataset"]["version"] in body["quote"] and body["permalink"] in body["quote"]
    assert body["permalink"].startswith(served + "/api/v1/jurisdictions/US-TX?as_of=2026-06-01&known_at=")
    pinned = api(served, body["permalink"].removeprefix(served))
    assert next(e for e in pinned["effective"] if e["substance"] == "kratom") == kratom


def test_route_check_changes_and_sources_are_the_api_answers(served):
    route = call(served, "route_check", **{"from": "TH", "to": "us-tx", "as_of": AS_OF})
    assert route["route"] == api(served, f"/api/v1/travel?from=TH&to=US-TX&as_of={AS_OF}")
    assert route["verdict"] == route["route"]["verdict"] and route["words"].startswith("Route verdict: ")
    assert {c["level"] for c in route["citations"]} >= {"TH", "US-TX"}
    assert api(served, route["permalink"].removeprefix(served)) == route["route"]

    changes = call(served, "changes", since="2000-01-01", place="us-tx")
    listed = api(served, "/api/v1/changes?since=2000-01-01&jurisdiction=US-TX")
    assert changes["events"] == listed["data"] and changes["total"] == listed["meta"]["total"] > 0
    assert changes["place"] == "US-TX" and changes["dataset"] == listed["meta"]["dataset"]
    everywhere = call(served, "changes", since="2000-01-01")
    assert everywhere["total"] > changes["total"] and everywhere["place"] is None

    sources = call(served, "sources", place="US-TX")
    catalog = api(served, "/api/v1/sources?jurisdiction=US-TX")
    assert [s["id"] for s in sources["sources"]] == [s["id"] for s in catalog["data"]]
    assert all(s["url"] and s["accessed_on"] for s in sources["sources"])
    assert sources["permalink"] == served + "/api/v1/sources?jurisdiction=US-TX"


@pytest.mark.parametrize(
    ("tool", "arguments", "named"),
    [
        ("lookup", {"place": "US-TX", "substance": "kratom", "as_of": "2026-13-45"}, "as_of"),
        ("lookup", {"place": "US-TX"}, "substance"),
        ("lookup", {"place": "US-TX", "substance": "coffee"}, "substance"),
        ("lookup", {"place": 5, "substance": "kratom"}, "place"),
        ("lookup", {"place": "US-TX\x00", "substance": "kratom"}, "place"),
        ("lookup", {"place": "US-TX", "substance": "kratom", "colour": "red"}, "colour"),
        ("route_check", {"to": "US-TX"}, "from"),
        ("route_check", {"from": "TH", "to": "US-TX", "via": ["MY"] * 9}, "via"),
        ("changes", {"since": "last week"}, "since"),
        ("sources", {}, "place"),
    ],
)
def test_bad_arguments_are_invalid_params_naming_the_argument(served, tool, arguments, named):
    error = refusal(served, tool, **arguments)
    assert error.code == INVALID_PARAMS
    assert named in error.data["errors"] and named in error.message


def test_an_unknown_place_is_invalid_params_naming_it_with_close_matches(served):
    error = refusal(served, "lookup", place="US-TXX", substance="kratom")
    assert error.code == INVALID_PARAMS and error.message == "No jurisdiction has the code 'US-TXX'."
    assert list(error.data["errors"]) == ["place"] and "US-TX" in error.data["suggestions"]
    assert list(refusal(served, "route_check", **{"from": "TH", "to": "ZZ-NOWHERE"}).data["errors"]) == ["to"]
    assert list(refusal(served, "sources", place="ZZ-NOWHERE").data["errors"]) == ["place"]
    assert list(refusal(served, "changes", since="2000-01-01", place="ZZ-NOWHERE").data["errors"]) == ["place"]


INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}},
}


def post(base: str, body: dict, headers: dict | None = None):
    """A raw POST to /mcp: (status, headers, JSON body)."""
    request = urllib.request.Request(
        base + "/mcp",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
            **(headers or {}),
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, response.headers, json.load(response)


def test_mcp_answers_carry_the_request_id_and_security_headers_and_no_cookie(served):
    status, headers, body = post(served, INITIALIZE, {"X-Request-ID": "agent-test-0001"})
    assert status == 200 and body["result"]["serverInfo"]["name"] == "regstatus"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Request-ID"] == "agent-test-0001"
    assert (
        headers["X-Content-Type-Options"] == "nosniff"
        and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    )
    assert "Set-Cookie" not in headers and "Mcp-Session-Id" not in headers  # stateless: nothing to keep


def test_mcp_takes_only_posts(served):
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(served + "/mcp", timeout=20)
    assert caught.value.code == 405 and "POST" in caught.value.headers["Allow"]


def test_mcp_counts_against_the_api_rate_limit(databases):
    app = build_app(databases, RATE_LIMIT="3 per minute", RATELIMIT_ENABLED=True)
    try:
        client = app.test_client()
        for _ in range(3):
            ok = client.post("/mcp", json=INITIALIZE, headers={"Accept": "application/json"})
            assert ok.status_code == 200 and ok.headers["RateLimit-Policy"] == '"default";q=3;w=60'
        refused = client.post("/mcp", json=INITIALIZE, headers={"Accept": "application/json"})
        assert refused.status_code == 429 and refused.headers["Retry-After"]
        assert client.get("/api/v1/").status_code == 429  # one budget for /mcp and the API
    finally:
        dispose(app)


def test_llms_txt_lists_every_public_endpoint_and_the_tools(app, client):
    r = client.get("/llms.txt")
    assert r.status_code == 200 and r.mimetype == "text/plain"
    text = r.get_data(as_text=True)
    assert text.startswith("# regstatus\n\n> ")
    document = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "identity"}).json
    for path, item in document["paths"].items():
        for method in set(item) - {"parameters"}:
            assert f"[{method.upper()} {path}](http://localhost{path})" in text, (method, path)
    assert "(http://localhost/mcp)" in text
    for signature in ("lookup(place, substance, as_of?)", "route_check(from, to, via?, substance?, as_of?)"):
        assert f"`{signature}`" in text
    assert "`changes(since, place?)`" in text and "`sources(place)`" in text


def test_the_openapi_document_points_agents_to_mcp_and_llms_txt(client):
    document = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "identity"}).json
    assert "`/mcp`" in document["info"]["description"]
    assert document["externalDocs"]["url"] == "/llms.txt"


def _rows(app) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def test_calling_every_tool_writes_nothing(app, client):
    before = _rows(app)
    calls = {
        "lookup": {"place": "TH", "substance": "7-oh"},
        "route_check": {"from": "TH", "to": "US-TX", "via": ["MY"]},
        "changes": {"since": "2000-01-01"},
        "sources": {"place": "TH"},
    }
    headers = {"Accept": "application/json", "MCP-Protocol-Version": "2025-06-18"}
    for n, (tool, arguments) in enumerate(calls.items()):
        message = {"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {"name": tool, "arguments": arguments}}
        r = client.post("/mcp", json=message, headers=headers)
        assert r.status_code == 200 and r.json["result"]["isError"] is False, r.json
        assert r.json["result"]["structuredContent"]["dataset"]["version"]
    assert _rows(app) == before and sum(before.values()) > 0


def test_a_database_that_cannot_answer_is_an_internal_error_saying_so(databases):
    # Nothing listens on port 1; a SQLite file in a folder that does not exist cannot be opened.
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/none" if PG_URL else "sqlite:////nonexistent/none.db"
    app = build_app(databases, SQLALCHEMY_DATABASE_URI=unreachable)
    try:
        message = {
            "jsonrpc": "2.0",
            "id": 7,
            "method": "tools/call",
            "params": {"name": "lookup", "arguments": {"place": "TH", "substance": "kratom"}},
        }
        r = app.test_client().post("/mcp", json=message, headers={"Accept": "application/json"})
        assert r.status_code == 200 and r.json["error"]["code"] == -32603
        assert r.json["error"]["message"] == "The database is not answering; please try again shortly."
    finally:
        dispose(app)


def test_the_sdks_high_level_client_speaks_the_newest_protocol_and_gets_the_same_answer(served):
    async def main():
        async with Client(served + "/mcp") as client:  # mode "auto": server/discover, no initialize
            version = client.session.protocol_version
            names = {t.name for t in (await client.list_tools()).tools}
            result = await client.call_tool("lookup", {"place": "US-TX", "substance": "kratom", "as_of": AS_OF})
            try:
                await client.call_tool("lookup", {"place": "US-TX", "substance": "kratom", "as_of": "soon"})
            except MCPError as exc:
                return version, names, result.structured_content, exc
            pytest.fail("a bad as_of was answered")

    version, names, body, error = asyncio.run(main())
    assert version in MODERN_PROTOCOL_VERSIONS and names == TOOLS
    assert body == call(served, "lookup", place="US-TX", substance="kratom", as_of=AS_OF)  # as on a handshake
    assert error.code == INVALID_PARAMS and list(error.data["errors"]) == ["as_of"]

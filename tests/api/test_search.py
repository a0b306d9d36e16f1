"""Search through GET /api/v1/jurisdictions?q=: names, aliases, codes, typos, local names, ranking."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from regstatus.extensions import db
from tests.conftest import build_app, dispose


def search(client, q: str, extra: str = "") -> dict:
    response = client.get(f"/api/v1/jurisdictions?q={q}{extra}")
    assert response.status_code == 200, response.json
    return response.json


def hits(client, q: str, extra: str = "") -> list[tuple[str, str]]:
    return [(j["code"], j["match"]["kind"]) for j in search(client, q, extra)["data"]]


@pytest.mark.parametrize(
    ("query", "code", "kind"),
    [
        ("texs", "US-TX", "fuzzy"),
        ("thiland", "TH", "fuzzy"),
        ("Deutschland", "DE", "exact"),
        ("deutschland", "DE", "exact"),
        ("C\u00d4TE D\u2019IVOIRE", "CI", "exact"),
        ("us-tx", "US-TX", "exact"),
        ("Tex", "US-TX", "prefix"),
        ("sandiego", "US-CA-SAN-DIEGO", "fuzzy"),
    ],
)
def test_finds_the_place_first(client, query, code, kind):
    assert hits(client, query)[0] == (code, kind)


def test_exact_and_prefix_rank_before_the_rest(client):
    found = hits(client, "UK")
    assert found[0] == ("GB", "exact")
    # Maluku holds "uk" but neither starts with it nor is a typo of it: not a match at all.
    assert hits(client, "maluku")[0] == ("ID-MA", "exact")
    assert "ID-MA" not in [c for c, _ in found]
    assert hits(client, "US-TX") == [("US-TX", "exact"), ("US-TX-TESTVILLE", "prefix")]
    georgia = hits(client, "georgia")
    assert georgia[:2] == [("GE", "exact"), ("US-GA", "exact")]
    kinds = [k for _, k in hits(client, "new")]
    assert kinds and set(kinds) == {"prefix"}


def test_kinds_come_in_rank_order(client):
    order = ["exact", "local-name", "prefix", "fuzzy"]
    for q in ("mali", "georgia", "carolna", "us", "new york"):
        kinds = [k for _, k in hits(client, q)]
        assert kinds == sorted(kinds, key=order.index), q


def test_short_queries_are_not_fuzzy(client):
    # "irn" is one letter from many names; at three letters only exact and prefix matches count
    assert all(k != "fuzzy" for _, k in hits(client, "irn"))
    assert hits(client, "xqzv") == []


def test_fuzzy_match_reports_its_score_and_name(client):
    match = search(client, "thiland")["data"][0]["match"]
    assert match["matched"] == "Thailand" and 80 <= match["score"] < 100


def test_other_filters_narrow_a_search(client):
    assert hits(client, "georgia", "&level=subdivision") == [("US-GA", "exact")]
    assert hits(client, "carolna", "&parent=US") == [("US-NC", "fuzzy"), ("US-SC", "fuzzy")]
    body = search(client, "new", "&per_page=2&page=2")
    assert len(body["data"]) == 2 and body["meta"]["total"] > 4


@pytest.mark.parametrize(
    ("query", "code", "meaning"),
    [
        ("ketum", "MY", "the name used in Malaysia"),
        ("KETUM", "MY", "the name used in Malaysia"),
        ("biak", "MY", "a name used in Malaysia"),
        ("กระท่อม", "TH", "kratom in Thai, the name used in Thailand"),
        ("kratom", "TH", "the name used in Thailand, and in English"),
    ],
)
def test_local_names_point_to_where_they_are_used(client, query, code, meaning):
    body = search(client, query)
    assert body["local_name"]["meaning"] == meaning
    assert body["local_name"]["used_in"] == [code] and body["local_name"]["substance"] == "kratom"
    assert (body["data"][0]["code"], body["data"][0]["match"]["kind"]) == (code, "local-name")


def test_substance_names_point_to_the_substance(client):
    body = search(client, "7-oh")
    assert body["local_name"]["substance"] == "7-oh" and body["local_name"]["name"] == "7-OH"
    assert body["data"] == []
    assert search(client, "mitragynine")["local_name"]["substance"] == "kratom"
    assert search(client, "texas")["local_name"] is None


def test_unknown_code_suggests_close_places(client):
    response = client.get("/api/v1/jurisdictions/texs")
    assert response.status_code == 404
    assert response.json["suggestions"] == ["US-TX"]


def test_match_kind_is_documented(client):
    spec = client.get("/api/v1/openapi.json").json
    match = spec["components"]["schemas"]["MatchOut"]["properties"]["kind"]
    assert match["enum"] == ["exact", "local-name", "prefix", "fuzzy"]


@pytest.mark.parametrize("bad", ["", "x" * 101, "te%00xas"])
def test_bad_queries_are_problems_naming_q(client, bad):
    response = client.get(f"/api/v1/jurisdictions?q={bad}")
    assert response.status_code in (400, 422)
    assert "q" in response.json["errors"]


def test_index_follows_the_dataset_version(databases, seed_copy):
    """A name added to the seed is found after the next load: the index is keyed by dataset version."""
    app = build_app(databases, seed_dir=seed_copy)
    try:
        runner, client = app.test_cli_runner(), app.test_client()
        assert runner.invoke(args=["seed", "load"]).exit_code == 0
        assert hits(client, "Lone Star State") == []
        places = seed_copy / "jurisdictions" / "test.yaml"
        places.write_text(places.read_text() + "- code: US-TX\n  aliases: [Lone Star State]\n")
        result = runner.invoke(args=["seed", "load"])
        assert result.exit_code == 0, result.output
        assert hits(client, "lone star state") == [("US-TX", "exact")]
    finally:
        dispose(app)


def test_names_are_read_once_per_dataset_version_not_per_request(app, client):
    client.get("/api/v1/jurisdictions?q=warmup")
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        for q in ("texs", "thiland", "ketum", "georgia"):
            assert client.get(f"/api/v1/jurisdictions?q={q}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert seen and not [s for s in seen if "jurisdiction_name" in s]

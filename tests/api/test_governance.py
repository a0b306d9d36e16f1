"""A territory that answers through another state's law: the state is a level of its answer, shown as such."""

from __future__ import annotations

from tests.api.test_answers import effective


def test_a_governed_territory_answers_through_the_state(client):
    answer = effective(client, "GU")
    assert answer["status"] == "legal"
    assert [(lvl["code"], lvl["relation"], lvl["state"]) for lvl in answer["levels"]] == [
        ("US", "governing-state", "in-force"),
        ("GU", "geographic", "none"),
    ]
    possess = answer["activities"]["possess"]
    assert (possess["value"], possess["set_by"], possess["uncertain_at"]) == ("allowed", "US", [])
    assert answer["governed_by"]["state"] == "US"
    assert [s["id"] for s in answer["governed_by"]["sources"]] == ["test-statute-a"]
    # researched through the state: no "not researched" caveat, and no surer than the state's own row
    assert answer["caveats"] == []
    assert answer["confidence"] == "medium"
    assert effective(client, "GU", "7-oh")["levels"][0]["code"] == "US"


def test_a_territory_with_drug_law_of_its_own_is_unresearched_until_its_rows_exist(client):
    answer = effective(client, "MP")
    assert answer["status"] == "legal"  # the state's law still applies
    assert answer["governed_by"]["own_drug_law"] == "separate"
    assert [(c["kind"], c["level"]) for c in answer["caveats"]] == [("unresearched", "MP")]
    assert answer["confidence"] == "low"
    assert answer["activities"]["possess"]["uncertain_at"] == ["MP"]


def test_own_status_of_a_governed_territory_says_whose_law_applies(client):
    body = client.get("/api/v1/jurisdictions/GU").json
    own = next(s for s in body["statuses"] if s["substance"] == "kratom")
    assert own["status"] == "unknown"
    assert "United States's law applies here" in own["summary"]


def test_a_territory_not_governed_has_no_governing_level(client):
    answer = effective(client, "US-TX")
    assert answer["governed_by"] is None
    assert {lvl["relation"] for lvl in answer["levels"]} == {"geographic"}


def test_before_the_finding_was_recorded_the_territory_was_unresearched(client):
    answer = effective(client, "GU", known_at="2026-01-20T00:00:00Z")
    assert answer["governed_by"] is None
    assert [lvl["code"] for lvl in answer["levels"]] == ["GU"]
    assert answer["status"] == "unknown"
    assert [c["kind"] for c in answer["caveats"]] == ["unresearched"]


def test_the_source_names_the_territory_it_governs(client):
    body = client.get("/api/v1/sources/test-statute-a").json
    assert body["governs"] == ["GU", "MP"]
    cited = client.get("/api/v1/sources?jurisdiction=GU").json
    assert [s["id"] for s in cited["data"]] == ["test-statute-a"]


def test_the_listing_gives_the_territory_the_states_status(client):
    body = client.get("/api/v1/jurisdictions?level=country&status=legal&per_page=500").json
    assert "GU" in {j["code"] for j in body["data"]}


def test_the_place_page_says_whose_law_applies(client):
    page = client.get("/jurisdictions/GU").get_data(as_text=True)
    assert "answers through" in page and "United States" in page


def test_the_page_of_a_territory_with_law_of_its_own_shows_its_level_open(client):
    page = client.get("/jurisdictions/MP").get_data(as_text=True)
    assert "answers through" in page
    assert "no rule of its own" not in page and "Not researched yet" in page

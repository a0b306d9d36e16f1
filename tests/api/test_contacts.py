"""Whom to ask: contacts on the jurisdiction detail and on each stop of the route check."""

from __future__ import annotations


def _detail(client, code):
    response = client.get(f"/api/v1/jurisdictions/{code}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_detail_lists_contacts_by_role_with_their_source(client):
    body = _detail(client, "TH")
    # controlled-substances comes before customs (vocab.CONTACT_ROLES order), whatever the file order
    assert [(c["role"], c["name"]) for c in body["contacts"]] == [
        ("controlled-substances", "Test Narcotics Board"),
        ("customs", "Test Customs Department"),
    ]
    first = body["contacts"][0]
    assert first["jurisdiction"] == "TH" and first["url"] == "https://example.org/th-narcotics"
    assert first["source"] == {
        "id": "test-statute-a",
        "url": "https://example.org/statute-a",
        "title": "Test Statute A",
        "publisher": "Test Gazette",
        "published_on": "2021-08-01",
        "accessed_on": "2026-01-15",
    }


def test_a_known_answer_says_confirm_with_the_first_contact(client):
    ask = _detail(client, "TH")["effective"][0]["ask"]
    assert ask["kind"] == "confirm"
    assert ask["words"] == "Confirm with Test Narcotics Board (https://example.org/th-narcotics)"
    assert ask["contact"]["role"] == "controlled-substances"


def test_an_unknown_answer_says_nobody_here_has_found_the_law(client):
    body = _detail(client, "FR")
    assert {e["status"] for e in body["effective"]} == {"unknown"}
    for eff in body["effective"]:
        assert eff["ask"]["kind"] == "ask"
        assert eff["ask"]["words"] == (
            "Nobody here has found the law for this place: ask Test Medicines Agency (https://example.org/fr-medicines)"
        )


def test_a_country_contact_without_an_address_is_named_without_one(client):
    body = _detail(client, "US")
    assert [(c["jurisdiction"], c["name"], c["url"]) for c in body["contacts"]] == [("US", "Test Drug Agency", None)]
    assert body["effective"][0]["ask"]["words"] == "Confirm with Test Drug Agency"


def test_a_state_lists_its_country_contact_but_is_not_confirmed_with_it(client):
    # a national authority cannot confirm a state's law: the list names it, the answer does not
    body = _detail(client, "US-TX")
    assert [(c["jurisdiction"], c["name"]) for c in body["contacts"]] == [("US", "Test Drug Agency")]
    assert all(e["ask"] is None for e in body["effective"])


def test_a_place_without_contacts_has_none(client):
    body = _detail(client, "DE")
    assert body["contacts"] == []
    assert all(e["ask"] is None for e in body["effective"])


def test_route_check_names_whom_to_ask_at_each_stop(client):
    response = client.get("/api/v1/travel?from=DE&via=TH&to=FR")
    assert response.status_code == 200, response.get_data(as_text=True)
    stops = response.get_json()["stops"]
    assert [s["ask"] and s["ask"]["kind"] for s in stops] == [None, "confirm", "ask"]
    assert stops[1]["ask"]["contact"]["name"] == "Test Narcotics Board"
    assert stops[2]["ask"]["words"].startswith("Nobody here has found the law for this place: ask Test Medicines")


def test_a_route_stop_in_a_state_is_confirmed_with_its_country(client):
    # leaving or entering is a border crossing: the country's authority speaks to it when the state has none
    response = client.get("/api/v1/travel?from=US-TX&to=TH")
    assert response.status_code == 200, response.get_data(as_text=True)
    origin = response.get_json()["stops"][0]
    assert origin["code"] == "US-TX"
    assert origin["ask"]["words"] == "Confirm with Test Drug Agency"

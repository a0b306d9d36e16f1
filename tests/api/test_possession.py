"""A possession ban decides the activities that need possession: no permission reaches below it from above."""

from __future__ import annotations

import re

import pytest

from regstatus.vocab import COMPOSITION, NEEDS_POSSESSION


def effective(client, code: str, substance: str = "kratom") -> dict:
    response = client.get(f"/api/v1/jurisdictions/{code}")
    assert response.status_code == 200, response.json
    return next(e for e in response.json["effective"] if e["substance"] == substance)


def test_a_city_ban_is_not_softened_by_the_federal_level(client):
    # The federal fixture row allows buying and growing and conditions import; San Diego bans possession.
    answer = effective(client, "US-CA-SAN-DIEGO")
    acts = answer["activities"]
    for activity in ("buy", "sell", "import", "export", "transit"):
        assert (acts[activity]["value"], acts[activity]["set_by"], acts[activity]["because"]) == (
            "prohibited",
            "US-CA-SAN-DIEGO",
            "possess",
        ), activity
        assert "possessing it is prohibited in San Diego" in acts[activity]["note"]
    assert (acts["cultivate"]["value"], acts["cultivate"]["set_by"], acts["cultivate"]["because"]) == (
        "unknown",
        "US-CA-SAN-DIEGO",
        "possess",
    )
    assert "allowed" not in answer["words"]
    assert answer["words"] == (
        "Kratom is banned in San Diego: possessing it, buying it, selling it, bringing it in, taking it out "
        "and carrying it in transit are prohibited."
    )


def test_a_ban_inside_a_regulated_state_states_no_condition_of_a_permission(client):
    answer = effective(client, "US-TX-TESTVILLE")
    acts = answer["activities"]
    # Testville's own rule prohibits buying: that is its own value, not one that follows from possession.
    assert (acts["buy"]["value"], acts["buy"]["set_by"], acts["buy"]["because"]) == (
        "prohibited",
        "US-TX-TESTVILLE",
        None,
    )
    assert (acts["import"]["value"], acts["import"]["set_by"], acts["import"]["because"]) == (
        "prohibited",
        "US-TX-TESTVILLE",
        "possess",
    )
    assert acts["import"]["conditions"] == []
    assert "allowed" not in answer["words"] and "buyers must be" not in answer["words"]


def test_levels_without_a_possession_ban_keep_their_permissions(client):
    texas = effective(client, "US-TX")["activities"]
    assert (texas["cultivate"]["value"], texas["cultivate"]["set_by"], texas["cultivate"]["because"]) == (
        "allowed",
        "US",
        None,
    )
    assert effective(client, "US")["words"].endswith("selling it and growing it are allowed.")


@pytest.mark.parametrize("path", ["/api/v1/jurisdictions/US-CA-SAN-DIEGO", "/jurisdictions/US-CA-SAN-DIEGO"])
def test_the_answer_never_says_growing_is_allowed_under_a_ban(client, path):
    body = client.get(path).get_data(as_text=True)
    assert not re.search(r"growing it (?:is|are) allowed", body)


def test_the_rule_is_published_in_the_index_and_on_about(client):
    body = client.get("/api/v1/").json
    rules = {r["rule"]: r["what"] for r in body["composition"]}
    assert list(rules) == [name for name, _what in COMPOSITION]
    assert "prohibits possession" in rules["possession"]
    assert body["needs_possession"] == NEEDS_POSSESSION
    about = client.get("/about").get_data(as_text=True)
    assert "prohibits possession makes buy, sell, import, export and transit prohibited" in about

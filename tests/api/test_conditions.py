"""Conditions are named: a conditional activity lists them with level and sources, or says none is recorded."""

from __future__ import annotations

import pytest

NOT_RECORDED = "the conditions are not recorded in this dataset"


def _texas(client) -> tuple[dict, dict]:
    body = client.get("/api/v1/jurisdictions/US-TX").json
    own = next(s for s in body["statuses"] if s["substance"] == "kratom")
    answer = next(e for e in body["effective"] if e["substance"] == "kratom")
    return own, answer


def test_a_row_names_its_own_conditions_and_those_its_age_and_caps_state(client):
    own, _answer = _texas(client)
    assert [(c["kind"], c["activities"], c["derived_from"]) for c in own["conditions"]] == [
        ("labelling", ["sell"], None),
        ("age", ["buy", "sell"], "min_age"),
        ("product-cap", ["buy", "sell"], "thresholds"),
    ]
    labelling, age, cap = own["conditions"]
    assert labelling["sources"] == ["test-statute-a"] and labelling["amount"] is None
    assert (age["amount"], age["unit"], age["text"]) == (18, "years", "Buyers must be 18 or older.")
    assert (cap["amount"], cap["unit"]) == (2, "pct_alkaloid_fraction")


def test_a_conditional_activity_lists_its_conditions_with_level_and_sources(client):
    _own, answer = _texas(client)
    sell, buy = answer["activities"]["sell"], answer["activities"]["buy"]
    assert sell["value"] == "conditional" and sell["note"] is None
    assert [(c["kind"], c["level"]) for c in sell["conditions"]] == [
        ("labelling", "US-TX"),
        ("age", "US-TX"),
        ("product-cap", "US-TX"),
    ]
    assert [s["id"] for s in sell["conditions"][0]["sources"]] == ["test-statute-a"]
    assert sell["conditions"][0]["text"] == "Test condition. Products carry a label listing their alkaloid content."
    assert "labelling" not in [c["kind"] for c in buy["conditions"]]


def test_a_conditional_activity_without_a_recorded_condition_says_so(client):
    _own, answer = _texas(client)
    imp = answer["activities"]["import"]
    assert (imp["value"], imp["set_by"], imp["conditions"], imp["note"]) == ("conditional", "US", [], NOT_RECORDED)


def test_an_activity_not_allowed_under_conditions_lists_none(client):
    _own, answer = _texas(client)
    assert answer["activities"]["possess"]["conditions"] == []


def test_the_place_page_names_the_conditions(client):
    html = client.get("/jurisdictions/US-TX").get_data(as_text=True)
    rules = html.split('id="rules-kratom"')[1].split("</section>")[0]
    # Listed once below the table under the level and law that state them, each row pointing to its numbers.
    listed = rules.split('<h3 class="conditions-head">Conditions</h3>')[1]
    assert "Stated by the rule of Texas" in listed
    assert "<strong>Labelling</strong> <small>(for sell)</small>: Test condition. Products carry a label" in listed
    # An age limit or a cap is said once, by the limits list, not again among the named conditions.
    assert "Buyers must be 18 or older" not in listed and "<strong>Minimum age</strong>: 18" in rules
    assert 'href="#cond-kratom-1"' in rules
    assert "(conditions not recorded)" in rules  # import: allowed under conditions the dataset does not list


@pytest.mark.parametrize("path", ["/api/v1/travel?from=TH&to=US-TX", "/travel?from=TH&to=US-TX"])
def test_the_route_check_says_when_conditions_are_not_recorded(client, path):
    body = client.get(path).get_data(as_text=True)
    assert (
        "Bringing it in is allowed under conditions in Texas (set by the United States), but the conditions are "
        "not recorded in this dataset." in body
    )

"""GET /api/v1/jurisdictions: the filters journalists asked for, and fields=/expand=."""

from __future__ import annotations

import pytest

from regstatus import vocab

JOURNALIST = "level=subdivision&parent=US&substance=7-oh&status=banned&effective_from=2025-01-01&expand=sources"


def listing(client, query: str) -> dict:
    response = client.get(f"/api/v1/jurisdictions?{query}")
    assert response.status_code == 200, response.json
    return response.json


def codes(client, query: str) -> list[str]:
    return [j["code"] for j in listing(client, query)["data"]]


def entry(place: dict, substance: str) -> dict:
    return next(s for s in place["statuses"] if s["substance"] == substance)


def test_us_states_that_banned_7oh_in_2025_2026_in_one_request(client):
    body = listing(client, JOURNALIST + "&as_of=2025-12-01")
    assert [j["code"] for j in body["data"]] == ["US-FL"]
    oh = entry(body["data"][0], "7-oh")
    assert (oh["status"], oh["effective_from"]) == ("banned", "2025-08-01")
    # Florida's own row alone: its possession ban decides buying and selling, not the federal row's silence.
    assert [s["id"] for s in oh["sources"]] == ["test-statute-a"]
    assert oh["best_source_tier"] == 1
    # The emergency rule lapsed on 2026-03-01: after that no state qualifies.
    assert codes(client, JOURNALIST + "&as_of=2026-06-01") == []
    later = JOURNALIST.replace("effective_from=2025-01-01", "effective_from=2025-08-02")
    assert codes(client, later + "&as_of=2025-12-01") == []


def test_the_journalist_query_is_an_openapi_example(client):
    spec = client.get("/api/v1/openapi.json").json
    examples = spec["paths"]["/api/v1/jurisdictions"]["get"]["responses"]["200"]["content"]["application/json"]
    example = examples["examples"]["us-states-banning-7-oh"]
    assert JOURNALIST in example["description"]
    assert example["value"]["data"] and all(
        entry(p, "7-oh")["status"] == "banned" and entry(p, "7-oh")["effective_from"] >= "2025-01-01"
        for p in example["value"]["data"]
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # DE's row is dated by known_since 2024-06-01, a research date: no change in the law on a known day.
        ("level=country&changed_since=2022-01-01&as_of=2026-01-01", ["TH"]),
        ("level=country&changed_since=2023-01-01&as_of=2026-01-01", []),
        ("level=country&changed_since=2021-01-01&as_of=2021-12-31", ["TH"]),
        ("parent=US&substance=7-oh&changed_since=2025-08-02&as_of=2025-12-01", []),
        ("parent=US&substance=7-oh&changed_since=2026-01-01&as_of=2026-06-01", ["US-FL"]),  # the lapse
        ("level=subdivision&effective_from=2019-01-01&effective_to=2019-12-31", ["US-TX"]),
        ("level=locality&effective_from=2020-01-01", ["US-TX-TESTVILLE"]),
        ("level=locality&effective_to=2020-01-01", ["US-CA-SAN-DIEGO"]),
        ("level=country&effective_from=2022-08-24&effective_to=2022-08-24", ["TH"]),
        # Thailand's current rule is from 2022-08-24; the US row, found in force on 2014-02-28 (known_since),
        # took effect on or before that day, so it is known to have taken effect by 2022-01-01.
        ("level=country&effective_to=2022-01-01", ["US"]),
        ("level=country&effective_from=2010-01-01&effective_to=2022-01-01", []),  # but not since when
        ("level=country&effective_from=2022-08-25&effective_to=2022-08-23", []),  # ends before it starts
        ("level=country&as_of=2022-01-01&effective_to=2022-01-01", ["TH", "US"]),
        ("parent=US&source_tier=1", ["US-TX"]),
        ("parent=US&source_tier=4", ["US-KY"]),
        ("parent=US&source_tier=6", ["US-CA"]),
        ("level=country&confidence=high", ["TH"]),
        ("level=country&confidence=high&status=banned", []),
        ("parent=US&source_tier=1&status=regulated&effective_from=2019-09-01", ["US-TX"]),
    ],
)
def test_answer_filters(client, query, expected):
    assert codes(client, query + "&per_page=500") == expected


def test_a_change_above_counts_where_it_moved_the_answer(client):
    # The federal 7-OH row starts 2025-07-29: every state without a rule of its own moved with it.
    moved = codes(client, "parent=US&substance=7-oh&changed_since=2025-07-01&as_of=2025-12-01&per_page=500")
    assert {"US-FL", "US-TX", "US-CA"} <= set(moved) and len(moved) > 50
    # Kratom's federal row is from 2014; California's and Kentucky's own rows are dated only by known_since
    # (2020-01-01, 2025-01-01: research dates), so no change in the law since 2020 is known for any state.
    assert codes(client, "parent=US&changed_since=2020-01-01&as_of=2026-01-01") == []


def test_confidence_partitions_the_listing(client):
    everyone = listing(client, "parent=US&per_page=500")
    total = everyone["meta"]["total"]
    parts = {c: codes(client, f"parent=US&per_page=500&confidence={c}") for c in vocab.CONFIDENCE}
    assert sum(len(p) for p in parts.values()) == total
    for c, found in parts.items():
        for place in everyone["data"]:
            if place["code"] in found:
                assert entry(place, "kratom")["confidence"] == c


def test_expand_adds_the_summary_activities_and_citations(client):
    plain = listing(client, "parent=US-TX&q=testville")["data"][0]
    assert not {"words", "activities", "sources", "summary"} & set(entry(plain, "kratom"))
    full = listing(client, "level=locality&q=testville&expand=summary,activities,sources")["data"][0]
    kratom = entry(full, "kratom")
    assert kratom["words"].startswith("Kratom is banned in Testville")
    assert kratom["summary"] == "Test row. A city ban inside a regulated state."
    assert kratom["activities"]["possess"] == {"value": "prohibited", "set_by": "US-TX-TESTVILLE"}
    # Testville's possession ban decides import, which the federal row only conditions.
    assert kratom["activities"]["import"] == {"value": "prohibited", "set_by": "US-TX-TESTVILLE"}
    # The rows behind the answer, each source once: Testville's own.
    assert [s["id"] for s in kratom["sources"]] == ["test-news-b"]
    texas = entry(listing(client, "q=us-tx&level=subdivision&expand=sources")["data"][0], "kratom")
    assert [s["id"] for s in texas["sources"]] == ["test-news-b", "test-statute-a"]


def test_fields_trims_each_place(client):
    body = listing(client, "level=locality&fields=name")
    assert body["data"] == [
        {"code": "US-CA-SAN-DIEGO", "name": "San Diego"},
        {"code": "US-TX-TESTVILLE", "name": "Testville"},
    ]
    both = listing(client, "level=locality&fields=name,statuses&expand=summary")["data"][0]
    assert set(both) == {"code", "name", "statuses"} and "words" in both["statuses"][0]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("changed_since=2025-13-01", "changed_since"),
        ("changed_since=yesterday", "changed_since"),
        ("effective_from=2025-02-30", "effective_from"),
        ("confidence=certain", "confidence"),
        ("confidence=HIGH", "confidence"),
        ("source_tier=0", "source_tier"),
        ("source_tier=7", "source_tier"),
        ("source_tier=one", "source_tier"),
        ("expand=everything", "expand"),
        ("expand=summary,nope", "expand"),
        ("fields=name,secret", "fields"),
    ],
)
def test_bad_values_are_problems_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/jurisdictions?{query}")
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"
    assert list(response.json["errors"]) == [parameter]


def test_filters_are_documented_with_their_vocabularies(client):
    spec = client.get("/api/v1/openapi.json").json
    params = {p["name"]: p for p in spec["paths"]["/api/v1/jurisdictions"]["get"]["parameters"] if "name" in p}
    assert params["confidence"]["schema"]["enum"] == list(vocab.CONFIDENCE)
    assert params["expand"]["schema"]["items"]["enum"] == list(vocab.LISTING_EXPANSIONS)
    assert params["fields"]["schema"]["items"]["enum"] == list(vocab.LISTING_FIELDS)
    assert (params["source_tier"]["schema"]["minimum"], params["source_tier"]["schema"]["maximum"]) == (1, 6)
    for name in ("changed_since", "effective_from", "effective_to"):
        assert params[name]["schema"]["format"] == "date"

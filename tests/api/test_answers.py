"""The effective answer: levels composed per activity, caveats, advisories, measures, data-owned time."""

from __future__ import annotations


def effective(client, code: str, substance: str = "kratom", **args) -> dict:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    response = client.get(f"/api/v1/jurisdictions/{code}?{query}")
    assert response.status_code == 200, response.json
    return next(e for e in response.json["effective"] if e["substance"] == substance)


def test_regulated_state_under_an_import_advisory_is_regulated(client):
    answer = effective(client, "US-TX")
    assert answer["status"] == "regulated"
    assert answer["activities"]["import"] == {
        "value": "conditional",
        "set_by": "US",
        "because": None,
        "note": "the conditions are not recorded in this dataset",
        "conditions": [],
        "uncertain_at": [],
        "preempted_at": [],
    }
    assert answer["activities"]["buy"]["set_by"] == "US-TX"
    assert answer["activities"]["possess"] == {
        "value": "allowed",
        "set_by": "US",
        "because": None,
        "note": None,
        "conditions": [],
        "uncertain_at": [],
        "preempted_at": [],
    }
    assert [a["id"] for a in answer["advisories"]] == ["test-import-alert"]
    assert answer["advisories"][0]["kind"] == "import-alert"
    assert answer["caveats"] == []
    assert answer["min_age"] == {"value": 18, "set_by": "US-TX"}
    assert answer["thresholds"][0]["set_by"] == "US-TX"
    assert answer["words"].startswith("Kratom is regulated in Texas:")
    assert "buyers must be 18 or older" in answer["words"]


def test_a_legal_state_stays_legal_under_a_conditional_import(client):
    assert effective(client, "US-CA")["status"] == "legal"


def test_locality_ban_inside_a_regulated_state_is_banned_by_the_locality(client):
    answer = effective(client, "US-TX-TESTVILLE")
    assert answer["status"] == "banned"
    assert answer["activities"]["possess"]["value"] == "prohibited"
    assert answer["activities"]["possess"]["set_by"] == "US-TX-TESTVILLE"
    assert answer["min_age"]["set_by"] == "US-TX"
    assert [lvl["code"] for lvl in answer["levels"]] == ["US", "US-TX", "US-TX-TESTVILLE"]


def test_disputed_state_under_a_legal_federal_level_carries_a_caveat(client):
    answer = effective(client, "US-KY")
    assert answer["status"] == "disputed"
    assert answer["confidence"] == "low"
    assert [(c["kind"], c["level"]) for c in answer["caveats"]] == [("disputed", "US-KY")]
    assert "Kentucky" in answer["caveats"][0]["message"]
    assert answer["caveats"][0]["sources"]
    assert "US-KY" in answer["activities"]["possess"]["uncertain_at"]
    # What Kentucky leaves open is not claimed as allowed in the sentence.
    assert answer["words"] == "The status of kratom in Kentucky is disputed."


def test_lapsed_emergency_rule_answers_lapsed_with_its_date(client):
    body = client.get("/api/v1/jurisdictions/US-FL?as_of=2026-06-01").json
    own = next(s for s in body["statuses"] if s["substance"] == "7-oh")
    assert own["status"] == "unknown"
    assert "lapsed on 2026-03-01" in own["summary"]
    assert "not researched" not in own["summary"].lower()
    assert own["lapsed"]["status"] == "banned" and own["lapsed"]["expires_on"] == "2026-03-01"
    answer = next(e for e in body["effective"] if e["substance"] == "7-oh")
    assert [(c["kind"], c["level"]) for c in answer["caveats"]] == [("lapsed", "US-FL")]
    assert "2026-03-01" in answer["caveats"][0]["message"]
    assert answer["confidence"] == "low"


def test_as_of_before_known_since_is_unknown_with_a_caveat(client):
    answer = effective(client, "TH", as_of="1900-01-01")
    assert answer["status"] == "unknown"
    assert [(c["kind"], c["level"]) for c in answer["caveats"]] == [("not-yet-known", "TH")]
    assert "1943-08-03" in answer["caveats"][0]["message"]
    assert effective(client, "TH", as_of="1943-08-03")["status"] == "banned"


def test_restricted_is_derived_from_a_sale_ban(client):
    answer = effective(client, "DE")
    assert answer["status"] == "restricted"
    assert answer["activities"]["sell"]["value"] == "prohibited"


def test_unresearched_place_says_so(client):
    answer = effective(client, "US-TX", "7-oh")
    assert ("unresearched", "US-TX") in [(c["kind"], c["level"]) for c in answer["caveats"]]
    assert answer["confidence"] == "low"


def test_pending_measure_is_listed_and_does_not_change_the_status(client):
    answer = effective(client, "US-TX", as_of="2026-03-01")
    assert answer["status"] == "regulated"
    assert [(m["identifier"], m["stages"][-1]["stage"]) for m in answer["pending"]] == [("HB 1", "in-committee")]
    assert effective(client, "US-TX", as_of="2025-12-31")["pending"] == []


def test_every_answer_names_its_dataset_version(client):
    for url in ("/api/v1/jurisdictions/TH", "/api/v1/jurisdictions/TH/history", "/api/v1/jurisdictions", "/api/v1/"):
        body = client.get(url).json
        dataset = body.get("dataset") or body["meta"]["dataset"]
        assert len(dataset["version"]) == 12
        assert dataset["date"] == "2026-02-01"


def test_a_correction_is_answerable_with_known_at(client):
    before = client.get("/api/v1/jurisdictions/US-TX?known_at=2026-01-20T00:00:00Z").json["statuses"][0]
    after = client.get("/api/v1/jurisdictions/US-TX?known_at=2026-02-02T00:00:00Z").json["statuses"][0]
    assert (before["status"], after["status"]) == ("legal", "regulated")
    history = client.get("/api/v1/jurisdictions/US-TX/history").json["versions"]
    corrected = [v for v in history if v["superseded_at"]]
    assert [(v["status"], v["superseded_at"], v["correction_reason"]) for v in corrected] == [
        ("legal", "2026-02-01T00:00:00+00:00", "Test correction. The statute sets an age limit.")
    ]
    assert corrected[0]["ends_on"] is None  # a superseded text does not end where its replacement starts
    assert next(v for v in history if not v["superseded_at"])["recorded_at"] == "2026-02-01T00:00:00+00:00"


def test_the_index_publishes_the_derivation_table(client):
    body = client.get("/api/v1/").json
    assert [row["status"] for row in body["derivation"]] == ["banned", "restricted", "regulated", "legal", "unknown"]
    assert set(body["activities"]) == {"possess", "buy", "sell", "import", "export", "transit", "cultivate"}

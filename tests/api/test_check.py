"""The product check through HTTP: labels x places on the real dataset, the rules on the fixture, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regstatus.vocab import CHECK_VERDICT_MEANINGS, CHECK_VERDICTS, LABEL_FIGURES, PRODUCT_FORMS

AS_OF = "2026-12-08"  # answers are for a legal date; a fixed one keeps the table from following the clock
README = Path(__file__).resolve().parents[2] / "README.md"


def check(client, **query):
    query.setdefault("as_of", AS_OF)
    response = client.get("/api/v1/check", query_string=query)
    assert response.status_code == 200, response.json
    return response.json


def verdicts(body) -> dict[str, str]:
    return {lvl["code"]: lvl["verdict"] for lvl in body["levels"]}


# label x place -> overall verdict and per-level verdicts, on the real dataset (seed/).
LABELS = {
    "leaf, 7-OH 1.5% of alkaloids, 25": {"product": "leaf", "pct_7oh_of_alkaloids": 1.5, "buyer_age": 25},
    "powder, 7-OH 5% of alkaloids, 25": {"product": "powder", "pct_7oh_of_alkaloids": 5, "buyer_age": 25},
    "extract, no figures, 20": {"product": "extract", "buyer_age": 20},
    "7-OH isolate, 95% of alkaloids, 30 mg": {
        "product": "7-oh-isolate",
        "pct_7oh_of_alkaloids": 95,
        "mg_7oh_per_serving": 30,
        "buyer_age": 30,
    },
    "leaf, 16": {"product": "leaf", "buyer_age": 16},
    "capsules, 7-OH 0.5 mg, mitragynine 100 mg, 25": {
        "product": "powder",
        "mg_7oh_per_serving": 0.5,
        "mg_mitragynine_per_serving": 100,
        "buyer_age": 25,
    },
}
TABLE = [
    # Texas caps 7-OH at 2% of the alkaloids of a kratom product (Health & Safety Code ch. 444).
    ("leaf, 7-OH 1.5% of alkaloids, 25", "US-TX", "passes", {"US": "passes", "US-TX": "passes"}),
    ("powder, 7-OH 5% of alkaloids, 25", "US-TX", "fails", {"US": "passes", "US-TX": "fails"}),
    ("extract, no figures, 20", "US-TX", "unknown", {"US": "passes", "US-TX": "unknown"}),
    ("7-OH isolate, 95% of alkaloids, 30 mg", "US-TX", "fails", {"US": "unknown", "US-TX": "fails"}),
    # Florida: 21 and over; 7-OH in Schedule I by emergency rule.
    ("extract, no figures, 20", "US-FL", "fails", {"US": "passes", "US-FL": "fails"}),
    ("7-OH isolate, 95% of alkaloids, 30 mg", "US-FL", "fails", {"US": "unknown", "US-FL": "fails"}),
    # Tennessee: 21 and over; 7-OH products banned.
    ("extract, no figures, 20", "US-TN", "fails", {"US": "passes", "US-TN": "fails"}),
    ("7-OH isolate, 95% of alkaloids, 30 mg", "US-TN", "fails", {"US": "unknown", "US-TN": "fails"}),
    # Ohio: the kratom row is disputed, the 7-OH emergency rule lapsed: never a pass.
    ("leaf, 7-OH 1.5% of alkaloids, 25", "US-OH", "unknown", {"US": "passes", "US-OH": "unknown"}),
    ("7-OH isolate, 95% of alkaloids, 30 mg", "US-OH", "unknown", {"US": "unknown", "US-OH": "unknown"}),
    # Thailand: 18 and over, no potency cap recorded.
    ("leaf, 7-OH 1.5% of alkaloids, 25", "TH", "unknown", {"TH": "unknown"}),
    ("leaf, 16", "TH", "fails", {"TH": "fails"}),
    # Georgia also caps 7-OH at 0.5 mg per gram, a figure the check does not take: never a pass on the rest.
    ("capsules, 7-OH 0.5 mg, mitragynine 100 mg, 25", "US-GA", "unknown", {"US": "passes", "US-GA": "unknown"}),
    # Mississippi's definition of a kratom product caps 7-OH at 1% of the alkaloids.
    ("powder, 7-OH 5% of alkaloids, 25", "US-MS", "fails", {"US": "passes", "US-MS": "fails"}),
]


@pytest.mark.parametrize(("label", "place", "overall", "levels"), TABLE, ids=[f"{r[0]} @ {r[1]}" for r in TABLE])
def test_labels_by_places(real_app, label, place, overall, levels):
    body = check(real_app.test_client(), place=place, **LABELS[label])
    assert body["verdict"] == overall, body["reasons"]
    assert verdicts(body) == levels
    for lvl in body["levels"]:
        if lvl["verdict"] == "fails":
            # Which rule, cited: a failing level names its citation and sources, and says so in the reasons.
            assert lvl["citation"] and lvl["sources"], lvl
            assert any(r.startswith(lvl["name"] + ":") and lvl["citation"] in r for r in body["reasons"])


def test_texas_names_the_cap_and_the_figure(real_app):
    body = check(real_app.test_client(), place="US-TX", product="powder", pct_7oh_of_alkaloids=5)
    cap = next(f for f in body["levels"][1]["findings"] if f["kind"] == "cap")
    assert (cap["analyte"], cap["unit"], cap["limit"], cap["given"], cap["verdict"]) == (
        "7-oh",
        "pct_alkaloid_fraction",
        2,
        5,
        "fails",
    )
    # Without the figure the cap needs, the level is not a pass.
    body = check(real_app.test_client(), place="US-TX", product="powder", mg_7oh_per_serving=1)
    cap = next(f for f in body["levels"][1]["findings"] if f["kind"] == "cap")
    assert cap["verdict"] == "unknown" and cap["figure"] == "pct_7oh_of_alkaloids"
    assert body["verdict"] == "unknown"


def test_never_passes_an_uncertain_level_anywhere(real_app):
    client = real_app.test_client()
    codes = [j["code"] for j in client.get("/api/v1/jurisdictions?per_page=500&fields=code").json["data"]]
    uncertain = {"unresearched", "disputed", "lapsed", "not-yet-known", "searched"}
    every_figure = {"mg_7oh_per_serving": 0, "pct_7oh_of_alkaloids": 0, "mg_mitragynine_per_serving": 0}
    for code in codes:
        for product in ("powder", "7-oh-isolate"):
            body = check(client, place=code, product=product, buyer_age=99, **every_figure)
            doubtful = {c["level"] for c in body["caveats"] if c["kind"] in uncertain}
            for lvl in body["levels"]:
                assert not (lvl["code"] in doubtful and lvl["verdict"] == "passes"), (code, product, lvl)
            if body["verdict"] == "passes":
                assert all(lvl["verdict"] == "passes" for lvl in body["levels"])


# --- the rules, on the fixture seed ------------------------------------------------------------


def test_a_cap_on_a_banned_row_bars_only_the_products_above_it(client):
    # The fixture's Florida 7-OH emergency rule (in force until 2026-03-01) bans 7-OH above 2% of alkaloids.
    low = check(client, place="US-FL", product="7-oh-isolate", pct_7oh_of_alkaloids=1, as_of="2025-09-01")
    assert verdicts(low) == {"US": "passes", "US-FL": "passes"}
    high = check(client, place="US-FL", product="7-oh-isolate", pct_7oh_of_alkaloids=3, as_of="2025-09-01")
    assert high["verdict"] == "fails"
    assert "Sale is prohibited above a cap" in high["reasons"][0]
    # After it lapsed nothing is in force: unknown, never a pass.
    after = check(client, place="US-FL", product="7-oh-isolate", pct_7oh_of_alkaloids=1, as_of="2026-06-01")
    assert verdicts(after)["US-FL"] == "unknown"


def test_age_caps_and_conditions_at_each_level(client):
    body = check(client, place="US-TX", product="leaf", pct_7oh_of_alkaloids=1, buyer_age=18, as_of="2026-06-01")
    assert body["verdict"] == "passes"
    texas = body["levels"][1]
    assert [f["kind"] for f in texas["findings"]] == ["cap", "age"]
    assert texas["requirements"] == [
        {"kind": "labelling", "text": "Test condition. Products carry a label listing their alkaloid content."}
    ]
    young = check(client, place="US-TX", product="leaf", pct_7oh_of_alkaloids=1, buyer_age=17, as_of="2026-06-01")
    assert young["verdict"] == "fails" and "Buyers must be 18 or older; the buyer is 17." in young["reasons"][0]
    no_age = check(client, place="US-TX", product="leaf", pct_7oh_of_alkaloids=1, as_of="2026-06-01")
    assert no_age["verdict"] == "unknown"


def test_a_local_ban_fails_below_a_state_that_passes(client):
    body = check(client, place="US-TX-TESTVILLE", product="leaf", pct_7oh_of_alkaloids=1, buyer_age=30)
    assert verdicts(body) == {"US": "passes", "US-TX": "passes", "US-TX-TESTVILLE": "fails"}
    assert body["words"].startswith("This product (leaf) fails in Testville. Testville: Selling or buying it")


def test_disputed_unresearched_and_sale_bans(client):
    assert verdicts(check(client, place="US-KY", product="leaf", buyer_age=30)) == {"US": "passes", "US-KY": "unknown"}
    # Germany bans the sale under medicine law; Japan has no row at all.
    assert check(client, place="DE", product="powder")["verdict"] == "fails"
    jp = check(client, place="JP", product="powder", buyer_age=30, pct_7oh_of_alkaloids=0)
    assert jp["verdict"] == "unknown" and jp["levels"][0]["findings"][0]["kind"] == "research"


def test_substance_follows_the_product_unless_given(client):
    assert check(client, place="US", product="7-oh-isolate")["substance"] == "7-oh"
    assert check(client, place="US", product="tablet")["substance"] == "kratom"
    assert check(client, place="US", product="tablet", substance="7-oh")["substance"] == "7-oh"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("pct_7oh_of_alkaloids=101", "pct_7oh_of_alkaloids"),
        ("pct_7oh_of_alkaloids=-0.1", "pct_7oh_of_alkaloids"),
        ("mg_7oh_per_serving=NaN", "mg_7oh_per_serving"),
        ("mg_7oh_per_serving=inf", "mg_7oh_per_serving"),
        ("mg_mitragynine_per_serving=-5", "mg_mitragynine_per_serving"),
        ("mg_mitragynine_per_serving=lots", "mg_mitragynine_per_serving"),
        ("buyer_age=-1", "buyer_age"),
        ("buyer_age=20.5", "buyer_age"),
        ("product=gummy", "product"),
        ("substance=opium", "substance"),
        ("as_of=2026-13-01", "as_of"),
        ("colour=green", "colour"),
    ],
)
def test_bad_input_is_400_problem_json_naming_the_field(client, query, field):
    base = {"place": "US-TX", "product": "leaf"}
    response = client.get(f"/api/v1/check?place={base['place']}&product={base['product']}&{query}")
    if query.startswith("product="):
        response = client.get(f"/api/v1/check?place=US-TX&{query}")
    assert response.status_code == 400, response.json
    assert response.mimetype == "application/problem+json"
    assert field in response.json["errors"]


def test_missing_place_and_unknown_code(client):
    response = client.get("/api/v1/check?product=leaf")
    assert response.status_code == 400 and "place" in response.json["errors"]
    response = client.get("/api/v1/check?place=US-TXX&product=leaf")
    assert response.status_code == 404 and response.json["errors"] == {
        "place": ["No jurisdiction has the code 'US-TXX'."]
    }
    assert "US-TX" in response.json["suggestions"]


def test_the_openapi_document_and_readme_name_the_vocabularies(client):
    spec = client.get("/api/v1/openapi.json").json
    op = spec["paths"]["/api/v1/check"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["product"]["schema"]["enum"] == list(PRODUCT_FORMS)
    assert params["pct_7oh_of_alkaloids"]["schema"]["maximum"] == 100
    text = README.read_text()
    section = text[text.index("### Product check") :]
    section = section[: section.index("\n### ", 1)]
    for word in [*PRODUCT_FORMS, *CHECK_VERDICTS, *LABEL_FIGURES]:
        assert re.search(rf"`{re.escape(word)}`", section), word
    rows = dict(re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, re.M))
    assert {k: rows[k] for k in CHECK_VERDICT_MEANINGS} == CHECK_VERDICT_MEANINGS

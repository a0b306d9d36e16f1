"""Over the real dataset: no permission reaches below a level that bans possession, and conditions are named."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from regstatus.extensions import db
from regstatus.models import Jurisdiction
from regstatus.services import lookup
from regstatus.services.answer import GERUNDS, VALUE_WORDS
from regstatus.vocab import NEEDS_POSSESSION, PERMISSIONS, complete_activities

WORD_VALUES = {words: value for value, words in VALUE_WORDS.items()}
ACTIVITY_OF = {gerund: activity for activity, gerund in GERUNDS.items()}
PART = re.compile(
    r"^(?P<doing>.+?) (?:is|are) (?P<value>allowed under conditions|allowed|prescription only|prohibited)$"
)


@pytest.fixture(scope="module")
def real(real_app):
    """The real dataset, loaded once for every test that only reads it."""
    return real_app


def _every_answer(app, as_of: dt.date):
    with app.app_context():
        places = list(db.session.scalars(select(Jurisdiction)))
        return list(lookup.answers_for(db.session, places, as_of).values())


def _banning_levels(answer) -> list[int]:
    """Indices of the levels whose own rule makes possession an offence, that no level above preempts."""
    out, preempted = [], set()
    for i, lvl in enumerate(answer.levels):
        v = lvl.version
        if v is None or answer.answered_above(lvl) or lvl.status in ("disputed", "unknown"):
            continue
        acts = complete_activities(v.status, v.activities)
        if acts["possess"] == "prohibited" and "possess" not in preempted:
            out.append(i)
        preempted.update(v.preempts or [])
    return out


def _stated(words: str) -> dict[str, str]:
    """The activity values the sentence states, read back from its words."""
    if ": " not in words:
        return {}
    out = {}
    for part in words.split(": ", 1)[1].rstrip(".").split("; "):
        m = PART.match(part)
        if not m:
            continue  # an age limit or a cap, checked apart
        for doing in re.split(r", | and ", m["doing"]):
            out[ACTIVITY_OF[doing[0].lower() + doing[1:]]] = WORD_VALUES[m["value"]]
    return out


def _preempted_above(answer, index: int) -> set[str]:
    out = set()
    for lvl in answer.levels[:index]:
        if lvl.version is not None:
            out.update(lvl.version.preempts or [])
    return out


@pytest.mark.parametrize("as_of", [dt.date(2026, 12, 7), dt.date(2019, 1, 1)])
def test_no_permission_is_set_above_a_level_that_bans_possession(real, as_of):
    answers = _every_answer(real, as_of)
    assert len(answers) > 1000  # every place, both substances
    bad_values, bad_words, banned_places = [], [], 0
    for answer in answers:
        bans = _banning_levels(answer)
        if not bans:
            continue
        banned_places += 1
        first = bans[0]
        codes = [lvl.jurisdiction.code for lvl in answer.levels]
        exempt = _preempted_above(answer, first)  # a level above replaces the banning level's rule there
        stated = _stated(answer.words)
        for activity, c in answer.activities.items():
            if activity in exempt or activity == "possess":
                continue
            above = c.set_by is not None and codes.index(c.set_by) < first
            if c.value in PERMISSIONS and above:
                bad_values.append((answer.place.code, answer.substance.slug, activity, c.value, c.set_by))
            if activity in NEEDS_POSSESSION and c.value in PERMISSIONS and c.because:
                bad_values.append((answer.place.code, answer.substance.slug, activity, "permission because possess"))
            if stated.get(activity) in PERMISSIONS and above:
                bad_words.append((answer.place.code, answer.substance.slug, activity, answer.words))
        age = answer.min_age
        if age and "buyers must be" in answer.words and codes.index(age["set_by"]) < first:
            bad_words.append((answer.place.code, answer.substance.slug, "min_age", answer.words))
    assert banned_places > 50
    assert bad_values == []
    assert bad_words == []


def test_every_conditional_activity_names_its_conditions_or_says_none_is_recorded(real):
    for answer in _every_answer(real, dt.date(2026, 12, 7)):
        for activity, c in answer.activities.items():
            if c.value == "conditional":
                assert c.conditions or c.note == "the conditions are not recorded in this dataset", (
                    answer.place.code,
                    activity,
                )
                for cond in c.conditions:
                    assert activity in {a for lvl in answer.levels if lvl.version for a in _acts_of(lvl, cond)}
            else:
                assert c.conditions == [], (answer.place.code, activity)


def _acts_of(lvl, cond) -> set[str]:
    """The activities a level's named condition applies to (the same condition found again on its row)."""
    if lvl.jurisdiction.code != cond.level:
        return set()
    return {a for k in lvl.version.named_conditions if k["text"] == cond.text for a in k["activities"]}


@pytest.mark.parametrize("code", ["US-AL", "US-CA-SAN-DIEGO", "US-FL-SARASOTA-COUNTY"])
def test_a_banning_place_does_not_say_growing_is_allowed(real, code):
    body = real.test_client().get(f"/api/v1/jurisdictions/{code}").json
    kratom = next(e for e in body["effective"] if e["substance"] == "kratom")
    assert kratom["status"] == "banned"
    assert not re.search(r"growing it (?:is|are) allowed", kratom["words"])
    assert (kratom["activities"]["cultivate"]["value"], kratom["activities"]["cultivate"]["because"]) == (
        "unknown",
        "possess",
    )
    assert kratom["activities"]["cultivate"]["set_by"] != "US"


def test_thailand_names_its_import_licence_and_personal_use_exemption(real):
    client = real.test_client()
    body = client.get("/api/v1/travel?from=DE&to=TH").json
    assert body["verdict"] == "unknown"  # German export is not researched
    reasons = " ".join(body["reasons"])
    assert "Licence (Thailand): Importing or exporting kratom leaves needs a licence" in reasons
    assert "Personal amount (Thailand): Leaves carried in or out for one's own consumption" in reasons
    arrive = next(c for c in body["stops"][-1]["checks"] if c["activity"] == "import")
    assert [k["kind"] for k in arrive["conditions"]] == ["licence", "personal-amount"]
    assert all(k["sources"] and k["level"] == "TH" and k["citation"] for k in arrive["conditions"])
    assert all(k["amount"] is None for k in arrive["conditions"])  # no source gives the personal amount
    page = client.get("/travel?from=DE&to=TH").get_data(as_text=True)
    assert "Personal amount (Thailand)" in page and "Kratom Plant Act B.E. 2565 (2022)" in page

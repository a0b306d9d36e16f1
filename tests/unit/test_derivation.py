"""The derivation table and per-activity composition, over every combination of level values."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest

from regstatus.services.answer import Level, compose
from regstatus.services.in_force import Standing
from regstatus.vocab import ACTIVITIES, ACTIVITY_VALUES, STRICTNESS, derive_status

VALUES = [*ACTIVITY_VALUES, None]


def _expected(acts: dict) -> str:
    known = {a: v for a, v in acts.items() if v and v != "unknown"}
    if not known:
        return "unknown"
    if known.get("possess") == "prohibited":
        return "banned"
    if "prohibited" in known.values() or "prescription" in (known.get("buy"), known.get("sell")):
        return "restricted"
    if any(known.get(a) in ("conditional", "prescription") for a in ("possess", "buy", "sell", "cultivate")):
        return "regulated"
    return "legal"


@pytest.mark.parametrize("possess", VALUES)
@pytest.mark.parametrize("sell", VALUES)
def test_derivation_table_over_every_combination(possess, sell):
    for buy, imp, cultivate in itertools.product(VALUES, repeat=3):
        acts = {"possess": possess, "buy": buy, "sell": sell, "import": imp, "cultivate": cultivate}
        assert derive_status(acts) == _expected(acts), acts


def _version(status: str, code: str, **acts):
    return SimpleNamespace(
        status=status,
        confidence="high",
        min_age=None,
        thresholds=[],
        preempts=acts.pop("preempts", []),
        preemption=None,
        summary=f"{code} row",
        notes=None,
        sources=[],
        citation=None,
        named_conditions=acts.pop("named_conditions", []),
        activities={a: acts.get(a) for a in ACTIVITIES},
    )


def _level(code: str, version):
    return Level(SimpleNamespace(code=code, name=code), Standing(version=version))


@pytest.mark.parametrize(("upper", "lower"), list(itertools.product(STRICTNESS, STRICTNESS)))
def test_each_activity_takes_the_strictest_value_and_names_its_level(upper, lower):
    top = _version("legal", "A", sell=upper)
    bottom = _version("legal", "A-B", sell=lower)
    answer = compose(
        "kratom", SimpleNamespace(code="A-B", name="B"), [_level("A", top), _level("A-B", bottom)], dt.date(2026, 1, 1)
    )
    strictest = upper if STRICTNESS[upper] >= STRICTNESS[lower] else lower
    assert answer.activities["sell"].value == strictest
    assert answer.activities["sell"].set_by == ("A" if STRICTNESS[upper] >= STRICTNESS[lower] else "A-B")


def test_preemption_switches_off_the_lower_level_for_its_activities():
    top = _version("regulated", "A", buy="conditional", sell="conditional", possess="allowed", preempts=["sell"])
    bottom = _version("restricted", "A-B", sell="prohibited", buy="prohibited")
    answer = compose(
        "kratom", SimpleNamespace(code="A-B", name="B"), [_level("A", top), _level("A-B", bottom)], dt.date(2026, 1, 1)
    )
    assert (answer.activities["sell"].value, answer.activities["sell"].set_by) == ("conditional", "A")
    assert answer.activities["sell"].preempted_at == ["A-B"]
    assert (answer.activities["buy"].value, answer.activities["buy"].set_by) == ("prohibited", "A-B")
    assert answer.status == "restricted"


def test_unknown_values_never_outrank_known_ones():
    top = _version("legal", "A", possess="allowed")
    bottom = _version("legal", "A-B", possess="unknown")
    answer = compose(
        "kratom", SimpleNamespace(code="A-B", name="B"), [_level("A", top), _level("A-B", bottom)], dt.date(2026, 1, 1)
    )
    assert answer.activities["possess"].value == "allowed"
    assert answer.activities["possess"].uncertain_at == ["A-B"]


def _answer(*levels):
    chain = [_level(code, version) for code, version in levels]
    place = SimpleNamespace(code=levels[-1][0], name=levels[-1][0])
    return compose("kratom", place, chain, dt.date(2026, 1, 1))


def test_a_possession_ban_stops_a_permission_from_above():
    top = _version("legal", "A", possess="allowed", buy="allowed", cultivate="allowed", transit="conditional")
    answer = _answer(("A", top), ("A-B", _version("banned", "A-B")))
    for activity in ("buy", "transit"):
        c = answer.activities[activity]
        assert (c.value, c.set_by, c.because) == ("prohibited", "A-B", "possess")
    c = answer.activities["cultivate"]
    assert (c.value, c.set_by, c.because) == ("unknown", "A-B", "possess")


def test_the_banning_levels_own_rule_decides_what_it_records():
    # Malaysia's kind of law: the leaf is banned, planting the tree is not.
    answer = _answer(("A", _version("banned", "A", possess="prohibited", cultivate="allowed")))
    c = answer.activities["cultivate"]
    assert (c.value, c.set_by, c.because) == ("allowed", "A", None)


def test_a_prohibition_from_above_stands_and_a_preempted_activity_keeps_the_rule_above():
    top = _version("restricted", "A", possess="allowed", sell="prohibited", buy="conditional", preempts=["buy"])
    answer = _answer(("A", top), ("A-B", _version("banned", "A-B")))
    assert (answer.activities["sell"].set_by, answer.activities["sell"].because) == ("A", None)
    assert (answer.activities["buy"].value, answer.activities["buy"].set_by) == ("conditional", "A")


def test_a_rule_below_the_ban_may_say_what_applies_to_growing():
    below = _version("banned", "A-B-C", possess="prohibited", cultivate="prohibited")
    answer = _answer(("A", _version("banned", "A")), ("A-B", _version("legal", "A-B")), ("A-B-C", below))
    c = answer.activities["cultivate"]
    assert (c.value, c.set_by, c.because) == ("prohibited", "A-B-C", None)


def test_several_caps_read_as_one_clause_by_analyte():
    from regstatus.vocab import caps_words

    one = [{"analyte": "7-oh", "max": 2, "unit": "pct_alkaloid_fraction"}]
    assert caps_words(one) == "products whose 7-OH exceeds 2% of the alkaloid fraction may not be sold"
    three = [
        {"analyte": "mitragynine", "max": 150, "unit": "mg_per_serving"},
        {"analyte": "7-oh", "max": 0.05, "unit": "pct_weight"},
        {"analyte": "7-oh", "max": 1, "unit": "mg_per_serving"},
    ]
    assert caps_words(three) == (
        "products may not be sold above these caps: mitragynine 150 mg per serving; "
        "7-OH 0.05% by weight or 1 mg per serving"
    )
    assert caps_words([]) is None

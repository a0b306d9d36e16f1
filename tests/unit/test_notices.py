"""Splitting an answer's advisories and measures: the place's own in full, a count per level above that has any."""

from __future__ import annotations

from types import SimpleNamespace as NS

from regstatus.services.notices import split


def test_own_notices_are_kept_and_levels_above_are_counted_in_chain_order():
    us, ca, sd = NS(id=1, code="US"), NS(id=2, code="US-CA"), NS(id=3, code="US-CA-SD")
    levels = [NS(jurisdiction=j) for j in (us, ca, sd)]
    advisories = [NS(jurisdiction_id=1, key="a"), NS(jurisdiction_id=3, key="b"), NS(jurisdiction_id=1, key="c")]
    pending = [NS(jurisdiction_id=1, key="m"), NS(jurisdiction_id=3, key="n")]
    out = split(sd, levels, advisories, pending)
    assert [x.key for x in out.advisories] == ["b"] and [m.key for m in out.pending] == ["n"]
    # California has none: it is not listed; the US counts two advisories and one measure.
    assert [(a.jurisdiction.code, a.advisories, a.pending) for a in out.above] == [("US", 2, 1)]


def test_the_level_s_own_page_counts_nothing_above():
    us = NS(id=1, code="US")
    out = split(us, [NS(jurisdiction=us)], [NS(jurisdiction_id=1)])
    assert len(out.advisories) == 1 and out.above == [] and out.pending == []

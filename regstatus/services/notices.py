"""An answer's advisories and pending measures split into the place's own and a count per level above it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Above:
    """A level above the place and how many of its advisories and pending measures concern the substance."""

    jurisdiction: Any
    advisories: int = 0
    pending: int = 0


@dataclass
class Notices:
    """What a page shows in full (the place's own) and what it only counts (each level above's)."""

    advisories: list[Any] = field(default_factory=list)
    pending: list[Any] = field(default_factory=list)
    above: list[Above] = field(default_factory=list)


def split(place: Any, levels: list[Any], advisories: list[Any], pending: list[Any] = ()) -> Notices:
    """The place's own advisories and measures, in their order, and a count for each level above that has any.

    A level above's notices are the same on every page below it (the US has dozens): its own page
    shows them once in full, pages below count them and link there. Levels keep the chain's order.
    """
    out = Notices(
        advisories=[x for x in advisories if x.jurisdiction_id == place.id],
        pending=[m for m in pending if m.jurisdiction_id == place.id],
    )
    for lvl in levels:
        j = lvl.jurisdiction
        if j.id == place.id:
            continue
        count = Above(
            j,
            sum(1 for x in advisories if x.jurisdiction_id == j.id),
            sum(1 for m in pending if m.jurisdiction_id == j.id),
        )
        if count.advisories or count.pending:
            out.above.append(count)
    return out

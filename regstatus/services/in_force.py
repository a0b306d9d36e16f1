"""What "in force" means: the one definition the API, the pages and the seed report share.

Works on anything with `starts_on`, `effective_to` and `expires_on` (rule
versions from the database, or seed records wrapped by `as_version`), so the
figures of `flask seed report` and the answers of the API cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Generic, Protocol, TypeVar


class Dated(Protocol):
    """A version's legal time."""

    starts_on: dt.date | None
    effective_to: dt.date | None
    expires_on: dt.date | None


V = TypeVar("V", bound=Dated)


def _start(v: Dated) -> dt.date:
    # An undated version (only `unknown` rows may be undated) stands "since an unknown date".
    return v.starts_on or dt.date.min


def ended_on(version: Dated, later: Sequence[Dated] = ()) -> dt.date | None:
    """When a version stops applying: its own end or expiry, else the start of the next version."""
    own = [d for d in (version.effective_to, version.expires_on) if d is not None]
    if own:
        return min(own)
    nexts = [_start(v) for v in later if _start(v) > _start(version)]
    return min(nexts) if nexts else None


@dataclass
class Standing(Generic[V]):
    """What stands for one substance at one place on one date.

    Exactly one of: `version` (in force); `lapsed` (the latest version ended or
    lapsed, with nothing recorded after it: `lapsed_on` says when);
    `known_from` (the date is before every version's start; `first` is that
    version, whose start may be a lower bound or a research date); or nothing at all
    (no version recorded).
    """

    version: V | None = None
    lapsed: V | None = None
    lapsed_on: dt.date | None = None
    known_from: dt.date | None = None
    first: V | None = None  # with known_from: the earliest version, whose kind of start says what is known


def standing(versions: Sequence[V], as_of: dt.date) -> Standing[V]:
    """The version in force on `as_of` among one place's versions of one substance.

    The version with the latest start on or before the date applies, unless its
    own effective_to or expires_on has passed: then the place has a lapsed rule,
    not an unknown one.
    """
    if not versions:
        return Standing()
    started = [v for v in versions if _start(v) <= as_of]
    if not started:
        first = min(versions, key=_start)
        return Standing(known_from=_start(first), first=first)
    latest = max(started, key=_start)
    end = ended_on(latest)
    if end is not None and end <= as_of:
        return Standing(lapsed=latest, lapsed_on=end)
    return Standing(version=latest)


def as_version(record: dict[str, Any]) -> Any:
    """A validated seed rule record seen as a version (for the seed report)."""
    fields = ("effective_from", "in_force_since_at_least", "known_since", "starts_on", "effective_to", "expires_on")
    defaults = {**dict.fromkeys((*fields, "citation")), "date_precision": "day"}
    return SimpleNamespace(**{**defaults, **record}, record=record)

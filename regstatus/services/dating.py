"""What a version's start says: which kind of date it is, how precise, how to print it, what filters match.

One definition for the API, the pages, the change events, the listing filters and the exports. A
version is dated by exactly one of `effective_from` (a legal date, to the day, month or year),
`in_force_since_at_least` (a lower bound: the law is older or as old) or `known_since` (a research date:
when the dataset found it, the law's own date not found). See vocab.START_KINDS.
"""

from __future__ import annotations

import calendar
import datetime as dt
from types import SimpleNamespace
from typing import Any

from babel.dates import format_date

from regstatus.services.language import english, gettext, language

# start_kind and precision are vocabulary (the API contract reads them too); served here with the rest.
from regstatus.vocab import START_KINDS, precision, start_kind

MONTHS = [calendar.month_name[m] for m in range(13)]


def is_legal_date(v: Any) -> bool:
    """Whether the version's start is the law's own date (effective_from), not a bound or a research date."""
    return start_kind(v) == "effective_from"


def last_day(start: dt.date, prec: str | None) -> dt.date:
    """The last day a start of this precision may stand for (the day itself, its month's or year's end)."""
    if prec == "year":
        return dt.date(start.year, 12, 31)
    if prec == "month":
        return dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


def shown_date(day: dt.date, prec: str | None) -> str:
    """A date as precise as its source: 2016, March 2016 or 2016-03-01."""
    if prec == "year":
        return str(day.year)
    if prec == "month":
        return f"{MONTHS[day.month]} {day.year}" if english() else format_date(day, "LLLL y", locale=language())
    return day.isoformat()


def since_phrase(v: Any) -> str:
    """How a page prints a version's start: "since 2018-03-01", "from 2016", "since at least 2018-03-01"."""
    kind = start_kind(v)
    if kind == "effective_from":
        prec = precision(v)
        shown = shown_date(v.effective_from, prec)
        return gettext("since %(date)s", date=shown) if prec == "day" else gettext("from %(date)s", date=shown)
    if kind == "in_force_since_at_least":
        return gettext("since at least %(date)s", date=v.in_force_since_at_least.isoformat())
    if kind == "known_since":
        return gettext("found in force on %(date)s (the law's own date was not found)", date=v.known_since.isoformat())
    return gettext("since an unknown date")


def span_start(v: Any) -> str:
    """A version's start in a history timeline ("2021-08-24 to 2022-08-24"): the date as precise as its source,
    and a lower bound or a research date said for what it is."""
    kind = start_kind(v)
    if kind == "effective_from":
        return shown_date(v.effective_from, precision(v))
    if kind == "known_since":
        return gettext("found in force %(date)s (the law's own date was not found)", date=v.known_since.isoformat())
    return since_phrase(v)


def before_start_phrase(v: Any, subject: str) -> str:
    """What is known for a date before the version's start (the earliest one recorded): `subject` is the rule."""
    kind = start_kind(v)
    if kind == "in_force_since_at_least":
        return gettext(
            "%(rule)s is shown in force since at least %(date)s (the date of the act or of the oldest dated "
            "source showing it); what applied before that is not established.",
            rule=subject,
            date=v.in_force_since_at_least.isoformat(),
        )
    if kind == "known_since":
        return gettext(
            "%(rule)s was found in force when the dataset recorded it on %(date)s; the law's own date was not "
            "found, so what applied before that is not established.",
            rule=subject,
            date=v.known_since.isoformat(),
        )
    prec = precision(v)
    if prec == "day":
        return gettext(
            "%(rule)s took effect %(date)s; what applied before it is not established.",
            rule=subject,
            date=v.effective_from.isoformat(),
        )
    return gettext(
        "%(rule)s took effect in %(date)s; what applied before it is not established.",
        rule=subject,
        date=shown_date(v.effective_from, prec),
    )


def possible_effective_dates(v: Any) -> tuple[dt.date, dt.date] | None:
    """The range of days on which the version may have taken legal effect, as far as its dates show.

    effective_from: that day, or the whole month or year its precision leaves open; a lower bound or a
    research date: any day up to it (the law took effect on or before it). None for an undated version.
    """
    kind = start_kind(v)
    if kind == "effective_from":
        return v.effective_from, last_day(v.effective_from, precision(v))
    if kind is not None:
        return dt.date.min, getattr(v, kind)
    return None


def took_effect_within(v: Any, lo: dt.date | None, hi: dt.date | None) -> bool:
    """Whether the sources show the version took effect from `lo` to `hi` (inclusive; None is open).

    True only when every day it may have taken effect lies in the range: a year-precision date matches
    a range that holds its whole year, and a lower bound matches only a range open at its start that
    ends on or after it (the law is known to be older, never how much older).
    """
    window = possible_effective_dates(v)
    if window is None:
        return False
    first, last = window
    return (lo or dt.date.min) <= first and last <= (hi or dt.date.max)


def start_examples() -> dict[str, str]:
    """How each kind of start is printed, from since_phrase itself (for /about)."""
    day = dt.date(2018, 3, 1)
    year = dt.date(2016, 1, 1)

    def phrase(**dates) -> str:
        return since_phrase(SimpleNamespace(**{**dict.fromkeys(START_KINDS), "date_precision": "day", **dates}))

    return {
        "effective_from": f'"{phrase(effective_from=day)}"; "{phrase(effective_from=year, date_precision="year")}"',
        "in_force_since_at_least": f'"{phrase(in_force_since_at_least=day)}"',
        "known_since": f'"{phrase(known_since=day)}"',
    }

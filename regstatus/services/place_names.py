"""A place named as a user types it (a code, a place's name, a city) -> the jurisdiction that answers for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from regstatus.errors import AmbiguousName, DomainError, NotFoundError, UnresolvedNames
from regstatus.models import Jurisdiction
from regstatus.services import gazetteer, lookup
from regstatus.services import jurisdictions as jur
from regstatus.services import search as finder


@dataclass
class Named:
    """What a typed name resolved to: the jurisdiction, and the city it named if it named one."""

    jurisdiction: Jurisdiction
    city: gazetteer.Placed | None = None


def resolve(session: Session, text: str, field: str) -> Named:
    """The place a code or name means; NotFoundError or AmbiguousName naming `field` otherwise.

    A code wins, then a single place whose name or alias is the text, then a city (see gazetteer).
    """
    try:
        return Named(jur.get_by_code(session, text))
    except NotFoundError:
        pass
    found = finder.search(session, text)
    exact = [m.code for m in found.matches if m.kind == "exact"]
    if len(exact) == 1:
        return Named(jur.get_by_code(session, exact[0]))
    if len(exact) > 1:
        choices = [{"code": code, "name": found_name(session, code), "query": code} for code in exact]
        raise AmbiguousName(f"{text!r} names {len(exact)} places: give a code.", field, text, choices)
    best = found.cities.best
    if best is not None:
        return Named(jur.get_by_code(session, best.code), best)
    cities = found.cities.cities
    if cities:
        unique: dict[str, gazetteer.Placed] = {}
        for p in cities:
            unique.setdefault(p.qualified, p)  # the first (largest) city of each qualified name
        choices = [{"code": p.code, "name": p.label, "query": q} for q, p in unique.items()]
        detail = f"{text!r} names {len(choices)} cities: add the state or country, as in {cities[0].qualified!r}."
        raise AmbiguousName(detail, field, text, choices)
    codes = [m.code for m in found.matches[:5]]
    raise NotFoundError(f"No place is called or coded {text!r}.", field, text, codes)


def resolve_all(session: Session, named: list[tuple[str, str]]) -> list[Named]:
    """Each (text, field) resolved; every field that names no single place is reported, each at its field."""
    out, problems = [], []
    for text, field in named:
        try:
            out.append(resolve(session, text, field))
        except DomainError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise UnresolvedNames(problems)
    return out


def found_name(session: Session, code: str) -> str:
    """A place's name from the search index (no query)."""
    entry = finder.index(session).entries.get(code)
    return entry.name if entry else code


@dataclass
class CityAnswer:
    """A city with no rule of its own, answered by the levels above it: each level's answer."""

    placed: gazetteer.Placed
    levels: list[Any]  # [(Jurisdiction, EffectiveAnswer per substance slug)], subdivision first


def city_answer(session: Session, placed: gazetteer.Placed, as_of: dt.date | None = None) -> CityAnswer:
    """The answers of the subdivision and country a city lies in (the subdivision's composed with the country's)."""
    as_of = as_of or lookup.today()
    places = [jur.get_by_code(session, code) for code in (placed.subdivision, placed.city.country) if code]
    answers = lookup.answers_for(session, places, as_of)
    return CityAnswer(placed, [(j, {slug: a for (jid, slug), a in answers.items() if jid == j.id}) for j in places])

"""What the MCP tools answer: the JSON API's own services and schemas, with what an agent needs to quote it.

Every body carries `quote` (the answer in words with the dataset version and the permalink), `citations`
(each level's law with its sources' URLs and dates), `dataset`, `permalink` (the JSON answer pinned to its
legal date and to the record as it stood, the `known_at` the place page's permalink uses) and `license`.
The members shared with the API (`answer`, `own_rule`, `route`, `events`, `sources`) are dumped by the API's
marshmallow schemas, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app, url_for
from sqlalchemy.orm import Session

from regstatus.errors import NotFoundError
from regstatus.schemas.api import DatasetOut, EffectiveOut, SourceOut, StatusOut
from regstatus.schemas.changes import ChangeOut
from regstatus.schemas.travel import RouteOut
from regstatus.services import changes as change_log
from regstatus.services import jurisdictions as jur
from regstatus.services import lookup as answers
from regstatus.services import rules
from regstatus.services.lookup import known_at_of as lookup_known_at
from regstatus.services.publish import catalog
from regstatus.services.travel import check_route

# A change log can be long; an agent gets the newest events and the address of the rest.
MAX_EVENTS = 100
# Sources cited at one place: the most the catalog answers in one page.
MAX_SOURCES = 500
QUOTED_SOURCE_FIELDS = ("url", "title", "publisher", "kind", "published_on", "accessed_on", "archive_url")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _source(source) -> dict[str, Any]:
    dumped = SourceOut().dump(source)
    return {k: dumped.get(k) for k in ("id", *QUOTED_SOURCE_FIELDS)}


def _citation(level: str, name: str, version) -> dict[str, Any]:
    return {
        "level": level,
        "name": name,
        "status": version.status,
        "citation": version.citation,
        "version_id": version.uid,
        "last_verified_on": version.last_verified_on.isoformat() if version.last_verified_on else None,
        "sources": [_source(s) for s in version.sources],
    }


def _level_citations(answer) -> list[dict[str, Any]]:
    """The law of every level of the chain that has a rule in force, country first."""
    return [
        _citation(lvl.jurisdiction.code, lvl.jurisdiction.name, lvl.version)
        for lvl in answer.levels
        if lvl.version is not None
    ]


def _quoted(words: str, dataset, permalink: str, citations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "quote": f"{words} (regstatus, dataset {dataset.version} of {dataset.dated.isoformat()}: {permalink})",
        "citations": citations,
        "dataset": DatasetOut().dump(dataset),
        "permalink": permalink,
        "license": current_app.config["DATA_LICENSE"],
    }


def lookup(session: Session, place: str, substance: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """One substance at one place on a date: the composed answer, the place's own rule, their citations."""
    found = answers.describe(session, place, as_of)
    answer = next((a for a in found.effective if a.substance.slug == substance), None)
    own = next((s for s in found.statuses if s.substance.slug == substance), None)
    if answer is None or own is None:
        raise NotFoundError(f"The dataset holds no substance {substance!r}.", "substance", substance)
    j = found.jurisdiction
    permalink = url_for(
        "jurisdictions.JurisdictionItem",
        code=j.code,
        as_of=found.as_of.isoformat(),
        known_at=lookup_known_at(found.dataset),
        _external=True,
    )
    body = {
        "place": {"code": j.code, "name": j.name, "level": j.level, "parent": j.parent.code if j.parent else None},
        "substance": substance,
        "as_of": found.as_of.isoformat(),
        "words": answer.words,
        "status": answer.status,
        "answer": EffectiveOut().dump(answer),
        "own_rule": StatusOut().dump(own),
        "page": url_for("pages.jurisdiction", code=j.code, as_of=found.as_of.isoformat(), _external=True),
    }
    return {**body, **_quoted(answer.words, found.dataset, permalink, _level_citations(answer))}


def route_check(
    session: Session,
    origin: str,
    destination: str,
    via: list[str] | None = None,
    substance: str = "kratom",
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """A route checked stop by stop, as /api/v1/travel answers it, with every stop's citations."""
    route = check_route(session, origin, destination, via, substance, as_of)
    route.license = current_app.config["DATA_LICENSE"]
    stops = [s.jurisdiction.code for s in route.stops]
    query = {"from": stops[0], "to": stops[-1], "via": stops[1:-1], "substance": substance}
    permalink = url_for("travel.Travel", **query, as_of=route.as_of.isoformat(), _external=True)
    words = f"Route verdict: {route.verdict}. " + " ".join(s.answer.words for s in route.stops)
    citations = [c for s in route.stops for c in _level_citations(s.answer)]
    unique = list({(c["level"], c["version_id"]): c for c in citations}.values())
    body = {"words": words, "verdict": route.verdict, "route": RouteOut().dump(route)}
    return {**body, **_quoted(words, route.dataset, permalink, unique)}


def changes(session: Session, since: dt.date, place: str | None = None) -> dict[str, Any]:
    """Legal change events since a date (at one place, if given), newest first, as /api/v1/changes lists them."""
    code = jur.get_by_code(session, place).code if place else None
    events = change_log.changes(session, since=since, jurisdiction=code)
    shown = ChangeOut(many=True).dump(events[:MAX_EVENTS])
    query = {"since": since.isoformat(), **({"jurisdiction": code} if code else {})}
    permalink = url_for("changes.ChangeList", **query, _external=True)
    where = f" at {code}" if code else ""
    words = f"{_count(len(events), 'legal change event')}{where} since {since.isoformat()}" + (
        f"; the newest {MAX_EVENTS} are listed." if len(events) > MAX_EVENTS else "."
    )
    body = {"words": words, "since": since.isoformat(), "place": code, "total": len(events), "events": shown}
    return {**body, **_quoted(words, rules.dataset(session), permalink, [])}


def sources(session: Session, place: str) -> dict[str, Any]:
    """Every source a place's own rules, advisories and measures cite, with their URLs and dates."""
    code = jur.get_by_code(session, place).code
    found = catalog.sources(session, jurisdiction=code, per_page=MAX_SOURCES)
    listed = [_source(s) for s in found.items]
    permalink = url_for("sources.SourceList", jurisdiction=code, _external=True)
    words = f"{_count(found.total, 'source')} cited by {code}'s own rules, advisories and pending measures."
    body = {"words": words, "place": code, "total": found.total, "sources": listed}
    return {**body, **_quoted(words, rules.dataset(session), permalink, [])}

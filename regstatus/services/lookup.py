"""The answers the API and pages give: one place on a date, its history, listings with statuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regstatus.models import DatasetVersion, Jurisdiction, RuleVersion, Substance
from regstatus.services import contacts, dating, rules
from regstatus.services import jurisdictions as jur
from regstatus.services import listing_filters as lf
from regstatus.services.answer import EffectiveAnswer, Level, compose
from regstatus.services.in_force import Standing, ended_on, standing
from regstatus.vocab import STATUSES

NOT_RESEARCHED = "Not researched yet: no source has been recorded for this substance here."


def today() -> dt.date:
    """Today's date in UTC, the default legal date of every answer."""
    return dt.datetime.now(dt.UTC).date()


def placeholder(substance: Substance, summary: str = NOT_RESEARCHED) -> RuleVersion:
    """An unsaved `unknown` version, for a substance with no version in force here."""
    return RuleVersion(
        substance=substance, status="unknown", summary=summary, thresholds=[], preempts=[], source_links=[]
    )


def own_status(substance: Substance, place: Jurisdiction, st: Standing, governance=None) -> RuleVersion:
    """The place's own version in force, or an `unknown` placeholder that says why there is none.

    `governance`: the finding whose state's law answers for this place, when it has no rule of its own.
    """
    if st.version is not None:
        return st.version
    if governance is not None:
        return placeholder(
            substance, f"No rule of its own: {governance.state.name}'s law applies here. {governance.summary}"
        )
    if st.lapsed is not None:
        v = st.lapsed
        text = (
            f"{place.name}'s {substance.name} rule ({v.status}, {v.citation or 'see history'}) lapsed on "
            f"{st.lapsed_on.isoformat()}; its status since then has not been verified."
        )
        stub = placeholder(substance, text)
        stub.lapsed_from = v
        return stub
    if st.known_from is not None:
        v = st.first
        law = f", {v.citation}" if v.citation else ""
        return placeholder(
            substance, dating.before_start_phrase(v, f"The {substance.name} rule here ({v.status}{law})")
        )
    return placeholder(substance)


def _normalise(known_at: dt.datetime | None) -> dt.datetime | None:
    if known_at is not None and known_at.tzinfo is not None:
        known_at = known_at.astimezone(dt.UTC).replace(tzinfo=None)
    return known_at


def answers_for(
    session: Session,
    places: list[Jurisdiction],
    as_of: dt.date,
    known_at: dt.datetime | None = None,
    with_sources: bool = False,
    only: str | None = None,
) -> dict[tuple[int, str], EffectiveAnswer]:
    """The effective answer per (place id, substance slug), the levels above each composed per activity.

    `only` limits the answers to one substance (a listing filtered or grouped by one needs no other).
    """
    chains = rules.ancestors(session, places, known_at)
    versions = rules.versions_by_place(session, list(chains.by_id), known_at, with_sources)
    subs = [s for s in rules.substances(session) if only is None or s.slug == only]
    out = {}
    for place in places:
        gov = chains.governance_of(place)
        chain = chains.of(place)
        for s in subs:
            levels = [
                Level(
                    j,
                    standing(versions.get((j.id, s.slug), []), as_of),
                    governs=gov is not None and j.id == gov.state_id,
                )
                for j in chain
            ]
            out[(place.id, s.slug)] = compose(s, place, levels, as_of, gov)
    return out


@dataclass
class Description:
    """One jurisdiction answered for one legal date (and optionally one system time)."""

    jurisdiction: Jurisdiction
    as_of: dt.date
    known_at: dt.datetime | None
    statuses: list[RuleVersion]
    effective: list[EffectiveAnswer]
    dataset: DatasetVersion
    aliases: list[str] = field(default_factory=list)
    contacts: list[Any] = field(default_factory=list)  # whom to ask, the place's own first


def describe(
    session: Session, code: str, as_of: dt.date | None = None, known_at: dt.datetime | None = None
) -> Description:
    """Every substance at a place on a date: its own rule, the composed answer, caveats, advisories, measures."""
    j = jur.get_by_code(session, code)
    as_of = as_of or today()
    known_at = _normalise(known_at)
    answers = list(answers_for(session, [j], as_of, known_at, with_sources=True).values())  # kratom first
    chain_ids = [lvl.jurisdiction.id for lvl in answers[0].levels]
    advisories = rules.advisories(session, chain_ids, known_at)
    measures = rules.measures(session, chain_ids, known_at)
    by_place = contacts.for_places(session, chain_ids)
    for a in answers:
        slug = a.substance.slug
        a.ask = contacts.ask_for(a, by_place)
        a.advisories = [x for x in advisories if slug in x.substances and x.active_on(as_of)]
        a.pending = [m for m in measures if slug in m.substances and m.stage_on(as_of) is not None]
    own = [
        own_status(a.substance, j, a.levels[-1].standing, a.governed_by if a.answered_above(a.levels[-1]) else None)
        for a in answers
    ]
    aliases = [n.name for n in j.names if n.kind in ("alias", "official") and n.name != j.name]
    found = contacts.chain_contacts(answers[0], by_place)
    return Description(j, as_of, known_at, own, answers, rules.dataset(session), aliases, found)


@dataclass
class History:
    """Every version recorded for a jurisdiction, each with the date it stopped applying."""

    jurisdiction: Jurisdiction
    versions: list[RuleVersion]
    dataset: DatasetVersion


def with_ends(versions: list[RuleVersion]) -> list[RuleVersion]:
    """Set `ends_on` on each version: its own end, or the start of the next current version of its substance.

    A superseded text ends only where it said it did: the versions that replaced it are another record.
    """
    current: dict[str, list[RuleVersion]] = {}
    for v in versions:
        if v.superseded_at is None:
            current.setdefault(v.substance.slug, []).append(v)
    for v in versions:
        v.ends_on = ended_on(v, current.get(v.substance.slug, []) if v.superseded_at is None else [])
    return versions


def history(session: Session, code: str, substance: str | None = None) -> History:
    """All versions of a jurisdiction, superseded ones included, oldest first."""
    return history_of(session, jur.get_by_code(session, code), substance)


def history_of(session: Session, j: Jurisdiction, substance: str | None = None) -> History:
    """All versions of a place already found, superseded ones included, oldest first."""
    return History(j, with_ends(rules.history(session, j, substance)), rules.dataset(session))


@dataclass
class Brief:
    """A jurisdiction in a listing, with its effective status per substance."""

    jurisdiction: Jurisdiction
    statuses: list[dict]

    def __getattr__(self, name: str):
        return getattr(self.jurisdiction, name)


def _brief(j: Jurisdiction, answers: dict, subs: list[Substance], expand: set[str] | None = None) -> Brief:
    statuses = []
    for s in subs:
        a = answers[(j.id, s.slug)]
        own = a.levels[-1].version
        statuses.append(
            {
                "substance": s.slug,
                "status": a.status,
                "own_status": own.status if own else "unknown",
                "caveats": len(a.caveats),
                "confidence": a.confidence,
                "best_source_tier": lf.best_tier(a),
                "start_kind": dating.start_kind(own) if own else None,
                "effective_from": own.effective_from if own else None,
                "date_precision": dating.precision(own) if own else None,
                "in_force_since_at_least": own.in_force_since_at_least if own else None,
                "known_since": own.known_since if own else None,
                "last_verified_on": own.last_verified_on if own else None,
                **lf.expansion(a, expand or set()),
            }
        )
    return Brief(j, statuses)


def statuses_of(session: Session, places: list[Jurisdiction], as_of: dt.date, substance: str) -> dict[int, str]:
    """The effective status of one substance per place id."""
    answers = answers_for(session, places, as_of, only=substance)
    return {j.id: answers[(j.id, substance)].status for j in places}


def _changed(session: Session, places: list[Jurisdiction], substance: str, since: dt.date, until: dt.date) -> set[int]:
    """Places whose own rule took effect or lapsed in the range, or whose answer moved with a level above's."""
    dates = lf.legal_change_dates(session, substance, since, until)
    chains = rules.ancestors(session, places)
    out: set[int] = set()
    moved_on: dict[dt.date, list[Jurisdiction]] = {}
    for j in places:
        if j.id in dates:
            out.add(j.id)
            continue
        for above in chains.of(j)[:-1]:
            for on in dates.get(above.id, ()):
                moved_on.setdefault(on, []).append(j)
    for on, affected in moved_on.items():
        if on == dt.date.min:
            continue  # nothing stood before the first day there is
        before = statuses_of(session, affected, on - dt.timedelta(days=1), substance)
        after = statuses_of(session, affected, on, substance)
        out.update(jid for jid in after if after[jid] != before[jid])
    return out


def listing(session: Session, as_of: dt.date | None = None, **filters) -> tuple[jur.Page, list[Brief]]:
    """A page of jurisdictions with the effective answer for each substance on the date.

    Filters on the answer for `substance` (default kratom): `status`, `confidence`, `source_tier` (best
    tier of the place's own row's sources), `effective_from`/`effective_to` (the own row in force took
    effect in the range), `changed_since` (see `_changed`, up to `as_of`). `expand` adds members to each
    substance's entry (vocab.LISTING_EXPANSIONS).
    """
    as_of = as_of or today()
    substance = filters.pop("substance", None) or "kratom"
    expand = set(filters.pop("expand", None) or ())
    changed_since = filters.pop("changed_since", None)
    wanted = lf.AnswerFilters(**{k: filters.pop(k, None) for k in vars(lf.AnswerFilters())})
    if wanted.any() or changed_since:
        candidates = jur.candidates(session, level=filters.get("level"), parent=filters.get("parent"))
        if changed_since:
            changed = _changed(session, candidates, substance, changed_since, as_of)
            candidates = [j for j in candidates if j.id in changed]
        found = answers_for(session, candidates, as_of, with_sources=wanted.source_tier is not None, only=substance)
        filters["only_ids"] = {j.id for j in candidates if wanted.keep(found[(j.id, substance)])}
    page = jur.list_jurisdictions(session, **filters)
    answers = answers_for(session, page.items, as_of, with_sources=True)
    subs = rules.substances(session)
    briefs = [_brief(j, answers, subs, expand) for j in page.items]
    if page.found is not None:
        for b in briefs:
            b.match = page.found.by_code[b.code]
    return page, briefs


def countries_by_status(session: Session, as_of: dt.date, substance: str = "kratom") -> dict[str, list[Jurisdiction]]:
    """Every country grouped by its effective status for one substance on a date, in vocabulary order."""
    countries = list(
        session.scalars(select(Jurisdiction).where(Jurisdiction.level == "country").order_by(Jurisdiction.name))
    )
    found = statuses_of(session, countries, as_of, substance)
    groups: dict[str, list[Jurisdiction]] = {s: [] for s in STATUSES}
    for j in countries:
        groups[found[j.id]].append(j)
    return groups


def known_at_of(dataset) -> str:
    """The end of the dataset's newest day: a `known_at` that reproduces this record of the place."""
    return f"{dataset.dated.isoformat()}T23:59:59Z"

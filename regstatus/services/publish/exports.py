"""Bulk exports: one row per place and substance (or per version), one column list for CSV, JSON, NDJSON.

Rows come from the answer service (`lookup.answers_for`), a batch of places at a
time in code order, so memory stays flat as the data grows and every export of
one dataset and one date is byte for byte the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from regstatus.errors import NotFoundError
from regstatus.models import DatasetVersion, Jurisdiction, RuleSource, RuleVersion, Substance
from regstatus.services import dating, lookup, rules
from regstatus.services import jurisdictions as jur
from regstatus.services import listing_filters as lf
from regstatus.services.answer import EffectiveAnswer
from regstatus.services.publish import bytewise
from regstatus.vocab import EXPORT_COLUMNS, ExportColumn

# Places answered per query: enough to keep round trips few, few enough to keep memory flat.
BATCH = 200
# List cells in CSV: ids, URLs and caveat kinds never contain a space.
LIST_SEPARATOR = " "


# The one column list (regstatus.vocab.EXPORT_COLUMNS): CSV header, JSON and NDJSON keys, Data Package, docs.
COLUMNS: tuple[ExportColumn, ...] = EXPORT_COLUMNS
FIELD_NAMES = tuple(c.name for c in COLUMNS)


@dataclass
class ExportQuery:
    """What to export: filters on places, the substance, the status, a date or every version."""

    as_of: dt.date | None = None
    history: bool = False
    level: str | None = None
    parent: str | None = None
    substance: str | None = None
    status: str | None = None
    confidence: str | None = None
    source_tier: int | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    changed_since: dt.date | None = None

    def wanted(self) -> lf.AnswerFilters:
        """The conditions on each answer, as the jurisdiction listing applies them."""
        return lf.AnswerFilters(
            status=self.status,
            confidence=self.confidence,
            source_tier=self.source_tier,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
        )


def _version_cells(v: RuleVersion | None, ends: dt.date | None) -> dict[str, Any]:
    if v is None:
        return {}
    return {
        "version_id": v.uid,
        "introduced_in": v.introduced_in,
        "start_kind": dating.start_kind(v),
        "effective_from": v.effective_from,
        "date_precision": dating.precision(v),
        "in_force_since_at_least": v.in_force_since_at_least,
        "known_since": v.known_since,
        # A rule replaced by the next version (or expired) has ended: its end is known even if it stated none.
        "effective_to": v.effective_to or ends,
        "expires_on": v.expires_on,
        "ends_on": ends,
        "citation": v.citation,
        "summary": v.summary,
        "enforcement": v.enforcement,
        "preemption": v.preemption,
        "recorded_at": v.recorded_at,
        "superseded_at": v.superseded_at,
    }


def _place_cells(j: Jurisdiction, parents: dict[int, str]) -> dict[str, Any]:
    return {"jurisdiction": j.code, "name": j.name, "level": j.level, "parent": parents.get(j.parent_id)}


def _sources_cells(cited: list[Any], best: int | None) -> dict[str, Any]:
    return {"best_source_tier": best, "source_ids": [x.key for x in cited], "source_urls": [x.url for x in cited]}


def answer_row(a: EffectiveAnswer, parents: dict[int, str]) -> dict[str, Any]:
    """A row for one effective answer: composed values and the levels that set them, the place's own rule.

    The own rule's dates, the sources cited and the best tier are those of the jurisdiction listing
    (`listing_filters`), so a filter on the listing and on the export keeps the same rows.
    """
    row: dict[str, Any] = {**_place_cells(a.place, parents), "substance": a.substance.slug, "as_of": a.as_of}
    row.update(status=a.status, confidence=a.confidence, caveats=sorted({c.kind for c in a.caveats}))
    for name, c in a.activities.items():
        row[name], row[f"{name}_set_by"] = c.value, c.set_by
    if a.min_age:
        row["min_age"], row["min_age_set_by"] = a.min_age["value"], a.min_age["set_by"]
    row["determined_by"] = a.determined_by.code if a.determined_by is not None else None
    row["governed_by"] = a.governed_by.state.code if a.governed_by is not None else None
    own = a.levels[-1].version
    if own is not None:
        row.update(_version_cells(own, None))
        row["last_verified_on"] = own.last_verified_on
    row.update(_sources_cells(lf.cited(a), lf.best_tier(a)))
    return row


def version_row(v: RuleVersion, ends: dt.date | None, parents: dict[int, str]) -> dict[str, Any]:
    """A row for one recorded version: the place's own values, as the rule itself states them."""
    row: dict[str, Any] = {**_place_cells(v.jurisdiction, parents), "substance": v.substance.slug}
    row.update(status=v.status, confidence=v.confidence, caveats=[], determined_by=v.jurisdiction.code)
    for name, value in v.activities.items():
        known = value is not None and value != "unknown"
        row[name], row[f"{name}_set_by"] = value, (v.jurisdiction.code if known else None)
    if v.min_age is not None:
        row["min_age"], row["min_age_set_by"] = v.min_age, v.jurisdiction.code
    row.update(_version_cells(v, ends))
    row["last_verified_on"] = v.last_verified_on
    row.update(_sources_cells(v.sources, min((x.tier for x in v.sources), default=None)))
    return row


def _place_batches(session: Session, q: ExportQuery) -> Iterator[list[Jurisdiction]]:
    """Places in code order, BATCH at a time (keyset paging: no offset scans, no list of everything)."""
    code = bytewise(session, Jurisdiction.code)
    stmt = select(Jurisdiction).order_by(code).limit(BATCH)
    if q.level:
        stmt = stmt.where(Jurisdiction.level == q.level)
    if q.parent:
        stmt = stmt.where(Jurisdiction.parent_id == jur.get_by_code(session, q.parent).id)
    last = ""
    while True:
        batch = list(session.scalars(stmt.where(code > last)))
        if not batch:
            return
        yield batch
        last = batch[-1].code


def _parents(session: Session, places: list[Jurisdiction]) -> dict[int, str]:
    return {j.id: j.code for j in rules.ancestors(session, places).by_id.values()}


def check(session: Session, q: ExportQuery) -> None:
    """Refuse an impossible query before the first byte is sent (a stream cannot turn into an error)."""
    if q.parent:
        try:
            jur.get_by_code(session, q.parent)
        except NotFoundError as exc:
            raise NotFoundError(exc.detail, "parent", q.parent, exc.suggestions) from None


def rows(session: Session, q: ExportQuery) -> Iterator[dict[str, Any]]:
    """Every row of the export in a stable order: place code, substance (kratom first), then legal date."""
    subs = [s for s in rules.substances(session) if q.substance is None or s.slug == q.substance]
    wanted = q.wanted()
    for places in _place_batches(session, q):
        parents = _parents(session, places)
        if q.history:
            yield from _history_rows(session, places, subs, parents, q)
            continue
        as_of = q.as_of or lookup.today()
        answers = lookup.answers_for(session, places, as_of, with_sources=True, only=q.substance)
        changed = {s.slug: _changed(session, places, s.slug, q.changed_since, as_of) for s in subs}
        for j in places:
            for s in subs:
                a = answers[(j.id, s.slug)]
                if (changed[s.slug] is None or j.id in changed[s.slug]) and wanted.keep(a):
                    yield answer_row(a, parents)


def _changed(
    session: Session, places: list[Jurisdiction], substance: str, since: dt.date | None, until: dt.date
) -> set[int] | None:
    # The listing's own definition of "changed since" (its rule, or a level above's, moved the answer).
    return None if since is None else lookup._changed(session, places, substance, since, until)


def _version_kept(v: RuleVersion, q: ExportQuery) -> bool:
    """The listing's filters read on one recorded version (its own status, confidence, sources, start)."""
    if q.as_of is not None and v.starts_on is not None and v.starts_on > q.as_of:
        return False
    if q.status is not None and v.status != q.status:
        return False
    if q.confidence is not None and v.confidence != q.confidence:
        return False
    if q.source_tier is not None and min((x.tier for x in v.sources), default=None) != q.source_tier:
        return False
    if q.changed_since is not None and (v.starts_on is None or v.starts_on < q.changed_since):
        return False
    if q.effective_from is None and q.effective_to is None:
        return True
    return dating.took_effect_within(v, q.effective_from, q.effective_to)


def _history_rows(
    session: Session,
    places: list[Jurisdiction],
    subs: list[Substance],
    parents: dict[int, str],
    q: ExportQuery,
) -> Iterator[dict[str, Any]]:
    stmt = (
        select(RuleVersion)
        .join(Jurisdiction, RuleVersion.jurisdiction_id == Jurisdiction.id)
        .join(Substance)
        .where(RuleVersion.jurisdiction_id.in_([j.id for j in places]), Substance.id.in_([s.id for s in subs]))
        .options(
            selectinload(RuleVersion.source_links).joinedload(RuleSource.source),
            selectinload(RuleVersion.substance),
            selectinload(RuleVersion.jurisdiction),
        )
        .order_by(
            bytewise(session, Jurisdiction.code),
            Substance.id,
            RuleVersion.starts_on.asc().nulls_first(),
            RuleVersion.recorded_at,
            RuleVersion.uid,
        )
    )
    versions = list(session.scalars(stmt))
    by_pair: dict[tuple[int, int], list[RuleVersion]] = {}
    for v in versions:
        by_pair.setdefault((v.jurisdiction_id, v.substance_id), []).append(v)
    # The same end dates as the history endpoint: `lookup.with_ends` is the one definition.
    for group in by_pair.values():
        lookup.with_ends(group)
    for v in versions:
        if _version_kept(v, q):
            yield version_row(v, v.ends_on, parents)


def _cell(value: Any, column: ExportColumn) -> Any:
    if column.is_list:
        return list(value or [])
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def shaped(row: dict[str, Any], ds: DatasetVersion) -> dict[str, Any]:
    """A row with every column in order, dates as ISO 8601 text, lists as lists, the dataset named."""
    row = {**row, "dataset_version": ds.version, "dataset_date": ds.dated}
    return {c.name: _cell(row.get(c.name), c) for c in COLUMNS}


def _csv_line(values: list[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(values)
    return buf.getvalue()


def csv_stream(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """RFC 4180 CSV: the header, then one line per row; list cells joined by spaces, nulls empty."""
    yield _csv_line(list(FIELD_NAMES))
    for r in records:
        yield _csv_line(["" if v is None else LIST_SEPARATOR.join(v) if isinstance(v, list) else v for v in r.values()])


def ndjson_stream(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per line."""
    for r in records:
        yield json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"


def json_stream(records: Iterator[dict[str, Any]], head: dict[str, Any]) -> Iterator[str]:
    """One JSON document: `head` members, then `data`, written row by row."""
    yield json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"data":['
    first = True
    for r in records:
        yield ("\n" if first else ",\n") + json.dumps(r, ensure_ascii=False, separators=(",", ":"))
        first = False
    yield "\n]}\n"


FORMATS: dict[str, tuple[str, Callable[..., Iterator[str]]]] = {
    "csv": ("text/csv; charset=utf-8", csv_stream),
    "ndjson": ("application/x-ndjson", ndjson_stream),
    "json": ("application/json", json_stream),
}


def table_schema() -> dict[str, Any]:
    """The Frictionless Table Schema of the CSV, from the one column definition."""
    fields = []
    for c in COLUMNS:
        f: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
        if c.type == "datetime":
            f["format"] = "%Y-%m-%dT%H:%M:%SZ"
        if c.enum:
            f["constraints"] = {"enum": list(c.enum)}
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    schema["primaryKey"] = ["jurisdiction", "substance"]
    return schema


def datapackage(ds: DatasetVersion, license_id: str, license_url: str, csv_path: str) -> dict[str, Any]:
    """A Frictionless Data Package describing the CSV export (current answers) of this dataset version."""
    return {
        "profile": "tabular-data-package",
        "name": "regstatus-kratom",
        "title": "regstatus kratom legal status dataset",
        "version": ds.version,
        "created": ds.dated.isoformat() + "T00:00:00Z",
        "licenses": [{"name": license_id, "path": license_url, "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "answers",
                "path": csv_path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "description": "One row per jurisdiction and substance: the effective answer today "
                "(add ?as_of=YYYY-MM-DD to the path for another date), with the sources behind it.",
                "schema": table_schema(),
            }
        ],
    }

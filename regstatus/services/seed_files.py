"""Reading and validating the seed folder: every problem is reported as file, line, record and field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError

from regstatus.schemas.seed import (
    AdvisoryRecord,
    ContactRecord,
    CorrectionRecord,
    JurisdictionRecord,
    MeasureRecord,
    RuleRecord,
    SourceRecord,
)
from regstatus.services.identity import version_uid
from regstatus.services.iso import base_codes
from regstatus.services.seed_contacts import check_contacts, contact_key
from regstatus.vocab import ACTIVITIES, LOW_TIER, SOURCE_TIERS, complete_activities, derive_status


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so the schemas report a bad date as a field error."""


# Dates stay text, and only true/false are booleans (YAML 1.2), so Norway's code NO stays "NO".
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class SeedProblem:
    """One thing wrong in one seed file."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.record:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


@dataclass
class SeedData:
    """The validated, normalised content of a seed folder."""

    sources: list[dict[str, Any]] = field(default_factory=list)
    jurisdictions: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)
    advisories: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    problems: list[SeedProblem] = field(default_factory=list)
    # Where each kept record stands: (folder, record key) -> (file path, first line, last line).
    # The key is the version uid of a rule or correction, the id of an advisory or measure.
    spans: dict[tuple[str, str], tuple[Path, int, int]] = field(default_factory=dict)


class SeedInvalid(Exception):
    """The seed folder has problems; nothing was loaded."""

    def __init__(self, problems: list[SeedProblem]):
        super().__init__(f"{len(problems)} problem(s) in the seed files")
        self.problems = problems


@dataclass
class _Located:
    """A record with where it stands in its file."""

    data: Any
    file: str
    index: int
    line: int
    field_lines: dict[str, int]
    path: Path | None = None
    last_line: int | None = None


def _flatten(messages: Any, prefix: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                name = prefix
            yield from _flatten(value, name)
    elif isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        yield prefix, " ".join(messages)
    elif isinstance(messages, list):
        for item in messages:
            yield from _flatten(item, prefix)
    else:
        yield prefix, str(messages)


def _read(path: Path, label: str, problems: list[SeedProblem]) -> list[_Located]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(SeedProblem(label, None, None, None, f"cannot read the file: {exc}"))
        return []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problems.append(SeedProblem(label, line, None, None, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return []
    finally:
        loader.dispose()
    if not isinstance(data, list):
        problems.append(SeedProblem(label, 1, None, None, "the file must hold a list of records"))
        return []
    located = []
    for index, (item, item_node) in enumerate(zip(data, node.value, strict=True), start=1):
        lines = {}
        if isinstance(item_node, yaml.MappingNode):
            lines = {k.value: v.start_mark.line + 1 for k, v in item_node.value if isinstance(k, yaml.ScalarNode)}
        # end_mark stands just past the record: at column 0 of the next line when the record ends a line.
        end = item_node.end_mark
        last = end.line if end.column == 0 else end.line + 1
        located.append(_Located(item, label, index, item_node.start_mark.line + 1, lines, path, last))
    return located


def _label(rec: _Located, key: str | None) -> str:
    return f"#{rec.index}" + (f" ({key})" if key else "")


def _validate(
    records: list[_Located], schema: Schema, key_of, problems: list[SeedProblem]
) -> list[tuple[_Located, dict]]:
    valid = []
    for rec in records:
        if not isinstance(rec.data, dict):
            problems.append(SeedProblem(rec.file, rec.line, _label(rec, None), None, "a record must be a mapping"))
            continue
        try:
            loaded = schema.load(rec.data)
        except ValidationError as err:
            for name, message in _flatten(err.messages):
                top = name.split(".")[0] if name else None
                line = rec.field_lines.get(top, rec.line) if top else rec.line
                problems.append(SeedProblem(rec.file, line, _label(rec, key_of(rec.data)), name or None, message))
            continue
        valid.append((rec, loaded))
    return valid


def _rule_key(data: dict) -> str:
    parts = [str(data.get("jurisdiction", "?")).upper(), str(data.get("substance", "?"))]
    start = data.get("effective_from") or data.get("in_force_since_at_least") or data.get("known_since")
    parts.append(str(start or "since unknown date"))
    return " ".join(parts)


def row_activities(rec: dict[str, Any]) -> dict[str, str | None]:
    """A rule record's activities, keyed by activity name, with what its status word implies filled in."""
    return complete_activities(rec["status"], {a: rec.get("import_" if a == "import" else a) for a in ACTIVITIES})


def _status_problem(rec: dict[str, Any]) -> str | None:
    """Why a row's status word disagrees with its own activities, if it does."""
    if rec["status"] in ("disputed", "unknown"):
        return None
    derived = derive_status(row_activities(rec))
    if rec["status"] in ("regulated", "restricted") and derived == "unknown":
        return f"a {rec['status']} row records its activities"
    if derived != rec["status"]:
        return f"its activities make it {derived!r} by the derivation table (seed/README.md), not {rec['status']!r}"
    return None


def _conditions_problem(rec: dict[str, Any]) -> str | None:
    """Why a row's named conditions cannot stand, if they cannot: on its conditional activities, from its sources."""
    acts = row_activities(rec)
    for i, cond in enumerate(rec.get("conditions") or []):
        other = [a for a in cond["activities"] if acts[a] != "conditional"]
        if other:
            return (
                f"conditions[{i}] applies to {other[0]}, which the row does not record as conditional "
                f"({acts[other[0]] or 'nothing'})"
            )
        missing = [sid for sid in cond["sources"] if sid not in rec["sources"]]
        if missing:
            return f"conditions[{i}] cites {missing[0]}, which is not among the row's sources"
    return None


def _confidence_problem(rec: dict[str, Any], source_kinds: dict[str, str]) -> str | None:
    """Why a record's confidence is more than its sources carry (seed/README.md "Confidence"), if it is."""
    tiers = [SOURCE_TIERS[source_kinds[sid]] for sid in rec["sources"] if sid in source_kinds]
    if tiers and min(tiers) >= LOW_TIER and rec["confidence"] != "low":
        return "a record resting only on reference, advocacy or vendor sources has low confidence"
    if tiers and min(tiers) > 2 and rec["confidence"] == "high":
        return "high confidence needs a statute, regulation, agency or legislature source"
    return None


def _governance_problem(
    data: dict[str, Any], places: list[tuple[_Located, dict]], known: set[str], source_kinds: dict[str, str]
) -> str | None:
    """Why a jurisdiction's `governed_by` cannot stand, if it cannot: one level, between countries, sourced."""
    gov = data.get("governed_by")
    if not gov:
        return None
    code, state = data["code"], gov["state"]
    if len(code) != 2:
        return "only a country-level territory (an ISO 3166-1 code) answers through another state"
    if state == code or len(state) != 2 or state not in known:
        return f"state must be another country's ISO code, not {state}"
    if any(other["code"] == state and other.get("governed_by") for _rec, other in places):
        return f"{state} itself answers through another state; name that state instead"
    missing = [sid for sid in gov["sources"] if sid not in source_kinds]
    if missing:
        return f"unknown source id {missing[0]}"
    return _confidence_problem(gov, source_kinds)


def _files(root: Path, folder: str) -> list[tuple[Path, str]]:
    base = root / folder
    paths = sorted(base.glob("*.yaml")) + sorted(base.glob("*.yml")) if base.is_dir() else []
    return [(p, f"{root.name}/{folder}/{p.name}") for p in paths]


def read_seed(root: Path) -> SeedData:
    """Read and validate every seed file under `root`; problems are collected, not raised."""
    problems: list[SeedProblem] = []
    out = SeedData(problems=problems)
    if not root.is_dir():
        problems.append(SeedProblem(str(root), None, None, None, "no such seed folder"))
        return out

    def gather(folder: str) -> list[_Located]:
        return [rec for path, label in _files(root, folder) for rec in _read(path, label, problems)]

    sources = _validate(gather("sources"), SourceRecord(), lambda d: d.get("id"), problems)
    places = _validate(gather("jurisdictions"), JurisdictionRecord(), lambda d: d.get("code"), problems)
    rules = _validate(gather("rules"), RuleRecord(), _rule_key, problems)
    corrections = _validate(gather("corrections"), CorrectionRecord(), _rule_key, problems)
    advisories = _validate(gather("advisories"), AdvisoryRecord(), lambda d: d.get("id"), problems)
    measures = _validate(gather("pending"), MeasureRecord(), lambda d: d.get("id"), problems)
    contacts = _validate(gather("contacts"), ContactRecord(), lambda d: " ".join(contact_key(d)), problems)

    seen_sources: dict[str, str] = {}
    for rec, data in sources:
        if data["id"] in seen_sources:
            msg = f"duplicate source id, first at {seen_sources[data['id']]}"
            problems.append(
                SeedProblem(rec.file, rec.field_lines.get("id", rec.line), _label(rec, data["id"]), "id", msg)
            )
            continue
        seen_sources[data["id"]] = f"{rec.file}:{rec.line}"
        out.sources.append(data)

    known = base_codes()
    source_kinds = {data["id"]: data["kind"] for _rec, data in sources}
    localities = {data["code"] for _rec, data in places if data.get("level") == "locality"}
    seen_places: dict[str, str] = {}
    for rec, data in places:
        code = data["code"]
        if code in seen_places:
            msg = f"duplicate jurisdiction record, first at {seen_places[code]}"
            problems.append(SeedProblem(rec.file, rec.line, _label(rec, code), "code", msg))
            continue
        seen_places[code] = f"{rec.file}:{rec.line}"
        if data.get("level") == "locality":
            if code in known:
                problems.append(
                    SeedProblem(rec.file, rec.line, _label(rec, code), "code", "an ISO code, not a locality")
                )
                continue
            if data["parent"] not in known:
                line = rec.field_lines.get("parent", rec.line)
                problems.append(
                    SeedProblem(rec.file, line, _label(rec, code), "parent", f"unknown jurisdiction {data['parent']}")
                )
                continue
        elif code not in known:
            problems.append(SeedProblem(rec.file, rec.line, _label(rec, code), "code", f"unknown jurisdiction {code}"))
            continue
        why = _governance_problem(data, places, known, source_kinds)
        if why:
            line = rec.field_lines.get("governed_by", rec.line)
            problems.append(SeedProblem(rec.file, line, _label(rec, code), "governed_by", why))
            continue
        out.jurisdictions.append(data)

    all_codes = known | localities
    seen_rules: dict[tuple, str] = {}
    for rec, data in rules:
        label = _label(rec, _rule_key(data))
        key = (data["jurisdiction"], data["substance"], data.get("starts_on"))
        bad = False
        why = _status_problem(data)
        if why:
            problems.append(SeedProblem(rec.file, rec.field_lines.get("status", rec.line), label, "status", why))
            bad = True
        if data["jurisdiction"] not in all_codes:
            line = rec.field_lines.get("jurisdiction", rec.line)
            problems.append(
                SeedProblem(rec.file, line, label, "jurisdiction", f"unknown jurisdiction {data['jurisdiction']}")
            )
            bad = True
        for sid in data["sources"]:
            if sid not in seen_sources:
                line = rec.field_lines.get("sources", rec.line)
                problems.append(SeedProblem(rec.file, line, label, "sources", f"unknown source id {sid}"))
                bad = True
        why = _confidence_problem(data, source_kinds)
        if why:
            problems.append(
                SeedProblem(rec.file, rec.field_lines.get("confidence", rec.line), label, "confidence", why)
            )
            bad = True
        why = _conditions_problem(data)
        if why:
            problems.append(
                SeedProblem(rec.file, rec.field_lines.get("conditions", rec.line), label, "conditions", why)
            )
            bad = True
        if key in seen_rules:
            msg = f"duplicate row (same jurisdiction, substance and start date), first at {seen_rules[key]}"
            problems.append(SeedProblem(rec.file, rec.line, label, "effective_from", msg))
            bad = True
        seen_rules.setdefault(key, f"{rec.file}:{rec.line}")
        if not bad:
            out.rules.append(data)
            _keep_span(out, "rules", rec, data)
    _check_refs(corrections, "corrections", all_codes, seen_sources, problems, out.corrections, out)
    _check_refs(advisories, "advisories", all_codes, seen_sources, problems, out.advisories, out)
    _check_refs(measures, "pending", all_codes, seen_sources, problems, out.measures, out)
    bad = check_contacts(contacts, known, seen_sources)
    for rec, name, message in bad:
        label = _label(rec, " ".join(contact_key(rec.data)))
        problems.append(SeedProblem(rec.file, rec.field_lines.get(name, rec.line), label, name, message))
    out.contacts = [data for rec, data in contacts if not any(r is rec for r, _n, _m in bad)]
    return out


def record_key(folder: str, data: dict[str, Any]) -> tuple[str, str]:
    """A kept record's key in SeedData.spans: its version uid (rules, corrections) or its id."""
    return (folder, data["id"] if folder in ("advisories", "pending") else version_uid(data))


def _keep_span(out: SeedData, folder: str, rec: _Located, data: dict[str, Any]) -> None:
    if rec.path is not None:
        out.spans[record_key(folder, data)] = (rec.path, rec.line, max(rec.line, rec.last_line or rec.line))


def _check_refs(
    records: list[tuple[_Located, dict]],
    folder: str,
    codes: set[str],
    sources: dict[str, str],
    problems: list[SeedProblem],
    out: list[dict[str, Any]],
    seed: SeedData,
) -> None:
    """Keep the records whose jurisdiction, sources and ids are known and unique."""
    seen: dict[str, str] = {}
    for rec, data in records:
        label = _label(rec, data.get("id") or _rule_key(data))
        found = []
        if data["jurisdiction"] not in codes:
            found.append(("jurisdiction", f"unknown jurisdiction {data['jurisdiction']}"))
        found += [("sources", f"unknown source id {sid}") for sid in data.get("sources", []) if sid not in sources]
        ident = data.get("id") or f"{_rule_key(data)} {data.get('recorded_on')}"
        if ident in seen:
            found.append(("id", f"duplicate {folder} record, first at {seen[ident]}"))
        seen.setdefault(ident, f"{rec.file}:{rec.line}")
        for name, message in found:
            problems.append(SeedProblem(rec.file, rec.field_lines.get(name, rec.line), label, name, message))
        if not found:
            out.append(data)
            _keep_span(seed, folder, rec, data)

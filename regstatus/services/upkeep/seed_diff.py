"""Review aid: the facts a change to seed/ changes, in plain words, between two git revisions.

Each side is loaded into a temporary in-memory database and answered by the one answer
service (services/lookup.answers_for), so the diff shows what users will see, not only
what the files say. Changes into or out of `banned`/`restricted` are flagged for a second coder.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from regstatus.extensions import db
from regstatus.models import Jurisdiction
from regstatus.services.lookup import answers_for
from regstatus.services.seed_files import SeedData, read_seed, row_activities
from regstatus.services.seed_load import load_seed
from regstatus.vocab import ACTIVITIES, SECOND_CODER_STATUSES

RULE_COMPARED = ("status", "effective_from", "known_since", "effective_to", "expires_on", "min_age", "citation")


class DiffError(Exception):
    """A revision or its seed folder cannot be read."""


@dataclass
class SeedDiff:
    """Changed answers, changed rows and sources between two revisions."""

    base: str
    head: str
    as_of: dt.date
    answers: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    second_coder: list[str] = field(default_factory=list)
    answer_flags: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether nothing a user sees changed."""
        return not (self.answers or self.rows or self.sources)


def _git(cwd: Path, *args: str) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        raise DiffError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def seed_at(seed_dir: Path, rev: str | None, dest: Path) -> Path:
    """The seed folder as committed at `rev` (extracted under `dest`), or the working folder when rev is empty."""
    if not rev:
        return seed_dir
    top = Path(_git(seed_dir, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    rel = seed_dir.resolve().relative_to(top)
    archive = _git(top, "archive", "--format=tar", rev, "--", str(rel))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / rel


def read_at(seed_dir: Path, rev: str | None, dest: Path) -> SeedData:
    """Validated seed data of one revision; DiffError naming its problems if it has any."""
    data = read_seed(seed_at(seed_dir, rev, dest))
    if data.problems:
        shown = "; ".join(str(p) for p in data.problems[:5])
        raise DiffError(f"the seed at {rev or 'the working folder'} has {len(data.problems)} problem(s): {shown}")
    return data


Answers = dict[tuple[str, str], tuple[str, dict[str, str]]]


def answers(data: SeedData, as_of: dt.date) -> tuple[Answers, dict[str, str | None]]:
    """(place, substance) -> (status, activity values) as the answer service gives them, and each place's parent."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    db.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            load_seed(session, data)
            places = list(session.scalars(select(Jurisdiction)))
            found = answers_for(session, places, as_of)
            by_id = {p.id: p.code for p in places}
            parents = {p.code: by_id.get(p.parent_id) for p in places}
            got = {
                (by_id[pid], sub): (a.status, {k: c.value for k, c in a.activities.items()})
                for (pid, sub), a in found.items()
            }
            return got, parents
    finally:
        engine.dispose()


def _activities_change(old: dict[str, str], new: dict[str, str]) -> str:
    moved = [f"{a} {old.get(a) or 'none'} -> {new.get(a) or 'none'}" for a in ACTIVITIES if old.get(a) != new.get(a)]
    return "; ".join(moved)


def _answer_lines(old: dict, new: dict, parents: dict[str, str | None], diff: SeedDiff) -> None:
    """Changed answers; places that only follow a changed place above them are counted under it.

    An answer moving into or out of banned/restricted is flagged for a second coder even without a
    row of its own (a level above, or a governing state, moved it).
    """
    changed = {}
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key, ("unknown", {})), new.get(key, ("unknown", {}))
        if before != after:
            changed[key] = (before, after)
    followers: dict[tuple[str, str], int] = {}
    lines = []
    for (code, sub), (before, after) in changed.items():
        top, parent = None, parents.get(code)
        while parent is not None:
            if changed.get((parent, sub)) == (before, after):
                top = parent
            parent = parents.get(parent)
        if top is not None:
            followers[(top, sub)] = followers.get((top, sub), 0) + 1
            continue
        lines.append(((code, sub), before, after))
    for (code, sub), before, after in lines:
        words = f"{code} {sub}: {before[0]} -> {after[0]}" if before[0] != after[0] else f"{code} {sub}: {after[0]}"
        acts = _activities_change(before[1], after[1])
        more = followers.get((code, sub))
        within = f"; and {more} place(s) within follow it" if more else ""
        diff.answers.append(words + (f" ({acts})" if acts else "") + within)
        if before[0] != after[0] and {before[0], after[0]} & set(SECOND_CODER_STATUSES):
            diff.answer_flags.append(f"answer for {code} {sub}: {before[0]} -> {after[0]}{within}")


def _row_key(r: dict) -> tuple[str, str, dt.date | None]:
    return (r["jurisdiction"], r["substance"], r.get("starts_on"))


def _label(key: tuple) -> str:
    return f"{key[0]} {key[1]} from {key[2].isoformat() if key[2] else 'an unknown date'}"


def _row_lines(old: SeedData, new: SeedData, diff: SeedDiff) -> None:
    before = {_row_key(r): r for r in old.rules}
    after = {_row_key(r): r for r in new.rules}
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0], k[1], k[2] or dt.date.min)):
        a, b = before.get(key), after.get(key)
        if a is None:
            diff.rows.append(f"added {_label(key)}: {b['status']}, sources {', '.join(b['sources']) or 'none'}")
        elif b is None:
            diff.rows.append(f"removed {_label(key)} (was {a['status']})")
        else:
            parts = [f"{f} {a.get(f) or 'none'} -> {b.get(f) or 'none'}" for f in RULE_COMPARED if a.get(f) != b.get(f)]
            acts = _activities_change(row_activities(a), row_activities(b))
            parts += [acts] if acts else []
            gone, came = set(a["sources"]) - set(b["sources"]), set(b["sources"]) - set(a["sources"])
            parts += [f"sources -{s}" for s in sorted(gone)] + [f"sources +{s}" for s in sorted(came)]
            if a.get("summary") != b.get("summary"):
                parts.append("summary reworded")
            if parts:
                diff.rows.append(f"changed {_label(key)}: {'; '.join(parts)}")
        was, now = (a or {}).get("status"), (b or {}).get("status")
        if was != now and ({was, now} & set(SECOND_CODER_STATUSES)):
            diff.second_coder.append(f"{_label(key)}: {was or 'no row'} -> {now or 'no row'}")


def _source_lines(old: SeedData, new: SeedData) -> list[str]:
    before = {s["id"]: s for s in old.sources}
    after = {s["id"]: s for s in new.sources}
    out = [f"added source {k}: {after[k]['title']} ({after[k]['url']})" for k in sorted(after.keys() - before.keys())]
    out += [f"removed source {k}: {before[k]['title']}" for k in sorted(before.keys() - after.keys())]
    for k in sorted(before.keys() & after.keys()):
        fields_ = [
            f
            for f in ("url", "kind", "published_on", "accessed_on", "archive_url")
            if before[k].get(f) != after[k].get(f)
        ]
        if fields_:
            out.append(f"changed source {k}: {', '.join(fields_)}")
    return out


def seed_diff(seed_dir: Path, base: str, head: str | None, as_of: dt.date, workdir: Path) -> SeedDiff:
    """The plain-words diff of the seed between `base` and `head` (empty head: the working folder)."""
    old = read_at(seed_dir, base, workdir / "base")
    new = read_at(seed_dir, head, workdir / "head")
    diff = SeedDiff(base, head or "working folder", as_of)
    (old_answers, old_parents), (new_answers, new_parents) = answers(old, as_of), answers(new, as_of)
    parents = old_parents | new_parents
    _answer_lines(old_answers, new_answers, parents, diff)
    _row_lines(old, new, diff)
    diff.second_coder += diff.answer_flags
    diff.sources = _source_lines(old, new)
    return diff


def as_text(diff: SeedDiff, markdown: bool = False) -> str:
    """The diff in plain words (as a Markdown comment for a pull request when asked)."""
    head = f"seed diff {diff.base}..{diff.head}, answers on {diff.as_of.isoformat()}"
    out = [f"## {head}" if markdown else head, ""]
    if diff.second_coder:
        out.append("SECOND CODER NEEDED: a status moves into or out of banned/restricted (CONTRIBUTING.md):")
        out += [f"- {line}" for line in diff.second_coder] + [""]
    sections = (("Answers that change", diff.answers), ("Rows", diff.rows), ("Sources", diff.sources))
    for title, lines in sections:
        out.append(f"### {title} ({len(lines)})" if markdown else f"{title} ({len(lines)}):")
        out += [f"- {line}" for line in lines] or ["- none"]
        out.append("")
    if diff.empty:
        out.append("No answer, row or source changes.")
    return "\n".join(out).rstrip() + "\n"


def as_json(diff: SeedDiff) -> dict:
    """The diff as JSON-able data."""
    return {
        "base": diff.base,
        "head": diff.head,
        "as_of": diff.as_of.isoformat(),
        "answers": diff.answers,
        "rows": diff.rows,
        "sources": diff.sources,
        "second_coder": diff.second_coder,
    }

"""Provenance: the dataset commit that introduced each seed record, the same in every deployment of one commit.

Read from git when the seed folder is in a full (not shallow) git checkout: a record's
commit is the newest commit among those that last touched its lines (`git blame`), so
it is the commit that gave the record its present content. A deployment built without
`.git` ships the same answers in `seed/provenance.json`, written from a checkout by
`flask seed provenance --write`. Without either, records carry no commit and the load
says so; nothing else changes.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from regstatus.services.seed_files import SeedData

PROVENANCE_FILE = "provenance.json"
_UNCOMMITTED = "0" * 40
_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)")
GIT_TIMEOUT_S = 60


@dataclass
class Provenance:
    """Commit per record key (SeedData.spans' keys, as "folder:key"), and where the answers came from."""

    commits: dict[str, str] = field(default_factory=dict)
    origin: str = "none"  # git, file or none
    note: str | None = None

    def of(self, folder: str, key: str | None) -> str | None:
        """The commit that introduced one record, if known."""
        return self.commits.get(f"{folder}:{key}") if key else None


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _blame(top: Path, path: Path) -> dict[int, str]:
    """Commit per line number of one file (uncommitted lines carry the all-zero id)."""
    out = _git(top, "blame", "--porcelain", "--", str(path.resolve().relative_to(top)))
    if out is None:
        return {}
    lines: dict[int, str] = {}
    for line in out.splitlines():
        m = _HEADER.match(line)
        if m:
            lines[int(m.group(2))] = m.group(1)
    return lines


def from_git(root: Path, data: SeedData) -> Provenance | None:
    """Commits from git blame; None when the folder is not in a usable git checkout."""
    top_text = _git(root, "rev-parse", "--show-toplevel")
    if top_text is None:
        return None
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        # A shallow clone blames every line on its oldest commit: a deployment would disagree with a full one.
        return Provenance(note="the git checkout is shallow (fetch its full history)")
    top = Path(top_text.strip()).resolve()
    # Newest first; ties in commit time (commits of one second) are broken by this order.
    order = (_git(top, "rev-list", "--topo-order", "HEAD", "--", str(root.resolve().relative_to(top))) or "").split()
    rank = {sha: i for i, sha in enumerate(order)}
    blamed: dict[Path, dict[int, str]] = {}
    commits: dict[str, str] = {}
    for (folder, key), (path, first, last) in data.spans.items():
        if path not in blamed:
            blamed[path] = _blame(top, path)
        shas = {blamed[path].get(n) for n in range(first, last + 1)} - {None}
        if not shas or _UNCOMMITTED in shas or not shas <= rank.keys():
            continue  # edited since the last commit, or not tracked: no commit introduced it yet
        commits[f"{folder}:{key}"] = min(shas, key=rank.__getitem__)
    return Provenance(commits, "git")


def from_file(root: Path) -> Provenance | None:
    """Commits from seed/provenance.json, if the folder has one."""
    path = root / PROVENANCE_FILE
    if not path.is_file():
        return None
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        commits = {str(k): str(v) for k, v in body["records"].items()}
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        return Provenance(note=f"{path}: unreadable ({exc})")
    return Provenance(commits, "file")


def provenance(root: Path, data: SeedData) -> Provenance:
    """The commits of a seed folder's records: from git, else from provenance.json, else none."""
    found = from_git(root, data)
    if found is not None and found.origin == "git":
        return found
    note = found.note if found else "the seed folder is not in a git checkout"
    fallback = from_file(root)
    if fallback is not None and fallback.origin == "file":
        return fallback
    if fallback is not None:
        note = fallback.note
    return Provenance(note=f"{note} and has no readable {PROVENANCE_FILE}: versions carry no commit")


def as_file(found: Provenance) -> str:
    """The provenance.json text of a git provenance (sorted keys, so one commit gives one file)."""
    return json.dumps({"records": found.commits}, indent=1, sort_keys=True) + "\n"

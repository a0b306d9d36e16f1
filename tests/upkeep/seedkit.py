"""Small seed folders and git repositories built inside a test, with fixed dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml


def source(sid: str, kind: str = "statute", url: str | None = None, **rest) -> dict:
    """A source record read on 2026-01-10."""
    return {
        "id": sid,
        "url": url or f"https://example.org/{sid}",
        "title": f"Title {sid}",
        "publisher": "Test",
        "kind": kind,
        "accessed_on": "2026-01-10",
        **rest,
    }


def rule(
    code: str, substance: str, start: str, status: str, sources: list[str], verified: str | None = "2026-05-01", **rest
) -> dict:
    """A rule record recorded on 2026-01-10, verified on `verified` unless None."""
    out = {
        "jurisdiction": code,
        "substance": substance,
        "effective_from": start,
        "status": status,
        "summary": f"Test row {code} {substance} {status}.",
        "confidence": "medium",
        "recorded_on": "2026-01-10",
        "sources": sources,
        **rest,
    }
    if status == "banned":
        out.setdefault("activities", {"possess": "prohibited"})
    if status == "regulated":
        out.setdefault("activities", {"possess": "allowed", "sell": "conditional"})
    if verified:
        out.update(last_verified_on=verified, verified_by="test coder")
    return out


def write_seed(folder: Path, sources: list[dict], rules: list[dict], measures: list[dict] = ()) -> Path:
    """Write a seed folder with one file per kind."""
    for sub, records in (("sources", sources), ("rules", rules), ("pending", list(measures))):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / sub / "test.yaml").write_text(yaml.safe_dump(records, sort_keys=False), encoding="utf-8")
    return folder


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Coder",
    "GIT_AUTHOR_EMAIL": "coder@example.org",
    "GIT_COMMITTER_NAME": "Test Coder",
    "GIT_COMMITTER_EMAIL": "coder@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}


def git(repo: Path, *args: str, when: str = "2026-01-10T12:00:00+00:00") -> str:
    """Run git in a test repository with a fixed identity and date."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, message: str, when: str = "2026-01-10T12:00:00+00:00") -> str:
    """Commit everything; the new commit's id."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")

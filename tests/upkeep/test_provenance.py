"""Every version and change event names the dataset commit that introduced it, alike in every deployment."""

from __future__ import annotations

import shutil

import pytest
import yaml

from tests.conftest import build_app, dispose
from tests.upkeep.seedkit import commit, git, rule, source, write_seed


def _deploy(databases, seed_dir):
    app = build_app(databases, seed_dir=seed_dir)
    result = app.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 0, result.output
    return app, result


@pytest.fixture
def repo(tmp_path):
    """A git repository whose seed has two commits: TH from the first, MY changed in the second."""
    root = tmp_path / "repo"
    seed = root / "seed"
    rules = [rule("TH", "kratom", "2021-01-01", "legal", ["s-a"]), rule("MY", "kratom", "2020-01-01", "legal", ["s-a"])]
    write_seed(seed, [source("s-a")], rules)
    first = commit(root, "first", when="2026-01-10T12:00:00+00:00")
    rules[1] = rule("MY", "kratom", "2020-01-01", "banned", ["s-a"])
    write_seed(seed, [source("s-a")], rules)
    second = commit(root, "second", when="2026-01-11T12:00:00+00:00")
    return seed, first, second


def _version(client, code):
    return client.get(f"/api/v1/jurisdictions/{code}?as_of=2026-06-01").json["statuses"][0]


def test_versions_events_and_the_history_page_name_their_commit(databases, repo):
    seed, first, second = repo
    app, _ = _deploy(databases, seed)
    try:
        client = app.test_client()
        assert _version(client, "TH")["introduced_in"] == first
        assert _version(client, "MY")["introduced_in"] == second
        history = client.get("/api/v1/jurisdictions/MY/history").json
        assert {v["introduced_in"] for v in history["versions"]} == {second}
        events = client.get("/api/v1/changes?jurisdiction=TH").json["data"]
        assert events and {e["introduced_in"] for e in events} == {first}
        page = client.get("/jurisdictions/TH").data.decode()
        assert f'Introduced in dataset commit <span class="code" title="{first}">{first[:12]}</span>' in page
        assert "verified 2026-05-01 by test coder" in page
    finally:
        dispose(app)


def test_a_copy_without_git_loads_and_a_provenance_file_gives_it_the_same_answers(databases, repo, tmp_path):
    seed, first, _second = repo
    bare = tmp_path / "bare" / "seed"
    shutil.copytree(seed, bare)
    app, result = _deploy(databases, bare)
    try:
        assert "not in a git checkout" in result.output
        assert _version(app.test_client(), "TH")["introduced_in"] is None
        assert "Dataset commit not recorded" in app.test_client().get("/jurisdictions/TH").data.decode()
        refused = app.test_cli_runner().invoke(args=["seed", "provenance"])
        assert refused.exit_code == 1 and "not in a git checkout" in refused.output
    finally:
        dispose(app)
    git_app, _ = _deploy(databases, seed)
    written = git_app.test_cli_runner().invoke(args=["seed", "provenance", "--write"])
    assert written.exit_code == 0, written.output
    shutil.copy(seed / "provenance.json", bare / "provenance.json")
    file_app, _ = _deploy(databases, bare)
    try:
        a, b = git_app.test_client(), file_app.test_client()
        for url in ("/api/v1/jurisdictions/TH", "/api/v1/jurisdictions/MY/history", "/api/v1/changes", "/api/v1/meta"):
            assert a.get(url).data == b.get(url).data, url
        assert _version(b, "TH")["introduced_in"] == first
    finally:
        dispose(git_app)
        dispose(file_app)


def test_an_uncommitted_edit_carries_no_commit_until_it_is_committed(databases, repo):
    seed, first, _second = repo
    path = seed / "rules" / "test.yaml"
    records = yaml.safe_load(path.read_text())
    records[0]["summary"] = "Reworded, not committed."
    path.write_text(yaml.safe_dump(records, sort_keys=False))
    app, _ = _deploy(databases, seed)
    try:
        assert _version(app.test_client(), "TH")["introduced_in"] is None
        assert _version(app.test_client(), "MY")["introduced_in"] is not None
        third = commit(seed.parent, "reword", when="2026-01-12T12:00:00+00:00")
        assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
        assert _version(app.test_client(), "TH")["introduced_in"] == third != first
    finally:
        dispose(app)


def test_a_shallow_clone_is_not_blamed_on_its_oldest_commit(databases, repo, tmp_path):
    seed, _first, _second = repo
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{seed.parent}", str(clone))
    app, result = _deploy(databases, clone / "seed")
    try:
        assert "shallow" in result.output
        assert _version(app.test_client(), "TH")["introduced_in"] is None
    finally:
        dispose(app)

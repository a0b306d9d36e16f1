"""Two fresh deployments of one commit give identical answers, ids and dates; nothing depends on load time."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_migrate import upgrade

from regstatus.extensions import db
from regstatus.services.seed_files import read_seed
from regstatus.services.seed_report import current_statuses
from tests.conftest import FIXTURE_SEED, REAL_SEED, build_app, dispose


def _deploy(databases, seed_dir):
    app = build_app(databases, seed_dir=seed_dir, migrate=False)
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 0, result.output
    return app


def _listing(app) -> tuple[list[str], list[bytes]]:
    """Every place's code, and the bytes of every listing page."""
    client = app.test_client()
    pages = [client.get("/api/v1/jurisdictions?per_page=500&page=1")]
    for page in range(2, pages[0].json["meta"]["pages"] + 1):
        pages.append(client.get(f"/api/v1/jurisdictions?per_page=500&page={page}"))
    return [j["code"] for r in pages for j in r.json["data"]], [r.data for r in pages]


# Answers about every place at once: today's and a past date's, and every version ever recorded.
BULK = ("/api/v1/export.csv", "/api/v1/export.csv?as_of=2020-01-01", "/api/v1/export.json?history=1")


@pytest.mark.parametrize("seed_dir", [FIXTURE_SEED, REAL_SEED], ids=["fixture", "real"])
def test_two_fresh_deployments_answer_byte_for_byte_alike(databases, seed_dir):
    """Every listing page and bulk export, every place's answer, and the history and a past answer of
    every place with versions of its own (for any other place both are composed from the places above,
    whose own answers are compared), byte for byte."""
    first, second = _deploy(databases, seed_dir), _deploy(databases, seed_dir)
    try:
        a, b = first.test_client(), second.test_client()
        codes, pages = _listing(first)
        assert (codes, pages) == _listing(second)
        for url in BULK:
            assert a.get(url).data == b.get(url).data, url
        history = a.get("/api/v1/export.csv?history=1").get_data(as_text=True).splitlines()[1:]
        with_versions = {line.split(",", 1)[0] for line in history}
        assert with_versions, "the dataset records versions"
        for code in codes:
            for suffix in ("", "/history", "?as_of=2020-01-01") if code in with_versions else ("",):
                url = f"/api/v1/jurisdictions/{code}{suffix}"
                assert a.get(url).data == b.get(url).data, url
        with first.app_context():
            rows = db.session.execute(db.text("SELECT uid, recorded_at FROM rule_version ORDER BY uid")).all()
        with second.app_context():
            assert db.session.execute(db.text("SELECT uid, recorded_at FROM rule_version ORDER BY uid")).all() == rows
    finally:
        dispose(first)
        dispose(second)


def test_report_and_api_agree_on_every_current_status(real_app):
    client = real_app.test_client()
    today = dt.datetime.now(dt.UTC).date()
    expected = current_statuses(read_seed(REAL_SEED), today)
    for (code, substance), status in sorted(expected.items()):
        body = client.get(f"/api/v1/jurisdictions/{code}?as_of={today.isoformat()}").json
        served = next(s["status"] for s in body["statuses"] if s["substance"] == substance)
        assert served == status, (code, substance)

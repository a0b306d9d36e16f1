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


def _codes(app) -> list[str]:
    body = app.test_client().get("/api/v1/jurisdictions?per_page=500&page=1").json
    pages = body["meta"]["pages"]
    codes = [j["code"] for j in body["data"]]
    for page in range(2, pages + 1):
        codes += [
            j["code"] for j in app.test_client().get(f"/api/v1/jurisdictions?per_page=500&page={page}").json["data"]
        ]
    return codes


@pytest.mark.parametrize("seed_dir", [FIXTURE_SEED, REAL_SEED], ids=["fixture", "real"])
def test_two_fresh_deployments_answer_byte_for_byte_alike(databases, seed_dir):
    first, second = _deploy(databases, seed_dir), _deploy(databases, seed_dir)
    try:
        a, b = first.test_client(), second.test_client()
        codes = _codes(first)
        assert codes == _codes(second)
        for code in codes:
            for suffix in ("", "/history", "?as_of=2020-01-01"):
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

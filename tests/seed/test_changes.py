"""Change events: derived from the data, read back by the changes service, identical across deployments."""

from __future__ import annotations

import datetime as dt

from regstatus.extensions import db
from regstatus.services.changes import changes


def _events(app, **filters):
    with app.app_context():
        return [
            (e.kind, e.jurisdiction.code, e.substance, e.happened_on.isoformat(), e.old_status, e.new_status)
            for e in changes(db.session, **filters)
        ]


def test_versions_in_force_and_lapses_are_legal_events(app):
    assert _events(app, jurisdiction="th") == [
        ("in-force", "TH", "kratom", "2022-08-24", "legal", "regulated"),
        ("in-force", "TH", "kratom", "2021-08-24", "banned", "legal"),
    ]
    # The 1943 row is dated by known_since, not by the law: the day the dataset recorded it, and no legal event.
    assert _events(app, jurisdiction="th", kind="recorded") == [
        ("recorded", "TH", "kratom", "2026-01-15", None, "banned")
    ]
    assert _events(app, jurisdiction="US-FL", substance="7-oh") == [
        ("lapsed", "US-FL", "7-oh", "2026-03-01", "banned", None),
        ("in-force", "US-FL", "7-oh", "2025-08-01", None, "banned"),
    ]


def test_corrections_advisories_and_stages_are_events_with_data_dates(app):
    assert _events(app, kind="corrected") == [("corrected", "US-TX", "kratom", "2026-02-01", "legal", "regulated")]
    assert _events(app, kind="advisory") == [("advisory", "US", "kratom", "2014-02-28", None, None)]
    assert _events(app, kind="measure-stage") == [
        ("measure-stage", "US-TX", "kratom", "2026-02-10", None, None),
        ("measure-stage", "US-TX", "kratom", "2026-01-10", None, None),
    ]


def test_date_range_filters(app):
    found = _events(app, since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 31))
    # US-KY (known_since 2025-01-01, a research date) carries no legal date: not in range.
    assert found == [
        ("in-force", "US-FL", "7-oh", "2025-08-01", None, "banned"),
        ("in-force", "US", "7-oh", "2025-07-29", None, "legal"),
    ]

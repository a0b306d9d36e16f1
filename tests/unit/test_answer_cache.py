"""The answer cache's bounds and the dataset watch's read interval."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from regstatus.extensions import db
from regstatus.services.answer_cache import AnswerCache, DatasetWatch


def test_least_recently_used_goes_first_when_entries_run_out():
    cache = AnswerCache(max_entries=2, max_bytes=10_000)
    cache.put("a", 1, 10)
    cache.put("b", 2, 10)
    assert cache.get("a") == 1  # now "b" is the least recently used
    cache.put("c", 3, 10)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2


def test_bytes_are_bounded_and_huge_answers_not_kept():
    cache = AnswerCache(max_entries=100, max_bytes=1000)
    for key in range(10):
        cache.put(key, key, 200)
    assert cache.size_bytes <= 1000 and len(cache) == 5
    cache.put("huge", 0, 300)  # over a quarter of the budget
    assert cache.get("huge") is None
    cache.clear()
    assert len(cache) == 0 and cache.size_bytes == 0


def test_zero_entries_keeps_nothing():
    cache = AnswerCache(max_entries=0, max_bytes=1000)
    cache.put("a", 1, 1)
    assert cache.get("a") is None


def test_the_version_is_read_at_most_once_per_interval(app):
    cleared = []
    watch = DatasetWatch(every=3600, on_change=lambda: cleared.append(1))
    with app.app_context():
        reads = []
        listener = lambda *a, **k: reads.append(a[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            first = watch.current(db.session)
            for _ in range(5):
                assert watch.current(db.session) == first
            assert len(reads) == 1
            watch.current(db.session, force=True)
            assert len(reads) == 2
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert first.version != "none" and cleared == []  # the same version: nothing to forget


def test_a_silent_database_keeps_the_version_held_and_fails_work_at_once(app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from regstatus.services import answer_cache

    watch = DatasetWatch(every=0)
    with app.app_context():
        held = watch.current(db.session)

        def silent(_session):
            raise OperationalError("SELECT", {}, Exception("the database server did not answer within 3 s"))

        monkeypatch.setattr(answer_cache, "read_published", silent)
        assert watch.current(db.session) == held  # held answers go on being served
        assert watch.stalled()
        reads = []
        monkeypatch.setattr(answer_cache, "read_published", lambda s: reads.append(1) or (held.version, held.dated))
        assert watch.current(db.session) == held and reads == []  # not asked again while stalled
        with pytest.raises(answer_cache.DatabaseStalled):  # work that needs the database: a 503 at once
            watch.current(db.session, force=True)
        monkeypatch.setattr(answer_cache, "STALL_RETRY_S", 0.0)
        assert watch.current(db.session, force=True) == held and reads == [1] and not watch.stalled()

"""The answer cache's bounds and the dataset watch's read interval."""

from __future__ import annotations

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

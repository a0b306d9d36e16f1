"""Per-worker memory of finished answers, keyed by the dataset version and emptied when a new one is published."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exc, select
from sqlalchemy.orm import Session

from regstatus.models import DatasetVersion

log = logging.getLogger(__name__)
# After a failed read of the dataset version, work that needs the database fails at once for this long
# (503, Retry-After) instead of holding a worker for the full timeout while the database is silent.
STALL_RETRY_S = 3.0


class DatabaseStalled(exc.TimeoutError):
    """The database did not answer a moment ago; not asked again before STALL_RETRY_S (a 503, like a pool timeout)."""


def unreachable(error: BaseException) -> bool:
    """A refused, dropped or timed-out database (not a bug in a query)."""
    if isinstance(error, exc.OperationalError | exc.TimeoutError):
        return True
    return isinstance(error, exc.DBAPIError) and error.connection_invalidated


@dataclass(frozen=True)
class Published:
    """The dataset version a worker believes is current, and when it first saw it (its Last-Modified)."""

    version: str
    dated: dt.date
    seen_at: float  # wall-clock seconds, whole seconds: HTTP dates carry no fraction


def read_published(session: Session) -> tuple[str, dt.date]:
    """(version, date) of the dataset the database holds; ("none", 1970-01-01) before the first load."""
    row = session.execute(select(DatasetVersion.version, DatasetVersion.dated).where(DatasetVersion.id == 1)).first()
    return (row[0], row[1]) if row else ("none", dt.date(1970, 1, 1))


class DatasetWatch:
    """The current dataset version, read from the database at most once per `every` seconds.

    Every answer is a pure function of the dataset version, the UTC day (answers default to today) and the
    request, so this one small read is all a worker needs to know whether what it remembers still holds.
    A load in another process is therefore seen within `every` seconds (the documented staleness bound).
    Once `follow` runs, a thread of the worker does the read, so no request waits on it; while the
    database does not answer, the version last read stays in force and the answers held are served.
    """

    def __init__(self, every: float, on_change: Callable[[], None] | None = None):
        self.every = every
        # Called, in order, when another version is seen: each per-worker store of answers empties itself.
        self.on_change: list[Callable[[], None]] = [on_change] if on_change is not None else []
        self._current: Published | None = None
        self._checked = float("-inf")
        self._failed_at = float("-inf")
        self._follower_pid: int | None = None
        self._lock = threading.Lock()

    def stalled(self) -> bool:
        """The last read failed less than STALL_RETRY_S ago: do not wait on the database now."""
        return time.monotonic() - self._failed_at < STALL_RETRY_S

    def current(self, session: Session, force: bool = False) -> Published:
        """The version in force; reads the database when forced, or when not followed and the last read is old.

        A forced read (about to compute an answer) raises at once while the database is stalled.
        """
        now = time.monotonic()
        known = self._current
        followed = self._follower_pid == os.getpid()
        if known is not None and not force and (followed or now - self._checked < self.every or self.stalled()):
            return known
        if force and self.stalled():
            raise DatabaseStalled(f"the database did not answer in the last {STALL_RETRY_S:g} s")
        try:
            version, dated = read_published(session)
        except exc.SQLAlchemyError as error:
            if not unreachable(error):
                raise
            with contextlib.suppress(exc.SQLAlchemyError):  # the connection is gone; the pool replaces it
                session.rollback()
            self._failed(error)
            if known is None or force:
                raise
            return known
        return self._seen(version, dated, now)

    def follow(self, read: Callable[[], tuple[str, dt.date]]) -> None:
        """Read the version every `every` s in a daemon thread of this process (started once per process)."""
        if self.every <= 0 or self._follower_pid == os.getpid() or self._current is None:
            return
        with self._lock:
            if self._follower_pid == os.getpid():
                return
            self._follower_pid = os.getpid()
        threading.Thread(target=self._follow, args=(read,), name="dataset-watch", daemon=True).start()

    def _follow(self, read: Callable[[], tuple[str, dt.date]]) -> None:
        while True:
            time.sleep(self.every)
            try:
                version, dated = read()
            except Exception as error:  # any failure: keep the version held, ask again
                self._failed(error)
                continue
            self._seen(version, dated, time.monotonic())

    def _failed(self, error: BaseException) -> None:
        if not self.stalled():
            held = self._current.version if self._current is not None else "none"
            first = (str(error).splitlines() or [type(error).__name__])[0]
            log.warning("dataset version unreadable; serving the answers held for %s: %s", held, first)
        self._failed_at = time.monotonic()

    def _seen(self, version: str, dated: dt.date, now: float) -> Published:
        if self.stalled():
            log.warning("dataset version readable again")
        self._failed_at = float("-inf")
        with self._lock:
            self._checked = now
            known = self._current
            if known is None or (known.version, known.dated) != (version, dated):
                self._current = Published(version, dated, float(int(time.time())))
                if known is not None:
                    for forget in self.on_change:
                        forget()
            return self._current

    def forget(self) -> None:
        """Read the database again on the next call (after this process published a version itself)."""
        self._checked = float("-inf")


class AnswerCache:
    """A least-recently-used map of finished answers, bounded by entry count and by total bytes."""

    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Any) -> Any | None:
        """The value stored under key (now the most recently used), or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: Any, value: Any, size: int) -> None:
        """Remember value; entries larger than a quarter of the byte budget are not kept."""
        if self.max_entries <= 0 or size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        """Forget everything (a new dataset version was published)."""
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        """Bytes held by the stored values."""
        return self._bytes

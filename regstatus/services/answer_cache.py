"""Per-worker memory of finished answers, keyed by the dataset version and emptied when a new one is published."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regstatus.models import DatasetVersion


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
    """

    def __init__(self, every: float, on_change: Callable[[], None] | None = None):
        self.every = every
        # Called, in order, when another version is seen: each per-worker store of answers empties itself.
        self.on_change: list[Callable[[], None]] = [on_change] if on_change is not None else []
        self._current: Published | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def current(self, session: Session, force: bool = False) -> Published:
        """The version in force; reads the database when forced or when the last read is `every` s old."""
        now = time.monotonic()
        known = self._current
        if known is not None and not force and now - self._checked < self.every:
            return known
        version, dated = read_published(session)
        with self._lock:
            self._checked = now
            if self._current is None or (self._current.version, self._current.dated) != (version, dated):
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

"""Sources: documents someone read, that rule versions cite."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regstatus.extensions import db
from regstatus.vocab import SOURCE_TIERS


class Source(db.Model):
    """A source document with its own date and the date it was read."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    published_on: Mapped[dt.date | None]
    accessed_on: Mapped[dt.date]
    archive_url: Mapped[str | None] = mapped_column(String(2000))
    language: Mapped[str | None] = mapped_column(String(8))
    notes: Mapped[str | None] = mapped_column(Text)

    @property
    def tier(self) -> int:
        """Rank of this kind of source, 1 (statute) to 6 (vendor)."""
        return SOURCE_TIERS.get(self.kind, 6)

"""Source checks: what the last fetch of a source's address answered (maintainer data, never served)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.models.source import Source
from regstatus.vocab import LINK_STATES


class SourceCheck(db.Model):
    """The latest check of one source's address, and when its content was last seen to change.

    One row per source, rewritten by each `flask sources check`; the seed load never
    touches it, so a source keeps its record even when its address is dead.
    """

    __tablename__ = "source_check"
    __table_args__ = (CheckConstraint(f"status IN ({','.join(repr(s) for s in LINK_STATES)})", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    http_code: Mapped[int | None]
    final_url: Mapped[str | None] = mapped_column(String(2000))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(500))
    checked_at: Mapped[dt.datetime]
    # The day a check first saw a content hash different from the one before it.
    changed_on: Mapped[dt.date | None]

    source: Mapped[Source] = relationship()

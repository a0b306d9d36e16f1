"""Advisories: agency measures beside the law (import alerts, warnings, recalls, notices of intent)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.models.jurisdiction import Jurisdiction
from regstatus.models.source import Source


class Advisory(db.Model):
    """An agency measure that is not itself the law on what a person may do; never changes a status."""

    __tablename__ = "advisory"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    substances: Mapped[list[str]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(32))
    issuer: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(500))
    issued_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None]
    summary: Mapped[str] = mapped_column(Text)
    affects: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_on: Mapped[dt.date]
    notes: Mapped[str | None] = mapped_column(Text)

    jurisdiction: Mapped[Jurisdiction] = relationship()
    source_links: Mapped[list[AdvisorySource]] = relationship(
        cascade="all, delete-orphan", order_by="AdvisorySource.position"
    )

    @property
    def sources(self) -> list[Source]:
        """The cited sources, in the order the record lists them."""
        return [link.source for link in self.source_links]

    def active_on(self, day: dt.date) -> bool:
        """Whether the advisory had been issued and not ended on a date."""
        return self.issued_on <= day and (self.ends_on is None or self.ends_on > day)


class AdvisorySource(db.Model):
    """An advisory's citation of a source."""

    __tablename__ = "advisory_source"

    advisory_id: Mapped[int] = mapped_column(ForeignKey("advisory.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True, index=True)
    position: Mapped[int]

    source: Mapped[Source] = relationship(lazy="joined")

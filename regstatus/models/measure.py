"""Pending measures: bills and proposed rules that would change a status, with their stages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.models.jurisdiction import Jurisdiction
from regstatus.models.source import Source
from regstatus.vocab import CLOSED_STAGES


class PendingMeasure(db.Model):
    """A bill or proposed rule; `stages` lists each stage reached with its date, oldest first."""

    __tablename__ = "pending_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    substances: Mapped[list[str]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(32))
    identifier: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(500))
    stages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    would: Mapped[str] = mapped_column(Text)
    would_status: Mapped[str | None] = mapped_column(String(16))
    recorded_on: Mapped[dt.date]
    notes: Mapped[str | None] = mapped_column(Text)

    jurisdiction: Mapped[Jurisdiction] = relationship()
    source_links: Mapped[list[MeasureSource]] = relationship(
        cascade="all, delete-orphan", order_by="MeasureSource.position"
    )

    @property
    def sources(self) -> list[Source]:
        """The cited sources, in the order the record lists them."""
        return [link.source for link in self.source_links]

    def stage_on(self, day: dt.date) -> dict[str, Any] | None:
        """The last stage reached on or before a date, as {stage, on, note}."""
        reached = [s for s in self.stages if dt.date.fromisoformat(s["on"]) <= day]
        return reached[-1] if reached else None

    def open_on(self, day: dt.date) -> bool:
        """Whether the measure had been filed and was still open on a date."""
        stage = self.stage_on(day)
        return stage is not None and stage["stage"] not in CLOSED_STAGES


class MeasureSource(db.Model):
    """A pending measure's citation of a source."""

    __tablename__ = "measure_source"

    measure_id: Mapped[int] = mapped_column(ForeignKey("pending_measure.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True, index=True)
    position: Mapped[int]

    source: Mapped[Source] = relationship(lazy="joined")

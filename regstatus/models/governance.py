"""Governance: a territory that answers through another state's law (a level of its chain)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.models.jurisdiction import Jurisdiction
from regstatus.models.source import Source


class Governance(db.Model):
    """A source-backed finding that another state's drug law applies in a territory."""

    __tablename__ = "governance"

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), unique=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    own_drug_law: Mapped[str] = mapped_column(String(16))  # vocab.OWN_DRUG_LAW
    summary: Mapped[str] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(16))
    recorded_on: Mapped[dt.date]

    territory: Mapped[Jurisdiction] = relationship(foreign_keys=[territory_id])
    state: Mapped[Jurisdiction] = relationship(foreign_keys=[state_id])
    source_links: Mapped[list[GovernanceSource]] = relationship(
        cascade="all, delete-orphan", order_by="GovernanceSource.position"
    )

    @property
    def sources(self) -> list[Source]:
        """The cited sources, in the order the record lists them."""
        return [link.source for link in self.source_links]


class GovernanceSource(db.Model):
    """A governance finding's citation of a source."""

    __tablename__ = "governance_source"

    governance_id: Mapped[int] = mapped_column(ForeignKey("governance.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True, index=True)
    position: Mapped[int]

    source: Mapped[Source] = relationship(lazy="joined")

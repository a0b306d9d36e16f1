"""Contacts: the authority to ask about a place, with the source that names it."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.models.jurisdiction import Jurisdiction
from regstatus.models.source import Source


class Contact(db.Model):
    """One authority for one place in one role (vocab.CONTACT_ROLES), as one source names it."""

    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "role", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)

    jurisdiction: Mapped[Jurisdiction] = relationship()
    source: Mapped[Source] = relationship(lazy="joined")

"""Jurisdictions (country, subdivision, locality) and their searchable names."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.vocab import LEVELS


class Jurisdiction(db.Model):
    """A place whose kratom rules can be looked up."""

    __tablename__ = "jurisdiction"
    __table_args__ = (CheckConstraint(f"level IN ({','.join(repr(v) for v in LEVELS)})", name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    official_name: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str | None] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    ocd_id: Mapped[str | None] = mapped_column(String(200))

    parent: Mapped[Jurisdiction | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Jurisdiction]] = relationship(back_populates="parent", order_by="Jurisdiction.code")
    names: Mapped[list[JurisdictionName]] = relationship(
        back_populates="jurisdiction", cascade="all, delete-orphan", order_by="JurisdictionName.id"
    )


class JurisdictionName(db.Model):
    """A name a jurisdiction is searched by, with its accent- and case-folded form."""

    __tablename__ = "jurisdiction_name"
    __table_args__ = (
        Index("ix_jurisdiction_name_folded", "folded"),
        db.UniqueConstraint("jurisdiction_id", "name", name="uq_jurisdiction_name_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    folded: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # code | name | official | alias

    jurisdiction: Mapped[Jurisdiction] = relationship(back_populates="names")

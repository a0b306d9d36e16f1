"""Substances (product forms) that rules are kept for."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regstatus.extensions import db


class Substance(db.Model):
    """A substance or product form: `kratom` (leaf, powder, extracts) or `7-oh`."""

    __tablename__ = "substance"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)

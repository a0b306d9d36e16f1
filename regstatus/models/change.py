"""Change events: the log of what was added, changed, corrected or retracted, and when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.models.jurisdiction import Jurisdiction
from regstatus.models.rule import RuleVersion
from regstatus.models.substance import Substance

CHANGE_KINDS = ("added", "corrected", "retracted")


class ChangeEvent(db.Model):
    """One recorded change to the rule versions of a jurisdiction and substance."""

    __tablename__ = "change_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    substance_id: Mapped[int] = mapped_column(ForeignKey("substance.id"))
    rule_version_id: Mapped[int | None] = mapped_column(ForeignKey("rule_version.id"))
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("rule_version.id"))
    detail: Mapped[str] = mapped_column(Text)

    jurisdiction: Mapped[Jurisdiction] = relationship()
    substance: Mapped[Substance] = relationship()
    rule_version: Mapped[RuleVersion | None] = relationship(foreign_keys=[rule_version_id])
    previous_version: Mapped[RuleVersion | None] = relationship(foreign_keys=[previous_version_id])

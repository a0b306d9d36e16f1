"""Correction reports from the public: what someone says is wrong, with their evidence, and where it stands."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regstatus.extensions import db
from regstatus.vocab import REPORT_STATUSES


class CorrectionReport(db.Model):
    """One report. The place, substance and version are kept as the reporter named them (codes, not keys):
    a report outlives any reload of the dataset, and may name a version later corrected away.

    `contact` is never published and is emptied by `flask reports purge-contacts`; `contact_purged_at`
    says it once held something.
    """

    __tablename__ = "correction_report"
    __table_args__ = (
        CheckConstraint(f"status IN ({','.join(repr(s) for s in REPORT_STATUSES)})", name="status"),
        Index("ix_correction_report_status_received", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(64))
    substance: Mapped[str | None] = mapped_column(String(16))
    version_uid: Mapped[str | None] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    contact_purged_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="new")
    note: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(index=True)
    triaged_at: Mapped[dt.datetime | None]

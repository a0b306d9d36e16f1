"""Change events: legal events and corrections of the record, dated by the data, ready for feeds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.models.jurisdiction import Jurisdiction


class ChangeEvent(db.Model):
    """One event: a version in force, a lapse, an advisory issued, a measure's stage, a recording, a correction.

    `happened_on` is a legal date for the legal kinds (vocab.LEGAL_CHANGE_KINDS) and the recording or
    correction date for `recorded` and `corrected`.

    Derived from the dataset at each load (never from the load's clock): `uid` is a
    digest of the event, so every deployment of one dataset has the same events.
    """

    __tablename__ = "change_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    substance: Mapped[str] = mapped_column(String(32))
    happened_on: Mapped[dt.date] = mapped_column(index=True)
    # For an in-force event: how much of happened_on a source states (day, month or year).
    date_precision: Mapped[str | None] = mapped_column(String(8))
    recorded_on: Mapped[dt.date]
    old_status: Mapped[str | None] = mapped_column(String(16))
    new_status: Mapped[str | None] = mapped_column(String(16))
    version_uid: Mapped[str | None] = mapped_column(String(16))
    previous_uid: Mapped[str | None] = mapped_column(String(16))
    advisory_key: Mapped[str | None] = mapped_column(String(80))
    measure_key: Mapped[str | None] = mapped_column(String(80))
    detail: Mapped[str] = mapped_column(Text)
    # The dataset commit that introduced the record behind the event (services/provenance.py).
    introduced_in: Mapped[str | None] = mapped_column(String(40))

    jurisdiction: Mapped[Jurisdiction] = relationship()

"""The dataset version loaded: a digest of the seed's content and the newest date it records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from regstatus.extensions import db


class DatasetVersion(db.Model):
    """One row: which dataset the database holds, so every answer can name what it quotes."""

    __tablename__ = "dataset_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(16))
    dated: Mapped[dt.date]

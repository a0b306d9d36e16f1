"""Publishing the dataset: catalogs of sources, advisories and measures, bulk exports, feeds, counts."""

from __future__ import annotations

from sqlalchemy.orm import Session


def bytewise(session: Session, column):
    """The column compared byte by byte: PostgreSQL's locale collations ignore hyphens, SQLite never does.

    Codes and ids then sort alike on both engines (US-CA, US-CA-SAN-DIEGO, US-CAX), so one dataset
    exports the same rows in the same order wherever it is served.
    """
    return column.collate("C") if session.get_bind().dialect.name == "postgresql" else column

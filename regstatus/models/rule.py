"""Rule versions: one substance's status in one jurisdiction for a span of legal time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regstatus.extensions import db
from regstatus.models.jurisdiction import Jurisdiction
from regstatus.models.source import Source
from regstatus.models.substance import Substance
from regstatus.vocab import ACTIVITIES, CONFIDENCE, DATE_PRECISIONS, STATUSES, complete_activities, row_conditions


def _one_of(column: str, words: tuple[str, ...]) -> str:
    return f"{column} IN ({','.join(repr(w) for w in words)})"


class RuleVersion(db.Model):
    """One version of a status. Never updated in place: a correction supersedes it.

    Legal time is the start (exactly one of effective_from, with its date_precision;
    in_force_since_at_least, a lower bound; known_since, a research date: see
    vocab.START_KINDS)/effective_to/expires_on, with starts_on the start that is set;
    system time is
    recorded_at/superseded_at, both taken from the data (seed `recorded_on` and a
    correction's `corrected_on`), so every deployment answers "what was the law
    on D" and "what did we say at T" alike. `uid` is a digest of the content and
    its recorded date: the version's identity in every deployment.
    """

    __tablename__ = "rule_version"
    __table_args__ = (
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(_one_of("confidence", CONFIDENCE), name="confidence"),
        CheckConstraint(_one_of("date_precision", tuple(DATE_PRECISIONS)), name="date_precision"),
        Index("ix_rule_version_lookup", "jurisdiction_id", "substance_id", "starts_on"),
        # One current version per place, substance and start (an undated one counts as one start).
        Index(
            "uq_rule_version_current",
            "jurisdiction_id",
            "substance_id",
            text("coalesce(starts_on, '0001-01-01')"),
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(16), unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    substance_id: Mapped[int] = mapped_column(ForeignKey("substance.id"))
    status: Mapped[str] = mapped_column(String(16))
    effective_from: Mapped[dt.date | None]
    # How much of effective_from a source states (day, month or year); the default says nothing new.
    date_precision: Mapped[str] = mapped_column(String(8), default="day", server_default="day")
    in_force_since_at_least: Mapped[dt.date | None]
    known_since: Mapped[dt.date | None]
    starts_on: Mapped[dt.date | None]
    effective_to: Mapped[dt.date | None]
    expires_on: Mapped[dt.date | None]
    summary: Mapped[str] = mapped_column(Text)
    possess: Mapped[str | None] = mapped_column(String(16))
    buy: Mapped[str | None] = mapped_column(String(16))
    sell: Mapped[str | None] = mapped_column(String(16))
    import_: Mapped[str | None] = mapped_column("import", String(16))
    export: Mapped[str | None] = mapped_column(String(16))
    transit: Mapped[str | None] = mapped_column(String(16))
    cultivate: Mapped[str | None] = mapped_column(String(16))
    min_age: Mapped[int | None]
    thresholds: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Named conditions as the seed states them; min_age and thresholds add theirs (named_conditions).
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    citation: Mapped[str | None] = mapped_column(Text)
    enforcement: Mapped[str | None] = mapped_column(Text)
    preemption: Mapped[str | None] = mapped_column(Text)
    preempts: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(8))
    last_verified_on: Mapped[dt.date | None]
    verified_by: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(index=True)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # The dataset commit that introduced this version (services/provenance.py); None when not known.
    introduced_in: Mapped[str | None] = mapped_column(String(40))

    jurisdiction: Mapped[Jurisdiction] = relationship()
    substance: Mapped[Substance] = relationship()
    source_links: Mapped[list[RuleSource]] = relationship(cascade="all, delete-orphan", order_by="RuleSource.position")

    @property
    def sources(self) -> list[Source]:
        """The cited sources, in the order the record lists them."""
        return [link.source for link in self.source_links]

    @property
    def activities(self) -> dict[str, str | None]:
        """Per-activity rules keyed by activity name."""
        return {a: getattr(self, "import_" if a == "import" else a) for a in ACTIVITIES}

    @property
    def named_conditions(self) -> list[dict[str, Any]]:
        """Every condition of the row: its own, then those its min_age and thresholds state (vocab.row_conditions)."""
        return row_conditions(
            complete_activities(self.status, self.activities),
            self.min_age,
            self.thresholds,
            self.conditions,
            [s.key for s in self.sources],
        )


class RuleSource(db.Model):
    """A rule version's citation of a source."""

    __tablename__ = "rule_source"

    rule_version_id: Mapped[int] = mapped_column(ForeignKey("rule_version.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True, index=True)
    position: Mapped[int]

    source: Mapped[Source] = relationship(lazy="joined")

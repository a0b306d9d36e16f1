"""The maintainers' side of correction reports: list, show, set a status, purge old contacts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from regstatus.errors import DomainError, NotFoundError
from regstatus.models import CorrectionReport
from regstatus.services.reports.filing import REFERENCE
from regstatus.vocab import REPORT_STATUSES

NOTE_MAX = 2000
MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalise_reference(reference: str) -> str:
    """A reference as typed (any case, spaces around, O for 0) in its stored form; refused when malformed."""
    ref = reference.strip().upper()
    if ref.startswith("R-"):  # Crockford's reading of letters mistaken for digits: O is 0, I and L are 1
        ref = "R-" + ref[2:].translate(MISREAD)
    if not REFERENCE.match(ref):
        raise DomainError(f"{reference!r} is not a report reference (R- and 8 letters or digits).", "reference")
    return ref


def list_reports(session: Session, status: str | None = None) -> list[CorrectionReport]:
    """Reports, oldest first (the order to work through them), of one status or all."""
    query = select(CorrectionReport).order_by(CorrectionReport.received_at, CorrectionReport.id)
    if status is not None:
        query = query.where(CorrectionReport.status == status)
    return list(session.scalars(query))


def get_report(session: Session, reference: str) -> CorrectionReport:
    """One report by its reference; NotFoundError when there is none."""
    ref = normalise_reference(reference)
    report = session.scalar(select(CorrectionReport).where(CorrectionReport.reference == ref))
    if report is None:
        raise NotFoundError(f"No report has the reference {ref}.", "reference", ref)
    return report


def triage(session: Session, reference: str, status: str, note: str | None, now: dt.datetime) -> CorrectionReport:
    """Set a report's status (and replace its note when one is given); the caller commits."""
    if status not in REPORT_STATUSES:
        raise DomainError(f"status must be one of {', '.join(REPORT_STATUSES)}.", "status", status)
    if note is not None and len(note) > NOTE_MAX:
        raise DomainError(f"A note is at most {NOTE_MAX} characters.", "note")
    report = get_report(session, reference)
    report.status = status
    if note is not None:
        report.note = note.strip() or None
    report.triaged_at = now.replace(microsecond=0)
    session.flush()
    return report


def purge_contacts(session: Session, older_than_days: int, today: dt.date) -> tuple[int, dt.date]:
    """Empty the contact of every report received more than `older_than_days` days before `today`.

    Returns how many contacts were emptied and the first day whose reports keep theirs. The caller commits.
    """
    if older_than_days < 0:
        raise DomainError("--older-than is a number of days, 0 or more.", "older_than")
    keep_from = today - dt.timedelta(days=older_than_days)
    cutoff = dt.datetime.combine(keep_from, dt.time())
    result = session.execute(
        update(CorrectionReport)
        .where(CorrectionReport.received_at < cutoff, CorrectionReport.contact.is_not(None))
        .values(contact=None, contact_purged_at=dt.datetime.combine(today, dt.time()))
    )
    session.flush()
    return result.rowcount or 0, keep_from

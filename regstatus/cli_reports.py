"""flask reports: list, show and triage correction reports, and purge old contacts.

Everything a report holds was typed by the public, so every value is printed through `printable`:
a report cannot move the cursor, recolour the terminal, set its title or reorder text with bidi controls.
"""

from __future__ import annotations

import datetime as dt
import sys

import click
from flask.cli import AppGroup

from regstatus.errors import DomainError
from regstatus.extensions import db
from regstatus.models import CorrectionReport
from regstatus.services.reports import triage as reports_service
from regstatus.services.text import printable
from regstatus.vocab import REPORT_STATUSES

reports = AppGroup("reports", help="Correction reports from the public: list, show, triage, purge contacts.")
SUMMARY_CHARS = 60


def _fail(exc: DomainError) -> None:
    db.session.rollback()
    click.echo(f"error: {printable(exc.detail)}", err=True)
    sys.exit(1)


def _summary(report: CorrectionReport) -> str:
    # Cut the text before escaping it, so an escape is never cut in half.
    raw = report.message.replace("\n", " ")
    return printable(raw[:SUMMARY_CHARS]) + ("…" if len(raw) > SUMMARY_CHARS else "")


@reports.command("list")
@click.option("--status", type=click.Choice(REPORT_STATUSES), help="Only reports with this status.")
def list_command(status: str | None) -> None:
    """Reports oldest first: reference, status, received, place, substance, the start of the text."""
    found = reports_service.list_reports(db.session, status)
    if not found:
        click.echo(f"no {status + ' ' if status else ''}reports")
        return
    for r in found:
        click.echo(
            f"{r.reference}  {r.status:<9}  {r.received_at.date().isoformat()}  "
            f"{printable(r.jurisdiction_code):<16}  {printable(r.substance or '-'):<7}  {_summary(r)}"
        )
    click.echo(f"{len(found)} report(s)")


@reports.command("show")
@click.argument("reference")
def show_command(reference: str) -> None:
    """One report in full, its contact included (for maintainers only: never publish it)."""
    try:
        r = reports_service.get_report(db.session, reference)
    except DomainError as exc:
        _fail(exc)
    if r.contact:
        contact = printable(r.contact)
    elif r.contact_purged_at:
        contact = f"(purged {r.contact_purged_at.date().isoformat()})"
    else:
        contact = "(none given)"
    lines = [
        ("reference", r.reference),
        ("status", r.status),
        ("received", f"{r.received_at.isoformat()}Z"),
        ("place", printable(r.jurisdiction_code)),
        ("substance", printable(r.substance or "-")),
        ("version", printable(r.version_uid or "-")),
        ("evidence", printable(r.evidence_url or "-")),
        ("contact", contact),
        ("triaged", f"{r.triaged_at.isoformat()}Z" if r.triaged_at else "-"),
        ("note", printable(r.note or "-")),
    ]
    for name, value in lines:
        click.echo(f"{name + ':':<11}{value}")
    click.echo("message:")
    for line in printable(r.message, keep_newlines=True).split("\n"):
        click.echo(f"  {line}")


@reports.command("triage")
@click.argument("reference")
@click.option("--status", required=True, type=click.Choice(REPORT_STATUSES), help="The report's new status.")
@click.option("--note", help="A note for maintainers (replaces the one before).")
def triage_command(reference: str, status: str, note: str | None) -> None:
    """Set a report's status, with an optional note."""
    try:
        before = reports_service.get_report(db.session, reference).status
        r = reports_service.triage(db.session, reference, status, note, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"{r.reference}: {before} -> {r.status}")


@reports.command("purge-contacts")
@click.option("--older-than", "days", required=True, type=click.IntRange(min=0), help="Days since the report came in.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Count the days from this date (UTC today).")
def purge_contacts_command(days: int, today) -> None:
    """Delete the contact of every report received more than DAYS days ago; the report itself stays."""
    on = today.date() if today else dt.datetime.now(dt.UTC).date()
    try:
        count, keep_from = reports_service.purge_contacts(db.session, days, on)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"purged {count} contact(s) of reports received before {keep_from.isoformat()}")

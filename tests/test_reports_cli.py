"""flask reports: list (by status), show, triage, purge-contacts with a fixed date."""

from __future__ import annotations

import datetime as dt

import pytest

from regstatus.extensions import db
from regstatus.models import CorrectionReport
from tests.reports_helpers import cli, dispose, seeded_app


@pytest.fixture
def app(databases):
    application = seeded_app(databases)
    with application.app_context():
        for ref, day, contact in (("R-01D00001", 1, "old@example.org"), ("R-NEW00002", 20, "new@example.org")):
            db.session.add(
                CorrectionReport(
                    reference=ref,
                    jurisdiction_code="TH",
                    substance="kratom",
                    message=f"Report {ref}: the ban was lifted in 2021.\nSee the gazette.",
                    contact=contact,
                    status="new",
                    received_at=dt.datetime(2026, 11, day, 12, 0),
                )
            )
        db.session.commit()
    yield application
    dispose(application)


def test_list_shows_every_report_oldest_first_and_filters_by_status(app):
    out = cli(app, "reports", "list").output.splitlines()
    assert [line.split()[0] for line in out[:2]] == ["R-01D00001", "R-NEW00002"]
    assert "2026-11-01" in out[0] and "TH" in out[0] and "the ban was lifted" in out[0]
    assert out[-1] == "2 report(s)"
    assert "old@example.org" not in "\n".join(out)  # the list never prints contacts
    assert cli(app, "reports", "list", "--status", "accepted").output == "no accepted reports\n"
    refused = cli(app, "reports", "list", "--status", "published")
    assert refused.exit_code == 2 and "published" in refused.output


def test_show_prints_the_whole_report_with_its_contact(app):
    out = cli(app, "reports", "show", " r-0ld00001 ").output
    assert "reference: R-01D00001" in out and "contact:   old@example.org" in out
    assert "  Report R-01D00001: the ban was lifted in 2021.\n  See the gazette." in out
    missing = cli(app, "reports", "show", "R-ZZZZZZZZ")
    assert missing.exit_code == 1 and "No report has the reference R-ZZZZZZZZ" in missing.output
    malformed = cli(app, "reports", "show", "42")
    assert malformed.exit_code == 1 and "not a report reference" in malformed.output


def test_triage_sets_the_status_and_note(app):
    done = cli(app, "reports", "triage", "R-NEW00002", "--status", "duplicate", "--note", "Same as R-01D00001.")
    assert done.exit_code == 0 and done.output == "R-NEW00002: new -> duplicate\n"
    shown = cli(app, "reports", "show", "R-NEW00002").output
    assert "status:    duplicate" in shown and "note:      Same as R-01D00001." in shown and "triaged:   20" in shown
    listed = cli(app, "reports", "list", "--status", "duplicate").output.splitlines()
    assert [line.split()[0] for line in listed[:-1]] == ["R-NEW00002"]
    assert cli(app, "reports", "triage", "R-NEW00002", "--status", "maybe").exit_code == 2
    assert cli(app, "reports", "triage", "R-NEW00002").exit_code == 2  # --status is required


def test_purge_contacts_empties_only_the_old_ones(app):
    out = cli(app, "reports", "purge-contacts", "--older-than", "10", "--today", "2026-11-25")
    assert out.exit_code == 0 and out.output == "purged 1 contact(s) of reports received before 2026-11-15\n"
    assert "contact:   (purged 2026-11-25)" in cli(app, "reports", "show", "R-01D00001").output
    assert "contact:   new@example.org" in cli(app, "reports", "show", "R-NEW00002").output
    again = cli(app, "reports", "purge-contacts", "--older-than", "10", "--today", "2026-11-25")
    assert again.output.startswith("purged 0 contact(s)")
    assert "the ban was lifted" in cli(app, "reports", "show", "R-01D00001").output  # the report itself stays
    assert cli(app, "reports", "purge-contacts", "--older-than", "-1").exit_code == 2

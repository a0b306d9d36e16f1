"""Correction reports in the API: what a report carries in, what the reporter gets back, the form token."""

from __future__ import annotations

import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from regstatus.input_guard import CONTROL, TEXT_PATTERN
from regstatus.schemas.args import UTCDateTime
from regstatus.services.reports import filing as limits
from regstatus.vocab import REPORT_STATUSES, SUBSTANCES

# Free text may hold line breaks and tabs; no other control character (a NUL cannot even be stored).
MESSAGE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MESSAGE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f]+$"
URL = re.compile(URL_PATTERN, re.IGNORECASE)
VERSION_PATTERN = "^[0-9a-fA-F]{16}$"


# Half of a UTF-16 pair: JSON can carry one (\ud800), UTF-8 and PostgreSQL cannot store it.
SURROGATE = re.compile("[\ud800-\udfff]")


def _one_line(value: str) -> None:
    # CONTROL.search, not the pattern: Python's `$` would let a final line feed through.
    if CONTROL.search(value) or SURROGATE.search(value):
        raise ValidationError("Must not contain control characters or line breaks.")


def _free_text(value: str) -> None:
    if MESSAGE_CONTROL.search(value) or SURROGATE.search(value):
        raise ValidationError("Must not contain control characters (line breaks and tabs are fine).")


def _url(value: str) -> None:
    if not URL.fullmatch(value) or SURROGATE.search(value):
        raise ValidationError("Must be an http:// or https:// address without spaces.")


def _version(value: str) -> None:
    if not re.fullmatch(r"[0-9a-fA-F]{16}", value):
        raise ValidationError("Must be a version id: 16 hexadecimal digits, as shown under 'Cite this'.")


class ReportIn(Schema):
    """A correction report: the place, what is wrong, the evidence; the form token; an optional contact."""

    class Meta:
        unknown = RAISE

    jurisdiction = fields.String(
        required=True,
        validate=[validate.Length(1, limits.CODE_MAX), _one_line],
        metadata={"description": "The place's code, as on its page", "pattern": TEXT_PATTERN, "example": "US-TX"},
    )
    substance = fields.String(
        validate=validate.OneOf(list(SUBSTANCES)),
        metadata={"description": "The substance the report is about; omitted: the place in general"},
    )
    version_id = fields.String(
        validate=_version,
        metadata={
            "description": "The version the report is about (its id under 'Cite this' or `version_id` in the API)",
            "pattern": VERSION_PATTERN,
        },
    )
    message = fields.String(
        required=True,
        validate=[validate.Length(limits.MESSAGE_MIN, limits.MESSAGE_MAX), _free_text],
        metadata={"description": "What is wrong, and what the evidence shows instead", "pattern": MESSAGE_PATTERN},
    )
    evidence_url = fields.String(
        validate=[validate.Length(max=limits.URL_MAX), _url],
        metadata={"description": "A source that shows it: a law, a regulation, an agency page", "pattern": URL_PATTERN},
    )
    contact = fields.String(
        validate=[validate.Length(max=limits.CONTACT_MAX), _one_line],
        metadata={
            "description": "How a maintainer may reach you about this report (never published; purged after a while)",
            "pattern": TEXT_PATTERN,
        },
    )
    token = fields.String(
        required=True,
        validate=[validate.Length(1, limits.TOKEN_MAX), _one_line],
        metadata={"description": "The form token from GET /api/v1/reports/token", "pattern": TEXT_PATTERN},
    )
    website = fields.String(
        validate=validate.Length(max=0),
        data_key=limits.HONEYPOT,
        metadata={"description": "Leave out or empty: a field people never see on the form, which bots fill in"},
    )


class ReceiptOut(Schema):
    """What a filed report's sender gets back."""

    reference = fields.String(
        required=True,
        metadata={"description": "Quote it to ask about the report", "pattern": limits.REFERENCE_PATTERN},
    )
    status = fields.String(required=True, metadata={"enum": list(REPORT_STATUSES)})
    received_at = UTCDateTime(required=True)
    jurisdiction = fields.String(required=True)
    substance = fields.String(allow_none=True)
    version_id = fields.String(allow_none=True)
    next_steps = fields.String(required=True)


class FormTokenOut(Schema):
    """A form token to send with a report."""

    token = fields.String(required=True)
    issued_at = UTCDateTime(required=True)
    expires_at = UTCDateTime(required=True)

"""Filing a correction report: the limits on each field, the checks a schema cannot make, the reference number."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regstatus.errors import DomainError
from regstatus.models import CorrectionReport, Jurisdiction, RuleVersion, Substance
from regstatus.services.reports import token as form_token

# Limits per field, in characters (the API schema, the form and the docs read these).
MESSAGE_MIN = 10
MESSAGE_MAX = 4000
URL_MAX = 1000
CONTACT_MAX = 200
CODE_MAX = 64
TOKEN_MAX = 200
# The largest body a report within those limits can be, every character written as a JSON surrogate-pair
# escape (12 bytes) plus room for the names: a post above it is refused before it is read.
MAX_BODY_BYTES = 12 * (MESSAGE_MAX + URL_MAX + CONTACT_MAX + 2 * CODE_MAX + 16 + TOKEN_MAX) + 2048
# Reference numbers: R- and 8 characters of Crockford's base32 (no I, L, O, U), 40 random bits, so a
# reference says nothing about how many reports there are and one cannot be guessed from another.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PATTERN = f"^R-[{REFERENCE_ALPHABET}]{{8}}$"
REFERENCE = re.compile(REFERENCE_PATTERN)
HONEYPOT = "website"
NEXT_STEPS = (
    "A maintainer reads every report, checks its evidence against the sources, and corrects the dataset "
    "through a reviewed change when the evidence shows it is wrong; the correction then appears in the "
    "change log. Keep the reference to ask about it."
)


class ReportRefused(DomainError):
    """A report whose fields are well formed but do not hold together (an unknown place, a foreign version)."""

    status = 422
    title = "Invalid parameter"
    slug = "invalid-parameter"


class PayloadTooLarge(DomainError):
    """A post larger than any report within the field limits."""

    status = 413
    title = "Payload too large"
    slug = "payload-too-large"

    def __init__(self):
        super().__init__(f"A report body is at most {MAX_BODY_BYTES} bytes.", "body", None)


@dataclass
class Receipt:
    """What the reporter is told: the reference, the status, what was reported on, and what happens next."""

    reference: str
    status: str
    received_at: dt.datetime
    jurisdiction: str
    substance: str | None
    version_id: str | None
    next_steps: str = NEXT_STEPS


def new_reference() -> str:
    """A fresh reference number, R-XXXXXXXX."""
    return "R-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _clean_line(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def file_report(session: Session, fields: dict, key: str, now: float | None = None) -> Receipt:
    """Check the token, then the place and version, and add the report (the caller commits).

    `fields` are as the API schema loaded them. The token is checked first: without it nothing else is
    looked at. Raises TokenRefused (403) or ReportRefused (422), each naming its field; nothing is added then.
    """
    if fields.get(HONEYPOT):
        raise ReportRefused("Leave this field empty.", HONEYPOT)
    form_token.check(key, fields.get("token") or "", now)
    code = (fields.get("jurisdiction") or "").strip()
    place = session.scalar(select(Jurisdiction).where(func.upper(Jurisdiction.code) == code.upper()))
    if place is None:
        raise ReportRefused(f"No place has the code {code!r}.", "jurisdiction", code)
    substance = _clean_line(fields.get("substance"))
    uid = (_clean_line(fields.get("version_id")) or "").lower() or None
    if uid is not None:
        version = session.scalar(select(RuleVersion).where(RuleVersion.uid == uid))
        if version is None or version.jurisdiction_id != place.id:
            raise ReportRefused(f"{place.code} has no version {uid!r}.", "version_id", uid)
        version_substance = session.scalar(select(Substance.slug).where(Substance.id == version.substance_id))
        if substance is not None and substance != version_substance:
            raise ReportRefused(f"Version {uid} is about {version_substance}, not {substance}.", "version_id", uid)
        substance = version_substance
    message = (fields.get("message") or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(message) < MESSAGE_MIN:
        raise ReportRefused(f"Say what is wrong in at least {MESSAGE_MIN} characters.", "message")
    reference = new_reference()
    while session.scalar(select(CorrectionReport.id).where(CorrectionReport.reference == reference)) is not None:
        reference = new_reference()  # 1 in 2^40 per report: never in practice, but a collision must not 500
    received = dt.datetime.fromtimestamp(time.time() if now is None else now, dt.UTC).replace(tzinfo=None)
    report = CorrectionReport(
        reference=reference,
        jurisdiction_code=place.code,
        substance=substance,
        version_uid=uid,
        message=message,
        evidence_url=_clean_line(fields.get("evidence_url")),
        contact=_clean_line(fields.get("contact")),
        status="new",
        received_at=received.replace(microsecond=0),
    )
    session.add(report)
    session.flush()
    return Receipt(reference, report.status, report.received_at, place.code, substance, uid)

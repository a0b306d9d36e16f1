"""The report form's token: signed with the app's key, time-limited, no session or cookie behind it.

Pages are cached for the UTC day (every answer is a function of the dataset, the day and the request),
so the token is too: every form served on a day carries the token signed at that day's midnight, and it
is accepted for TOKEN_MAX_AGE_S from then. It proves a post comes from a form or token this service
gave out in the last day or two; it is not a secret per visitor. The per-address rate limit is what
bounds a flood.
"""

from __future__ import annotations

import datetime as dt
import time

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from regstatus.errors import DomainError

SALT = "regstatus.correction-report-form"
PURPOSE = b"report"
DAY_S = 86400
# Two days from the midnight it was signed at: a page served from cache at 23:59 still has a day to be filled in.
TOKEN_MAX_AGE_S = 2 * DAY_S


EXPIRED = "The form has expired: reload the page (or ask GET /api/v1/reports/token) and send again."


class TokenRefused(DomainError):
    """The post's form token is missing its signature, was signed with another key, or has expired."""

    status = 403
    title = "Form token refused"
    slug = "invalid-token"

    def __init__(self, detail: str):
        super().__init__(detail, "token", None)


class _Signer(TimestampSigner):
    """itsdangerous' timestamp signer on a given clock, so issuing is per day and tests can fix the time."""

    def __init__(self, key: str, at: float):
        super().__init__(key, salt=SALT)
        self.at = at

    def get_timestamp(self) -> int:
        """The clock this signer was given, in whole seconds."""
        return int(self.at)


def issued_at(now: float | None = None) -> dt.datetime:
    """The moment today's token is signed at: the start of the UTC day."""
    now = time.time() if now is None else now
    return dt.datetime.fromtimestamp(now - now % DAY_S, dt.UTC)


def issue(key: str, now: float | None = None) -> str:
    """Today's form token (the same for every form served today, so cached pages stay correct)."""
    return _Signer(key, issued_at(now).timestamp()).sign(PURPOSE).decode("ascii")


def expires_at(now: float | None = None) -> dt.datetime:
    """When the token issued at `now` stops being accepted."""
    return issued_at(now) + dt.timedelta(seconds=TOKEN_MAX_AGE_S)


def check(key: str, token: str, now: float | None = None) -> None:
    """Accept a token this service signed within TOKEN_MAX_AGE_S; raise TokenRefused naming `token` otherwise."""
    signer = _Signer(key, time.time() if now is None else now)
    try:
        value = signer.unsign(token, max_age=TOKEN_MAX_AGE_S)
    except SignatureExpired:
        raise TokenRefused(
            "The form has expired: reload the page (or ask GET /api/v1/reports/token) and send again."
        ) from None
    except BadSignature:
        raise TokenRefused("The form token is not one this service issued: reload the page and send again.") from None
    if value != PURPOSE:
        raise TokenRefused("The form token is not a correction report token.")

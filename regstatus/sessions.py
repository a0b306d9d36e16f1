"""Flask's signed-cookie sessions, opened without building a signer when the request carries no cookie."""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class CookieSessions(SecureCookieSessionInterface):
    """Flask's own interface; a request without a session cookie (nearly every GET) skips the signer."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """An empty session when there is no cookie to verify, else Flask's verified one."""
        # `in`, not .get(): Werkzeug's get() raises and catches a KeyError when the cookie is missing.
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

"""The public origin: absolute URLs come from PUBLIC_BASE_URL, and only ALLOWED_HOSTS are answered.

The Host header is written by the client. Copied into a feed, a permalink, a citation or a redirect,
it would let anyone have the service hand out links to a site of their choosing, and a shared cache
keep them for everyone. So a request whose Host is not allowed is refused (400) before anything
else runs, and with PUBLIC_BASE_URL set the WSGI environ is made to say that address (scheme, host,
port, no prefix) before Flask reads it: url_for, werkzeug's redirects and the cache's tags then all
build from the configured origin, never from what the client sent. What the connection itself said
is kept under ARRIVED_HOST and ARRIVED_SCHEME (HSTS reads the scheme; see client_address.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request

from regstatus.errors import DomainError

# Allowed when ALLOWED_HOSTS is not set outside production: the development server and the test client.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# Probes build no URL; an orchestrator asks them by a pod or host address that no setting could list.
UNCHECKED_PATHS = frozenset({"/healthz", "/readyz"})
ARRIVED_HOST = "regstatus.arrived_host"
ARRIVED_SCHEME = "regstatus.arrived_scheme"


def host_name(host: str) -> str:
    """A Host header or ALLOWED_HOSTS entry without its port, lower case: `[::1]:8000` -> `::1`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.partition(":")[0] if host.count(":") == 1 else host


class HostNotAllowed(DomainError):
    """The request names a host this deployment does not answer for."""

    status = 400
    title = "Host not allowed"
    slug = "host-not-allowed"


class PublicOrigin:
    """WSGI middleware: remember the Host and scheme the request came with, then present the public origin."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], base_url: str | None):
        self.wsgi_app = wsgi_app
        self.rewrite: dict[str, str] = {}
        if base_url:
            parts = urlsplit(base_url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            self.rewrite = {
                "HTTP_HOST": parts.netloc,
                "SERVER_NAME": parts.hostname or "",
                "SERVER_PORT": str(port),
                "wsgi.url_scheme": parts.scheme,
                "SCRIPT_NAME": "",
            }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Keep what arrived, then rewrite."""
        environ[ARRIVED_HOST] = environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or ""
        environ[ARRIVED_SCHEME] = environ.get("wsgi.url_scheme", "http")
        environ.update(self.rewrite)
        return self.wsgi_app(environ, start_response)


def refuse_other_hosts() -> None:
    """Before every request: a Host outside ALLOWED_HOSTS is answered 400 (problem JSON or a page)."""
    if request.path in UNCHECKED_PATHS:
        return
    arrived = request.environ.get(ARRIVED_HOST, "")
    if host_name(arrived) not in current_app.config["ALLOWED_HOSTS"]:
        # The host itself is not repeated: it is the client's text.
        raise HostNotAllowed("This service does not answer for the host named in the request.", "Host", None)


def init_app(app: Flask) -> None:
    """Wrap the WSGI app and check the Host before any other hook (the rate limiter's included)."""
    app.wsgi_app = PublicOrigin(app.wsgi_app, app.config.get("PUBLIC_BASE_URL"))
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_other_hosts)

"""The client address rate limits count by, and the scheme HSTS answers to, read through the trusted proxies.

Behind a proxy every request arrives from the proxy's address, so without this every client
would share one budget. TRUSTED_PROXIES says how many proxies append to X-Forwarded-For; the
address that many entries from the right is the client as the outermost trusted proxy saw it.
Entries further left were written by the client and are never believed. werkzeug's ProxyFix
does the reading, on a copy of the WSGI environ: request.remote_addr, URLs and logs keep what
the server saw, and only the limiter's key changes. X-Forwarded-Proto is read by the same rule
(the entry that many from the right, never one the client wrote), from the scheme the connection
itself used (public_origin.py keeps it before presenting the public origin).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from flask import current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from regstatus.public_origin import ARRIVED_SCHEME


def _peer(environ: dict[str, Any], _start_response: Callable[..., Any]) -> Iterable[str]:
    """The innermost WSGI 'app': answers the address ProxyFix settled on."""
    return [environ.get("REMOTE_ADDR") or "127.0.0.1"]


def _scheme(environ: dict[str, Any], _start_response: Callable[..., Any]) -> Iterable[str]:
    return [environ.get("wsgi.url_scheme") or "http"]


@lru_cache(maxsize=8)
def _reader(hops: int) -> ProxyFix:
    # X-Forwarded-For only: scheme, host, port and prefix headers are not read.
    return ProxyFix(_peer, x_for=hops, x_proto=0, x_host=0, x_port=0, x_prefix=0)


@lru_cache(maxsize=8)
def _scheme_reader(hops: int) -> ProxyFix:
    return ProxyFix(_scheme, x_for=0, x_proto=hops, x_host=0, x_port=0, x_prefix=0)


def client_address() -> str:
    """The limiter's key function: the client's address, as flask-limiter's get_remote_address when no proxy."""
    hops = current_app.config.get("TRUSTED_PROXIES", 0)
    if not hops:
        return request.remote_addr or "127.0.0.1"
    [address] = _reader(hops)(dict(request.environ), lambda *_args: None)
    return address


def client_scheme() -> str:
    """The scheme the client used: the connection's own, or as the outermost trusted proxy saw it."""
    environ = dict(request.environ)
    environ["wsgi.url_scheme"] = environ.get(ARRIVED_SCHEME) or environ.get("wsgi.url_scheme") or "http"
    hops = current_app.config.get("TRUSTED_PROXIES", 0)
    if not hops:
        return environ["wsgi.url_scheme"]
    [scheme] = _scheme_reader(hops)(environ, lambda *_args: None)
    return scheme

"""Source watching: fetch each source's address, classify the answer, keep the latest result per source.

Classification follows openstates' check_links.py rule: only 404, 410 and a host name that
does not exist (NXDOMAIN) mean "dead"; 403, 429, 5xx, timeouts and every other failure are
"unknown", because they say something about the server or the network, not the document.
The results are maintainer data: they feed `flask queue` and no public answer reads them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from regstatus.models import Source, SourceCheck
from regstatus.vocab import DEAD_HTTP_CODES

USER_AGENT = "regstatus-source-check/1.0 (checks that the sources cited by the regstatus kratom dataset still answer)"
TIMEOUT_S = 20.0
# Enough for a long statute page; a bigger body is hashed on its first bytes only.
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    """What one fetch of an address answered."""

    status: str
    http_code: int | None = None
    final_url: str | None = None
    content_hash: str | None = None
    error: str | None = None


def classify_error(exc: BaseException) -> Fetched:
    """The status of a fetch that raised: dead only for 404/410 and NXDOMAIN."""
    if isinstance(exc, urllib.error.HTTPError):
        status = "dead" if exc.code in DEAD_HTTP_CODES else "unknown"
        return Fetched(status, exc.code, exc.url, None, f"HTTP {exc.code}")
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror) and reason.errno == socket.EAI_NONAME:
        return Fetched("dead", error="host name does not exist (NXDOMAIN)")
    if isinstance(reason, TimeoutError | socket.timeout):
        return Fetched("unknown", error="timed out")
    if isinstance(reason, ssl.SSLError):
        return Fetched("unknown", error=f"TLS error: {reason}"[:500])
    return Fetched("unknown", error=f"{type(reason).__name__}: {reason}"[:500])


def fetch(url: str, timeout: float = TIMEOUT_S) -> Fetched:
    """GET one address (redirects followed) and hash its body."""
    # Only http and https addresses reach here: the seed schema refuses every other scheme.
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES)
            final = response.geturl()
            code = response.status
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return classify_error(exc)
    status = "ok" if final == url else "moved"
    return Fetched(status, code, final, hashlib.sha256(body).hexdigest())


def pick(session: Session, only: Iterable[str] = (), limit: int | None = None) -> list[Source]:
    """The sources to check: the given ids (all if none), least recently checked first, at most `limit`."""
    stmt = select(Source).outerjoin(SourceCheck, SourceCheck.source_id == Source.id)
    keys = list(only)
    if keys:
        stmt = stmt.where(Source.key.in_(keys))
    stmt = stmt.order_by(SourceCheck.checked_at.asc().nulls_first(), Source.key)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def fetch_all(
    targets: list[tuple[str, str]],
    fetcher: Callable[[str], Fetched] = fetch,
    concurrency: int = 4,
    delay: float = 1.0,
) -> dict[str, Fetched]:
    """Fetch (key, url) pairs: `concurrency` hosts at a time, one request at a time per host, `delay` apart."""
    by_host: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, url in targets:
        by_host[urlsplit(url).hostname or ""].append((key, url))

    def run(pairs: list[tuple[str, str]]) -> list[tuple[str, Fetched]]:
        out = []
        for i, (key, url) in enumerate(pairs):
            if i and delay:
                time.sleep(delay)  # polite to one server: never two requests at once, never back to back
            out.append((key, fetcher(url)))
        return out

    results: dict[str, Fetched] = {}
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for done in pool.map(run, by_host.values()):
            results.update(done)
    return results


def record(session: Session, sources: list[Source], results: dict[str, Fetched], now: dt.datetime) -> list[SourceCheck]:
    """Write each source's latest check; a hash unlike the previous one dates `changed_on`. The caller commits."""
    existing = {c.source_id: c for c in session.scalars(select(SourceCheck))}
    written = []
    for src in sources:
        got = results.get(src.key)
        if got is None:
            continue
        row = existing.get(src.id)
        if row is None:
            row = SourceCheck(source=src)
            session.add(row)
        elif got.content_hash and row.content_hash and got.content_hash != row.content_hash:
            row.changed_on = now.date()
        row.status, row.http_code, row.final_url, row.error = got.status, got.http_code, got.final_url, got.error
        row.content_hash = got.content_hash or row.content_hash  # a failed fetch keeps the last hash seen
        row.checked_at = now
        written.append(row)
    session.flush()
    return written

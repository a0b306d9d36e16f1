"""Exports held as finished bytes, in each content coding, per dataset version: built once, then sent from memory.

An export's body is a pure function of its representation tag (code, dataset version, UTC day, path,
query, negotiated type: `http_cache.representation_tag`), so the tag is the key. The first request for a
tag builds the body, compresses it once with gzip and brotli, and keeps the three; later requests are
answered from `http_cache`'s early hook before any view or database work, with `Content-Length`, the
coding the client prefers and that coding's strong tag (`"…:br"`, as flask-compress names it).

Two stores, each bounded by bytes: the default views (no parameter but `history` and `substance`) and
every other parameter set. A body larger than a quarter of its store is never held: it streams as
before, a batch of places at a time, so memory stays flat at any size.
"""

from __future__ import annotations

import gzip
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import brotli
from flask import Flask, Response, current_app, g, request, stream_with_context

from regstatus import http_cache
from regstatus.services.answer_cache import AnswerCache

# Parameters of the views built for every dataset version (the journalist's one click, and its variants).
DEFAULT_VIEW_PARAMETERS = frozenset({"history", "substance"})
# One-off compression, kept for the dataset's lifetime: stronger than flask-compress's per-request levels.
GZIP_LEVEL = 9
BROTLI_QUALITY = 9
# Bytes counted per entry beyond its bodies (headers, keys, objects).
OVERHEAD = 1024


@dataclass(frozen=True)
class Built:
    """One export's bytes in each coding, and the headers that belong to the representation."""

    bodies: dict[str, bytes]  # "identity", "gzip", "br"
    headers: tuple[tuple[str, str], ...]

    @property
    def size(self) -> int:
        """Bytes held."""
        return sum(len(b) for b in self.bodies.values()) + OVERHEAD

    @classmethod
    def of(cls, body: bytes, headers: Iterable[tuple[str, str]]) -> Built:
        """Compress `body` once in every coding (gzip without a time stamp: equal inputs, equal bytes)."""
        bodies = {
            "identity": body,
            "gzip": gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
            "br": brotli.compress(body, quality=BROTLI_QUALITY),
        }
        return cls(bodies, tuple(headers))


def _stores() -> tuple[AnswerCache, AnswerCache]:
    ext = current_app.extensions["prebuilt"]
    return ext["defaults"], ext["queries"]


def is_default_view() -> bool:
    """This request asks for a view built for every dataset version (only `history` and `substance` given)."""
    return set(request.args) <= DEFAULT_VIEW_PARAMETERS


def _store_for_request() -> AnswerCache:
    defaults, queries = _stores()
    return defaults if is_default_view() else queries


def chosen_coding() -> str:
    """The coding this request prefers among the held ones (`http_cache.CODINGS` order breaks ties)."""
    accepted = request.accept_encodings
    best, best_q = "identity", 0.0
    for coding in http_cache.CODINGS:
        q = accepted.quality(coding)
        if q > best_q:
            best, best_q = coding, q
    return best


def serve(built: Built) -> Response:
    """The held export in the preferred coding, with its own strong tag; 304 when the client holds it."""
    coding = chosen_coding()
    tag = g.etag if coding == "identity" else f'{g.etag[:-1]}:{coding}"'
    g.served_from_cache = True  # http_cache's after-request hooks leave this answer as it is
    if http_cache.held_is_current():
        return http_cache.not_modified(tag)
    response = Response(built.bodies[coding], status=200, headers=list(built.headers))
    if coding != "identity":
        response.headers["Content-Encoding"] = coding
    response.headers["ETag"] = tag
    http_cache.describe(response)
    return response


def from_memory() -> Response | None:
    """`http_cache`'s early hook: a held export for this request's tag, or None."""
    if g.get("cache_kind") != "export":
        return None
    built = _store_for_request().get(g.etag)
    return None if built is None else serve(built)


def respond(chunks: Iterable[str], content_type: str, headers: dict[str, str]) -> Response:
    """Build, keep and send an export when it fits its store; otherwise stream it as it is produced."""
    store = _store_for_request()
    limit = store.max_bytes // 4
    if limit <= 0 or "etag" not in g:
        return _streamed(iter(chunks), [], content_type, headers)
    it = iter(chunks)
    held: list[bytes] = []
    size = 0
    for chunk in it:
        data = chunk.encode()
        held.append(data)
        size += len(data)
        if size > limit:  # too large to hold: send what is built, then the rest as it comes
            return _streamed(it, held, content_type, headers)
    built = Built.of(b"".join(held), [("Content-Type", content_type), *headers.items()])
    store.put(g.etag, built, built.size)
    return serve(built)


def _streamed(rest: Iterator[str], first: list[bytes], content_type: str, headers: dict[str, str]) -> Response:
    body = itertools.chain(first, (c.encode() for c in rest))
    response = Response(stream_with_context(body), content_type=content_type)
    response.headers.update(headers)
    return response


def init_app(app: Flask) -> None:
    """Create the two stores (EXPORT_CACHE_MB, EXPORT_QUERY_CACHE_MB); call after http_cache.init_app."""
    unbounded = 2**31  # entries: only bytes bound these stores
    defaults = AnswerCache(unbounded, int(app.config.get("EXPORT_CACHE_MB", 32)) * 2**20)
    queries = AnswerCache(unbounded, int(app.config.get("EXPORT_QUERY_CACHE_MB", 16)) * 2**20)
    app.extensions["prebuilt"] = {"defaults": defaults, "queries": queries}
    http_cache.on_dataset_change(app, defaults.clear)
    http_cache.on_dataset_change(app, queries.clear)
    http_cache.add_early_answer(app, from_memory)

"""Conditional GETs, Cache-Control and the per-worker answer cache, for every route in one place.

Every answer is a pure function of the code, the dataset version, the UTC day (answers default to
today's date) and the request (scheme and host, path, query, Accept-Encoding, Accept where a path
offers several media types, and the language chosen by `?lang=` or Accept-Language, see i18n.py).
The ETag is a digest of exactly those, computed before the view runs, so a matching If-None-Match is
answered 304 without computing anything, and a finished answer can be kept and served again until one of them changes.
It is a correct strong validator: two answers with the same tag come from the same inputs, hence are the
same bytes (gzip's timestamp is zeroed, brotli has none); flask-compress appends the coding (`"…:br"`), so
each encoding of an answer has its own tag.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from email.utils import format_datetime
from pathlib import Path

from flask import Flask, Response, current_app, g, request
from flask_compress import Compress

from regstatus import i18n
from regstatus.extensions import bounded_waits, db
from regstatus.services.answer_cache import AnswerCache, DatasetWatch, Published, read_published

# Freshness per kind of route, in one table (README "Caching"). Short lifetimes on data: a published
# correction reaches a client or a shared cache within this many seconds; revalidation costs a 304.
CACHE_CONTROL = {
    "api": "public, max-age=60",
    "listing": "public, max-age=60",
    "export": "public, max-age=300",
    "feed": "public, max-age=300",
    "page": "public, max-age=60",
    "static": "public, max-age=3600",
    "probe": "no-store",
}
# First match wins; anything else is a page. Routes added later fall into one of these by their path.
ROUTE_KINDS = (
    (re.compile(r"^/(healthz|readyz)$"), "probe"),
    (re.compile(r"^/static/"), "static"),
    (re.compile(r"^/feeds/"), "feed"),
    (re.compile(r"^/api/v1/(export\.[a-z]+|datapackage\.json)$"), "export"),
    (re.compile(r"^/api/v1/(jurisdictions|sources|advisories|pending|changes)/?$"), "listing"),
    (re.compile(r"^/api/"), "api"),
)
# Kinds whose bytes do not depend on the dataset or the day: only the code changes them.
CODE_ONLY = {"static"}
# Paths that answer in more than one media type, chosen by `Accept` (the first is the default): the
# chosen type is part of the tag, and such answers carry `Vary: Accept`. Filled by the views that negotiate.
MEDIA_VARIANTS: dict[str, tuple[str, ...]] = {}


def negotiated_type(path: str) -> str | None:
    """The media type this request gets from a path with several (MEDIA_VARIANTS), else None."""
    offered = MEDIA_VARIANTS.get(path)
    if not offered:
        return None
    return request.accept_mimetypes.best_match(offered, default=offered[0]) or offered[0]


# Headers that belong to one exchange, never to a stored answer.
PER_REQUEST = {
    "date",
    "set-cookie",
    "x-request-id",
    "retry-after",
    "ratelimit",
    "ratelimit-policy",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
}
COMPRESSIBLE = [
    "application/json",
    "application/problem+json",
    "application/x-ndjson",
    "application/atom+xml",
    "text/calendar",
    "text/csv",
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
]
CODINGS = ("br", "gzip")


def route_kind(path: str) -> str:
    """The Cache-Control kind of a path (ROUTE_KINDS)."""
    return next((kind for pattern, kind in ROUTE_KINDS if pattern.match(path)), "page")


@functools.cache
def code_digest(root: Path) -> tuple[str, float]:
    """A digest of the package's files and the newest one's time: a new deployment never reuses old tags."""
    h = hashlib.sha256()
    newest = 0.0
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return h.hexdigest()[:16], newest


def _state() -> tuple[DatasetWatch, AnswerCache, str]:
    ext = current_app.extensions["http_cache"]
    return ext["watch"], ext["answers"], ext["code"]


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def representation_tag(code: str, kind: str, published: Published, day: dt.date) -> str:
    """The strong tag of the identity-coded answer to this request (quoted).

    Also the one key of every per-worker store of answers (the answer cache, regstatus.prebuilt): an input
    that changes the bytes of an answer (say, a negotiated language) is added to `parts` here, and to Vary.
    """
    args = sorted(request.args.items(multi=True), key=lambda kv: kv[0])  # stable: repeated values keep order
    # scheme://host/root/ as request.url_root says it, without building the whole current URL.
    root = f"{request.scheme}://{request.host}{request.root_path}/"
    parts = [code, kind, root, request.path, repr(args), negotiated_type(request.path) or ""]
    parts.append(i18n.current_language())  # Accept-Language chooses it too: one tag (and cache entry) per language
    if kind not in CODE_ONLY:
        parts += [published.version, published.dated.isoformat(), day.isoformat()]
    return '"' + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32] + '"'


def _last_modified(kind: str, published: Published, day: dt.date, code_time: float) -> dt.datetime:
    """When this answer last changed, as far as this worker knows (never later than now)."""
    if kind in CODE_ONLY:
        stamp = code_time
    else:
        midnight = dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()
        dated = dt.datetime.combine(published.dated, dt.time(), dt.UTC).timestamp()
        stamp = max(published.seen_at, midnight, dated)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return min(dt.datetime.fromtimestamp(stamp, dt.UTC), now)


def _acceptable_tags(tag: str) -> list[str]:
    """The tag of each coding this request accepts: any of them is a current answer the client may reuse."""
    accepted = request.accept_encodings
    tags = []
    identity_refused = accepted.quality("identity") == 0 and any(v in ("identity", "*") for v, _ in accepted)
    if not identity_refused:
        tags.append(tag)
    tags += [f'{tag[:-1]}:{coding}"' for coding in CODINGS if accepted.quality(coding) > 0]
    return tags


class NotModified(Response):
    """A 304 that keeps Last-Modified, which Werkzeug drops (RFC 9110 15.4.5 allows it to guide caches)."""

    def get_wsgi_headers(self, environ):
        """Werkzeug's headers for a 304, Last-Modified put back."""
        headers = super().get_wsgi_headers(environ)
        if "Last-Modified" in self.headers and "Last-Modified" not in headers:
            headers["Last-Modified"] = self.headers["Last-Modified"]
        return headers


def _not_modified(etag: str) -> Response:
    response = NotModified(status=304)
    response.headers["ETag"] = etag
    _describe(response)
    return response


def _describe(response: Response) -> None:
    """Validator and freshness headers from the request's context, on a 200 or a 304."""
    response.headers["Cache-Control"] = CACHE_CONTROL[g.cache_kind]
    response.headers["Last-Modified"] = format_datetime(g.last_modified, usegmt=True)
    # Scanned, not .get(): Werkzeug's lookup of a missing header raises and catches an exception.
    given = ",".join(v for k, v in response.headers.items() if k.lower() == "vary")
    vary = [v.strip() for v in given.split(",") if v.strip()]
    wanted = ["Accept", "Accept-Encoding"] if request.path in MEDIA_VARIANTS else ["Accept-Encoding"]
    wanted += ["Accept-Language"] if i18n.varies_by_accept_language() else []
    vary += [w for w in wanted if w.lower() not in (v.lower() for v in vary)]
    response.headers["Vary"] = ", ".join(vary)


def _held_is_current() -> bool:
    """For an answer known to exist: `If-None-Match: *`, or (without If-None-Match) If-Modified-Since not older."""
    inm = request.if_none_match
    if inm:
        return inm.star_tag
    since = request.if_modified_since
    return since is not None and since >= g.last_modified


def _before():
    """Tag the request; answer 304 or a stored answer without running the view when possible."""
    if request.method not in ("GET", "HEAD"):
        return None
    kind = route_kind(request.path)
    g.cache_kind = kind
    if kind == "probe":
        return None
    watch, answers, code = _state()
    published = watch.current(db.session)
    watch.follow(current_app.extensions["http_cache"]["read_version"])  # once per worker: reads move off requests
    day = _today()
    g.etag = representation_tag(code, kind, published, day)
    g.last_modified = _last_modified(kind, published, day, current_app.extensions["http_cache"]["code_time"])
    inm = request.if_none_match
    if inm and not inm.star_tag:
        for tag in _acceptable_tags(g.etag):
            if inm.contains_weak(tag.strip('"')):  # If-None-Match compares weakly (RFC 9110 13.1.2)
                return _not_modified(tag)
    g.cache_key = (g.etag, request.headers.get("Accept-Encoding", "").strip().lower())
    stored = answers.get(g.cache_key)
    if stored is None:
        for early in current_app.extensions["http_cache"]["early"]:
            response = early()
            if response is not None:
                return response
        # About to compute: make sure the tag names the version the answer will be read from.
        fresh = watch.current(db.session, force=True)
        if fresh != published:
            g.etag = representation_tag(code, kind, fresh, day)
            g.cache_key = (g.etag, g.cache_key[1])
        return None
    g.served_from_cache = True
    body, headers = stored
    if _held_is_current():
        return _not_modified(dict(headers)["ETag"])
    return Response(body, status=200, headers=headers)


def _tag(response: Response) -> Response:
    """Before compression: the answer's tag and cache headers (flask-compress then appends the coding)."""
    kind = g.get("cache_kind")
    if kind is None or g.get("served_from_cache") or isinstance(response, NotModified):
        return response
    if kind == "probe":
        response.headers["Cache-Control"] = "no-store"
        return response
    if response.status_code == 304 and "etag" in g:
        response.headers["ETag"] = g.etag
        _describe(response)
        return response
    if response.status_code != 200 or "etag" not in g:
        response.headers.setdefault("Cache-Control", "no-store")
        return response
    response.headers["ETag"] = g.etag  # replaces any tag a view set: one mechanism
    _describe(response)
    return response


def _store(response: Response) -> Response:
    """After compression: make gzip's bytes reproducible, keep the finished answer, meet `*` or If-Modified-Since."""
    if response.status_code != 200 or g.get("served_from_cache") or "etag" not in g:
        return response
    if _held_is_current():  # the answer exists (200): the held one, named with its coding, is current
        response.close()
        return _not_modified(response.headers["ETag"])
    if response.is_streamed or response.direct_passthrough:
        return response
    if response.headers.get("Content-Encoding") == "gzip":
        data = response.get_data()
        if data[:2] == b"\x1f\x8b":  # RFC 1952: MTIME 0 means no time stamp, so equal inputs give equal bytes
            response.set_data(data[:4] + b"\0\0\0\0" + data[8:])
    key = g.get("cache_key")
    if key is None or "Set-Cookie" in response.headers:
        return response
    body = response.get_data()
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in PER_REQUEST]
    # Counted as held: the body, each header's text and object overhead, the entry itself (bytes, not entries).
    size = len(body) + sum(len(k) + len(v) + 120 for k, v in headers) + 400
    _state()[1].put(key, (body, headers), size)
    return response


# For other per-worker stores of finished answers keyed by `g.etag` (regstatus.prebuilt).
held_is_current = _held_is_current
not_modified = _not_modified
describe = _describe


def on_dataset_change(app: Flask, forget) -> None:
    """Call `forget()` whenever a worker sees a new dataset version (a store of answers empties itself)."""
    app.extensions["http_cache"]["watch"].on_change.append(forget)


def add_early_answer(app: Flask, answer) -> None:
    """Ask `answer()` for a stored response after an answer-cache miss, before the view runs (None: go on)."""
    app.extensions["http_cache"]["early"].append(answer)


CONDITIONAL_PARAMETERS = [
    {
        "in": "header",
        "name": "If-None-Match",
        "required": False,
        "description": "ETags (strong or weak, a list, or `*`) of answers held; a current one gives 304",
        "schema": {"type": "string"},
    },
    {
        "in": "header",
        "name": "If-Modified-Since",
        "required": False,
        "description": "HTTP date; 304 when nothing changed since (ignored when If-None-Match is sent)",
        "schema": {"type": "string"},
    },
]
CACHE_HEADERS = {
    "ETag": {"description": "Strong tag of this answer and its content coding", "schema": {"type": "string"}},
    "Last-Modified": {"description": "When this answer last changed", "schema": {"type": "string"}},
    "Cache-Control": {"description": "`public, max-age=N` per kind of route", "schema": {"type": "string"}},
}


def document(spec: dict) -> None:
    """Add the conditional headers, the cache headers and the 304 to every GET of an OpenAPI document."""
    for path, operations in spec.get("paths", {}).items():
        op = operations.get("get")
        if op is None or route_kind(path) == "probe":
            continue
        params = op.setdefault("parameters", [])
        names = {p.get("name") for p in params}
        params.extend(p for p in CONDITIONAL_PARAMETERS if p["name"] not in names)
        responses = op.setdefault("responses", {})
        for status, response in responses.items():
            if str(status) == "200" and "$ref" not in response:
                response.setdefault("headers", {}).update(CACHE_HEADERS)
                content = response.get("content", {})
                offered = MEDIA_VARIANTS.get(path, ())
                for media_type in offered[1:]:  # the other types carry the same bytes
                    content.setdefault(media_type, dict(content[offered[0]]))
        responses.setdefault(
            "304", {"description": "Not Modified: the answer held is current", "headers": dict(CACHE_HEADERS)}
        )


def _version_reader(app: Flask):
    def read():
        with app.app_context(), bounded_waits():
            try:
                return read_published(db.session)
            finally:
                db.session.remove()

    return read


def init_app(app: Flask) -> None:
    """Register compression and the caching hooks; call last in create_app, so they wrap every route."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSIBLE)
    app.config.setdefault("COMPRESS_ALGORITHM", list(CODINGS))
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", list(CODINGS))
    app.config.setdefault("COMPRESS_EVALUATE_CONDITIONAL_REQUEST", False)  # decided in _before, on our tags
    answers = AnswerCache(
        int(app.config.get("ANSWER_CACHE_ENTRIES", 2000)), int(app.config.get("ANSWER_CACHE_MB", 64)) * 2**20
    )
    code, code_time = code_digest(Path(app.root_path))
    app.extensions["http_cache"] = {
        "watch": DatasetWatch(float(app.config.get("DATASET_CHECK_SECONDS", 1.0)), on_change=answers.clear),
        "answers": answers,
        "code": code,
        "code_time": code_time,
        "early": [],
        "read_version": _version_reader(app),
    }
    api = app.extensions.get("flask-smorest", {}).get("apis", {}).get("", {}).get("ext_obj")
    if api is not None:
        document(api.spec.to_dict())
    app.before_request(_before)
    # after_request hooks run last-registered first: _tag, then compression, then _store.
    app.after_request(_store)
    Compress().init_app(app)
    app.after_request(_tag)

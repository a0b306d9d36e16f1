"""The framework's ceiling: a bare Flask app answering bytes of a given size from memory.

`make bench` runs it under the same gunicorn settings as regstatus, so the ratio of a
regstatus route to `/bytes/<size of that route's answer>` is the share of the framework's
ceiling the route reaches.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, Response

app = Flask(__name__)


@lru_cache(maxsize=64)
def _body(size: int) -> bytes:
    # JSON-shaped filler of exactly `size` bytes, so content type and size match the route measured.
    if size < 2:
        return b" " * size
    return b'"' + b"x" * (size - 2) + b'"'


@app.get("/bytes/<int:size>")
def sized(size: int) -> Response:
    """`size` bytes of JSON from memory."""
    return Response(_body(size), mimetype="application/json", headers={"ETag": '"ceiling"'})


@app.get("/not-modified")
def not_modified() -> Response:
    """A bare 304, the ceiling for a revalidation."""
    return Response(status=304, headers={"ETag": '"ceiling"', "Cache-Control": "public, max-age=60"})

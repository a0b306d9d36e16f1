"""Page arithmetic and links shared by every paginated listing: body `links`, RFC 8288 `Link` header.

A page past the last one is an empty page (200, `data: []`) with neither `prev` nor `next`: no link
leads into emptiness, and the `Link` header's `first` and `last` lead back. An empty listing has page 1.
"""

from __future__ import annotations

import math

from flask import current_app, request, url_for

from regstatus.extensions import db
from regstatus.services import rules

# The response header as the OpenAPI document describes it.
LINK_HEADER_DOC = {
    "Link": {
        "description": "RFC 8288 links to the `first`, `last`, `next` and `prev` pages of the same query",
        "schema": {"type": "string"},
    }
}


def page_count(total: int, per_page: int) -> int:
    """How many pages a listing has; an empty listing still has its first page."""
    return max(1, math.ceil(total / per_page))


def page_links(endpoint: str, page: int, pages: int) -> tuple[dict[str, str | None], dict[str, str]]:
    """The `links` member for a page of `endpoint` (same query, another page) and its `Link` header."""

    def url(number: int) -> str:
        args = request.args.to_dict(flat=False)
        args["page"] = [str(number)]
        return url_for(endpoint, **args)

    inside = page <= pages  # past the end: no prev or next, only first and last
    links = {
        "self": url(page),
        "first": url(1),
        "last": url(pages),
        "next": url(page + 1) if inside and page < pages else None,
        "prev": url(page - 1) if inside and page > 1 else None,
    }
    # The header carries the same links as the body, but for `self` (the request's own address).
    header = ", ".join(f'<{target}>; rel="{rel}"' for rel, target in links.items() if target and rel != "self")
    return links, {"Link": header}


def page_body(endpoint: str, data: list, total: int, page: int, per_page: int, **meta) -> tuple[dict, dict]:
    """A listing's body (data, meta with the dataset, links, licence) and its `Link` header."""
    pages = page_count(total, per_page)
    links, headers = page_links(endpoint, page, pages)
    body = {
        "data": data,
        "meta": {
            "page": page,
            "per_page": per_page,
            "total": total,
            "pages": pages,
            **meta,
            "dataset": rules.dataset(db.session),
        },
        "links": links,
        "license": current_app.config["DATA_LICENSE"],
    }
    return body, headers

"""Page arithmetic and links shared by every paginated listing: body `links`, RFC 8288 `Link` header."""

from __future__ import annotations

import math

from flask import request, url_for

# The response header as the OpenAPI document describes it.
LINK_HEADER_DOC = {
    "Link": {"description": "RFC 8288 links to the next and previous pages", "schema": {"type": "string"}}
}


def page_count(total: int, per_page: int) -> int:
    """How many pages a listing has; an empty listing still has its first page."""
    return max(1, math.ceil(total / per_page))


def page_links(endpoint: str, page: int, pages: int) -> tuple[dict[str, str | None], dict[str, str]]:
    """The `links` member for a page of `endpoint` (same query, another page) and its `Link` header, if any."""

    def url(number: int) -> str:
        args = request.args.to_dict()
        args["page"] = str(number)
        return url_for(endpoint, **args)

    links = {
        "self": url(page),
        "next": url(page + 1) if page < pages else None,
        "prev": url(page - 1) if page > 1 else None,
    }
    header = ", ".join(f'<{target}>; rel="{rel}"' for rel, target in links.items() if target and rel != "self")
    return links, ({"Link": header} if header else {})

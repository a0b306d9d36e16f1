"""The OpenAPI document's shared parts (errors, rate limits, links, operation ids) and /api/docs."""

from __future__ import annotations

from pathlib import Path

from apispec import BasePlugin
from flask import Blueprint, Flask, Response, send_from_directory

from regstatus.input_guard import MAX_HEADER_FIELD_SIZE, MAX_HEADER_FIELDS, MAX_TARGET_LENGTH, OPENAPI_DOCUMENT

STATIC = Path(__file__).parent / "static"
PROBLEM = "application/problem+json"

RATE_LIMIT_HEADERS = {
    "RateLimit": {
        "description": 'IETF RateLimit field: the remaining quota and seconds to reset, e.g. `"default";r=57;t=30`',
        "schema": {"type": "string"},
    },
    "RateLimit-Policy": {
        "description": 'IETF RateLimit-Policy field: quota per window in seconds, e.g. `"default";q=300;w=60`',
        "schema": {"type": "string"},
    },
    "X-RateLimit-Limit": {"description": "Requests allowed in the window", "schema": {"type": "string"}},
    "X-RateLimit-Remaining": {"description": "Requests left in the window", "schema": {"type": "string"}},
    "X-RateLimit-Reset": {"description": "When the window resets (Unix time)", "schema": {"type": "string"}},
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before asking again", "schema": {"type": "string"}}}

DESCRIPTION = f"""Kratom legal status by jurisdiction, with sources.

Every error is an RFC 9457 problem document (`application/problem+json`) whose `errors` member names the
parameter at fault. An unknown query parameter is refused with 400 (`errors` keyed by its name); a malformed
or out-of-range value with 422 (or 400 for control characters and oversize values). A method a path does not
answer is 405 with `Allow`. A path and query over {MAX_TARGET_LENGTH} characters: 414; more than
{MAX_HEADER_FIELDS} header fields, or one over {MAX_HEADER_FIELD_SIZE} bytes: 431. A `Host` this deployment does not
serve: 400 (`errors` keyed by `Host`); absolute URLs in answers name the deployment's public address. Too many requests
from one address: 429 with `Retry-After`; every rate-limited answer carries the IETF `RateLimit` and
`RateLimit-Policy` fields. The database unreachable: 503 with `Retry-After`.

Listings are paginated by `page` and `per_page`; the `Link` header carries `first`, `last`, `next` and `prev`.
A page past the last one is an empty page (`data: []`) with neither `prev` nor `next`, only `first` and
`last`; an empty listing has one empty page.

Any origin may read the API and the feeds (CORS `*`); `OPTIONS` answers 204.

`info.license` is the licence of the data every answer quotes (also in each body's `license`); the
paths are relative to the server that serves this document (`servers: [{{"url": "/"}}]`).

For agents: a Model Context Protocol server at `/mcp` (streamable HTTP, stateless, JSON responses; POST
only, rate-limited with the API) answers the tools `lookup`, `route_check`, `changes` and `sources` from
the same services as these paths, each answer with its citations, dataset version and permalink;
`/llms.txt` describes this API for language models (`externalDocs`).
"""


def document_head(config) -> dict:
    """The document's `info` (description, the data's licence) and `servers` (relative: this host)."""
    license_ = {"name": "Creative Commons Attribution 4.0 International", "identifier": config["DATA_LICENSE"]}
    return {
        "info": {"description": DESCRIPTION, "license": license_},
        "servers": [{"url": "/", "description": "The host serving this document"}],
        "externalDocs": {"url": "/llms.txt", "description": "This API and the MCP server at /mcp, for agents"},
    }


# Links between operations (OpenAPI 3.1 `links`): where an answer's values lead. Clients and contract
# tests follow them from a listing to its items.
LINKS = {
    "jurisdictions.JurisdictionList": {
        "place": ("get_JurisdictionItem", {"code": "$response.body#/data/0/code"}),
        "history": ("get_JurisdictionHistory", {"code": "$response.body#/data/0/code"}),
        "sources": ("get_SourceList", {"jurisdiction": "$response.body#/data/0/code"}),
        "changes": ("get_ChangeList", {"jurisdiction": "$response.body#/data/0/code"}),
    },
    "jurisdictions.JurisdictionItem": {
        "history": ("get_JurisdictionHistory", {"code": "$response.body#/code"}),
        "advisories": ("get_AdvisoryList", {"jurisdiction": "$response.body#/code"}),
        "pending": ("get_PendingList", {"jurisdiction": "$response.body#/code"}),
    },
    "changes.ChangeList": {"place": ("get_JurisdictionItem", {"code": "$response.body#/data/0/jurisdiction"})},
    "sources.SourceList": {"source": ("get_SourceItem", {"id": "$response.body#/data/0/id"})},
    "catalog.AdvisoryList": {"place": ("get_JurisdictionItem", {"code": "$response.body#/data/0/jurisdiction"})},
    "catalog.PendingList": {"place": ("get_JurisdictionItem", {"code": "$response.body#/data/0/jurisdiction"})},
}


class ContractPlugin(BasePlugin):
    """Adds to every operation what every route shares, so no view has to repeat it."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        """Operation ids, the shared error responses, rate-limit headers and links."""
        rule = kwargs.get("rule")
        endpoint = rule.endpoint if rule is not None else ""
        for method, operation in (operations or {}).items():
            if not isinstance(operation, dict) or method == "parameters":
                continue
            operation.setdefault("operationId", f"{method}_{endpoint.rsplit('.', 1)[-1]}")
            responses = operation.setdefault("responses", {})
            shown = {str(code) for code in responses}
            for code, ref in SHARED_RESPONSES:
                if code not in shown:
                    responses[code] = ref
            if "404" not in shown and "{" in (path or ""):
                responses["404"] = "NOT_FOUND"
            for code, response in responses.items():
                if str(code).startswith("2") and isinstance(response, dict):
                    response.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)
                    links = LINKS.get(endpoint)
                    if links and str(code) == "200":
                        response["links"] = {
                            name: {"operationId": op_id, "parameters": parameters}
                            for name, (op_id, parameters) in links.items()
                        }


SHARED_RESPONSES = (
    ("400", "BAD_REQUEST"),
    ("414", "URI_TOO_LONG"),
    ("429", "RATE_LIMITED"),
    ("431", "HEADER_FIELDS_TOO_LARGE"),
    ("503", "UNAVAILABLE"),
)


def _problem_response(spec, name: str, description: str, headers: dict) -> None:
    spec.components.response(
        name,
        {
            "description": description,
            "headers": headers,
            "content": {PROBLEM: {"schema": "ProblemOut"}},
        },
    )


def register_shared_responses(spec) -> None:
    """The 414, 429, 431 and 503 answers, with their headers (input_guard.py sets the limits)."""
    _problem_response(spec, "URI_TOO_LONG", f"The path and query are longer than {MAX_TARGET_LENGTH} characters", {})
    too_large = f"More than {MAX_HEADER_FIELDS} header fields, or one over {MAX_HEADER_FIELD_SIZE} bytes"
    _problem_response(spec, "HEADER_FIELDS_TOO_LARGE", too_large, {})
    limited = {**RETRY_AFTER, **RATE_LIMIT_HEADERS}
    _problem_response(spec, "RATE_LIMITED", "Too many requests from this address", limited)
    _problem_response(spec, "UNAVAILABLE", "The database is not answering; try again shortly", RETRY_AFTER)


bp = Blueprint("api_docs", __name__, url_prefix="/api/docs")

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>regstatus API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/api/docs/static/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec-url="/api/v1/openapi.json"></div>
<script src="/api/docs/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/api/docs/static/init.js"></script>
</body>
</html>
"""


@bp.get("")
def page():
    """The interactive documentation of the API (Swagger UI, served from this site)."""
    return Response(PAGE, mimetype="text/html")


@bp.get("/static/<path:filename>")
def static(filename: str):
    """Swagger UI's files and their initializer."""
    return send_from_directory(STATIC, filename)


def init_app(app: Flask, api) -> None:
    """Serve /api/docs and let the input guard read the document's parameters."""
    app.register_blueprint(bp)
    app.extensions[OPENAPI_DOCUMENT] = api.spec.to_dict

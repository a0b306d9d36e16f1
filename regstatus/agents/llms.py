"""/llms.txt: the service described for language models (llmstxt.org), written from the OpenAPI document.

Nothing here is kept by hand: every API path comes from the document flask-smorest generates from the
views, each with its summary and query parameters; the statuses from vocab.py; the MCP tools from their
argument schemas and docstrings. A route added to the API is listed here without an edit.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from regstatus.agents import tools
from regstatus.agents.arguments import SCHEMAS
from regstatus.agents.server import PATH as MCP_PATH
from regstatus.input_guard import OPENAPI_DOCUMENT
from regstatus.vocab import STATUS_MEANINGS, SUBSTANCES

bp = Blueprint("llms", __name__)

SUMMARY = (
    "The legal and regulatory status of kratom (Mitragyna speciosa) and concentrated 7-OH products by country, "
    "state and locality, with the law, sources, effective dates and last-verified dates behind every answer."
)
METHODS = ("get", "post", "put", "patch", "delete")


def signature(tool: str) -> str:
    """A tool as it is called: `lookup(place, substance, as_of?)`."""
    fields = SCHEMAS[tool]().fields.values()
    names = [(f.data_key or f.name) + ("" if f.required else "?") for f in fields]
    return f"{tool}({', '.join(names)})"


def _first_line(text: str | None) -> str:
    return " ".join((text or "").strip().split("\n\n")[0].split())


def _operations(document: dict) -> dict[str, list[tuple[str, str, dict]]]:
    """(method, path, operation) per tag, in the document's order."""
    by_tag: dict[str, list[tuple[str, str, dict]]] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                by_tag.setdefault((op.get("tags") or ["api"])[0], []).append((method, path, op))
    return by_tag


def _operation_line(root: str, method: str, path: str, op: dict) -> str:
    query = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
    line = f"- [{method.upper()} {path}]({root}{path}): {_first_line(op.get('summary') or op.get('description'))}"
    return line + (f" Query: {', '.join(f'`{q}`' for q in query)}." if query else "")


def text(document: dict, root: str) -> str:
    """The whole file, for a server whose address is `root` (no trailing slash)."""
    info = document.get("info", {})
    tag_names = {t["name"]: t.get("description", t["name"]) for t in document.get("tags", [])}
    lines = [f"# {info.get('title', 'regstatus')}", "", f"> {SUMMARY}", ""]
    lines += [_first_line(info.get("description")), ""]
    lines += ["Substances:"]
    lines += [f"- `{slug}`: {about}" for slug, (_name, about) in SUBSTANCES.items()]
    lines += ["Statuses, one vocabulary everywhere:"]
    lines += [f"- `{status}`: {meaning}" for status, meaning in STATUS_MEANINGS.items()]
    lines += ["", "## Agents (Model Context Protocol)", ""]
    lines += [
        f"- [MCP server]({root}{MCP_PATH}): streamable HTTP, stateless, JSON responses (POST only), read-only, "
        "rate-limited like the API. Every answer carries `quote`, `citations` (each level's law with its "
        "sources' URLs and dates), `dataset` and `permalink`. Bad arguments and unknown places answer "
        "JSON-RPC -32602 naming the argument in `data.errors`. Tools:"
    ]
    lines += [f"  - `{signature(name)}`: {_first_line(stub.__doc__)}" for name, stub in tools.STUBS.items()]
    for tag, operations in _operations(document).items():
        lines += ["", f"## API: {tag_names.get(tag, tag)}", ""]
        lines += [_operation_line(root, method, path, op) for method, path, op in operations]
    lines += ["", "## Optional", ""]
    lines += [f"- [OpenAPI document]({root}/api/v1/openapi.json): the contract of every path above"]
    lines += [f"- [Interactive API documentation]({root}/api/docs)"]
    lines += [f"- [About the answers]({root}/about): how levels compose into an answer, in words"]
    return "\n".join(lines) + "\n"


@bp.get("/llms.txt")
def llms_txt() -> Response:
    """The service described for language models, with absolute links to this host."""
    document = current_app.extensions[OPENAPI_DOCUMENT]()
    return Response(text(document, request.url_root.rstrip("/")), mimetype="text/plain")

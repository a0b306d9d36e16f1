"""For agents: the MCP server at /mcp and /llms.txt, both read from the API's own services and document."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register /mcp and /llms.txt (after the API, whose OpenAPI document /llms.txt reads)."""
    from regstatus.agents import llms, server

    server.init_app(app)
    app.register_blueprint(llms.bp)

"""POST /mcp: the Model Context Protocol server (the official `mcp` SDK), served by the Flask app itself.

The SDK's server is ASGI; a2wsgi runs it under the app's WSGI workers. It is a Flask view, so /mcp passes
through every hook the API does: the same rate limit per client address, the request id, the security
headers, no cookie. Streamable HTTP, stateless with JSON responses: each POST is answered on its own, with
no session to keep, so any worker answers any request. The tools read through the API's services and
schemas (agents/answers.py), in the request context of the POST that asked (agents/tools.py).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from a2wsgi import ASGIMiddleware
from flask import Blueprint, Flask, Response, current_app, request
from mcp.server.mcpserver import MCPServer
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from werkzeug.datastructures import Headers

from regstatus.agents import tools
from regstatus.agents.arguments import load

PATH = "/mcp"
EXTENSION = "mcp"
# Tool arguments are a few codes and dates; a body past this is a mistake or an attack (the SDK answers 413).
MAX_BODY_BYTES = 64 * 1024
INSTRUCTIONS = (
    "Kratom and 7-OH legal status by place, with sources. Every answer carries `quote`: the answer in words "
    "with the dataset version and a permalink; cite it with `citations` (each level's law, its sources' URLs "
    "and dates). Unknown places and bad arguments answer JSON-RPC -32602 naming the argument in data.errors."
)

bp = Blueprint("mcp", __name__)


class ArgumentCheck:
    """Server middleware: refuse a tool call's bad arguments before the SDK's own checks.

    The SDK reports arguments that do not fit a tool's schema as a failed call (`isError`); here they are
    the protocol's error, -32602 Invalid params, naming each argument as the API names a parameter.
    """

    async def __call__(self, ctx, call_next):
        """Check `tools/call` arguments with the tool's schema, then carry on."""
        params = ctx.params
        if ctx.method == "tools/call" and isinstance(params, dict) and params.get("name") in tools.STUBS:
            load(params["name"], params.get("arguments"))
        return await call_next(ctx)


def build_server() -> MCPServer:
    """The MCP server with the four read-only tools, and its stateless streamable HTTP transport."""
    server = MCPServer(name="regstatus", instructions=INSTRUCTIONS, middleware=[ArgumentCheck()])
    for name in tools.STUBS:
        server.add_tool(tools.runner(name), name=name, annotations=tools.READ_ONLY, structured_output=True)
    server.streamable_http_app(
        streamable_http_path=PATH,
        stateless_http=True,
        json_response=True,
        max_request_body_size=MAX_BODY_BYTES,
        # DNS-rebinding protection guards a server on a private address that holds something a browser's
        # cookies unlock; this one is public, read-only, and takes no credentials. The SDK's default would
        # refuse every Host but localhost.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    return server


class Started:
    """The SDK's request handler, its session manager run once, on first use, in the loop that serves it."""

    def __init__(self, manager: StreamableHTTPSessionManager):
        self.manager = manager
        self._ready: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._failed: BaseException | None = None

    async def _hold(self) -> None:
        try:
            async with self.manager.run():
                self._ready.set()
                await asyncio.Event().wait()  # for the life of the process
        except BaseException as exc:
            self._failed = exc
            self._ready.set()
            raise

    async def __call__(self, scope, receive, send) -> None:
        """ASGI: start the manager when first called (one loop thread: no race), then hand the request on."""
        if self._ready is None:
            self._ready = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._hold())
        await self._ready.wait()
        if self._failed is not None:
            raise RuntimeError("the MCP session manager could not start") from self._failed
        await self.manager.handle_request(scope, receive, send)


class Bridge:
    """The MCP server as a WSGI app, made on first use: a2wsgi's event-loop thread starts in the worker."""

    def __init__(self, server: MCPServer):
        self.server = server
        self._wsgi: ASGIMiddleware | None = None
        self._lock = threading.Lock()

    def wsgi(self) -> ASGIMiddleware:
        """The WSGI app (a2wsgi over the SDK's handler); one per process, made after gunicorn forks."""
        with self._lock:
            if self._wsgi is None:
                self._wsgi = ASGIMiddleware(Started(self.server.session_manager))
            return self._wsgi


@bp.post(PATH)
def endpoint() -> Any:
    """One JSON-RPC message (initialize, tools/list, tools/call ...), answered as JSON."""
    request.environ[tools.APP_KEY] = current_app._get_current_object()
    response = Response.from_app(current_app.extensions[EXTENSION].wsgi(), request.environ, buffered=True)
    # The SDK writes header names in lower case; the rest of the app writes them capitalised.
    response.headers = Headers([(name.title(), value) for name, value in response.headers.items()])
    return response


def init_app(app: Flask) -> None:
    """Register POST /mcp; the server is built now, its loop and manager start with the first request."""
    app.extensions[EXTENSION] = Bridge(build_server())
    app.register_blueprint(bp)

"""regstatus: kratom's legal and regulatory status, by jurisdiction, with sources and history."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application; `config` overrides settings read from the environment."""
    from regstatus import (
        agents,
        api,
        cli,
        debugger_guard,
        errors,
        extensions,
        http_cache,
        i18n,
        input_guard,
        pages,
        prebuilt,
        public_origin,
        request_id,
    )
    from regstatus.config import load_settings
    from regstatus.sessions import CookieSessions

    # The pages blueprint serves /static; the app itself has no static folder to shadow it.
    app = debugger_guard.App(__name__, instance_relative_config=True, static_folder=None)
    app.config.from_mapping(load_settings(app.instance_path, config or {}))
    app.session_interface = CookieSessions()
    app.json.sort_keys = False  # keep the schemas' field order: code and name first
    extensions.init_app(app)
    public_origin.init_app(app)  # first hook: an unknown Host is refused before it is counted or cached
    debugger_guard.init_app(app)  # before it, in production
    request_id.init_app(app)
    input_guard.init_app(app)
    api.init_app(app)
    agents.init_app(app)  # /mcp and /llms.txt, beside the API they read
    errors.init_app(app)  # after the API, so it replaces flask-smorest's JSON-only handler
    pages.init_app(app)
    extensions.limit_reports(app)  # after the report views exist
    cli.init_app(app)
    i18n.init_app(app)  # after the API (its document gains `lang`), before http_cache (its tag names the language)
    http_cache.init_app(app)  # last: its hooks wrap every route registered above
    prebuilt.init_app(app)  # exports held in memory, answered from http_cache's early hook
    return app

"""The versioned JSON API."""

from __future__ import annotations

import http

from flask import Flask
from flask_smorest import Api
from flask_smorest.spec import prepare_response

from regstatus.schemas.api import ProblemOut

PROBLEM_CONTENT_TYPE = "application/problem+json"


class RegstatusApi(Api):
    """flask-smorest's Api, documenting errors as RFC 9457 problem documents."""

    ERROR_SCHEMA = ProblemOut

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error (RFC 9457 problem details)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


api = RegstatusApi()


def init_app(app: Flask) -> None:
    """Register the API blueprints and the OpenAPI document."""
    from regstatus.api import cors, docs, feeds, ical
    from regstatus.api.v1 import (
        catalog,
        changes,
        check,
        exports,
        health,
        jurisdictions,
        locate,
        meta,
        reports,
        sources,
        travel,
    )

    api.init_app(app, spec_kwargs={**docs.document_head(app.config), "extra_plugins": [docs.ContractPlugin()]})
    docs.register_shared_responses(api.spec)
    api.register_blueprint(meta.blp)
    api.register_blueprint(jurisdictions.blp)
    api.register_blueprint(travel.blp)
    api.register_blueprint(check.blp)
    api.register_blueprint(locate.blp)
    api.register_blueprint(changes.blp)
    api.register_blueprint(sources.blp)
    api.register_blueprint(catalog.blp)
    api.register_blueprint(exports.blp)
    api.register_blueprint(reports.blp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(ical.bp)
    app.register_blueprint(health.bp)
    cors.init_app(app)
    docs.init_app(app, api)

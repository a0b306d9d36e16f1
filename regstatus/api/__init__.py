"""The versioned JSON API."""

from __future__ import annotations

import http

from flask import Flask, request
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


def _open_data_headers(response):
    # Public, read-only data: any web page may read it (no cookies are involved).
    if request.path.startswith("/api/"):
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
        response.headers.setdefault("Access-Control-Expose-Headers", "ETag, Link, Retry-After, X-RateLimit-Remaining")
    return response


def init_app(app: Flask) -> None:
    """Register the API blueprints and the OpenAPI document."""
    from regstatus.api.v1 import changes, health, jurisdictions, meta, travel

    api.init_app(app, spec_kwargs={"info": {"description": "Kratom legal status by jurisdiction, with sources."}})
    api.register_blueprint(meta.blp)
    api.register_blueprint(jurisdictions.blp)
    api.register_blueprint(travel.blp)
    api.register_blueprint(changes.blp)
    app.register_blueprint(health.bp)
    app.after_request(_open_data_headers)

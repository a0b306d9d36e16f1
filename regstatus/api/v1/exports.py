"""/api/v1/export.{csv,json,ndjson} and /api/v1/datapackage.json: the whole dataset in one streamed download."""

from __future__ import annotations

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from regstatus import http_cache, prebuilt
from regstatus.api.v1.catalog import problem_doc
from regstatus.extensions import db
from regstatus.schemas.examples import (
    DATAPACKAGE,
    EXPORT_CSV,
    EXPORT_JSON,
    EXPORT_NDJSON,
    INVALID_PARAMETER,
    NOT_FOUND_PARENT,
)
from regstatus.schemas.publish import DataPackageOut, ExportArgs, ExportOut
from regstatus.services import lookup, rules
from regstatus.services.publish import exports

blp = Blueprint("exports", __name__, url_prefix="/api/v1", description="Bulk exports")

# NDJSON is also served as text/plain on request: generated clients (openapi-python-client among them)
# read no `application/x-ndjson` answer, but read any text/* one.
NDJSON_PATH = "/api/v1/export.ndjson"
NDJSON_TYPES = (exports.FORMATS["ndjson"][0], "text/plain")
http_cache.MEDIA_VARIANTS[NDJSON_PATH] = NDJSON_TYPES


def _stream(fmt: str, q: exports.ExportQuery, mimetype: str | None = None) -> Response:
    exports.check(db.session, q)
    ds = rules.dataset(db.session)
    # History lists versions started by `as_of` only when it is given; answers default to today.
    as_of = q.as_of if q.history else (q.as_of or lookup.today())
    q.as_of = as_of
    default, writer = exports.FORMATS[fmt]
    mimetype = mimetype or default
    records = (exports.shaped(r, ds) for r in exports.rows(db.session, q))
    if fmt == "json":
        head = {
            "dataset": {"version": ds.version, "date": ds.dated.isoformat()},
            "as_of": as_of.isoformat() if as_of else None,
            "history": q.history,
            "license": current_app.config["DATA_LICENSE"],
            "columns": list(exports.FIELD_NAMES),
        }
        body = writer(records, head)
    else:
        body = writer(records)
    when = ("history-" if q.history else "") + (as_of.isoformat() if as_of else "all")
    disposition = f'inline; filename="regstatus-{ds.version}-{when}.{fmt}"'
    # Held in memory once built (per dataset version and day) when it fits; streamed otherwise.
    return prebuilt.respond(body, mimetype, {"Content-Disposition": disposition})


def _query(args: dict) -> exports.ExportQuery:
    return exports.ExportQuery(**args)


@blp.route("/export.csv")
class ExportCsv(MethodView):
    """The dataset as CSV."""

    @blp.arguments(ExportArgs, location="query", unknown=RAISE)
    @blp.response(200, {"type": "string"}, content_type="text/csv", example=EXPORT_CSV, description="RFC 4180 CSV")
    @blp.alt_response(400, **problem_doc("A parameter holds a control character", INVALID_PARAMETER))
    @blp.alt_response(404, **problem_doc("Unknown parent", NOT_FOUND_PARENT))
    def get(self, args):
        """One row per jurisdiction and substance: the effective answer and the sources behind it, as CSV.

        List cells (caveats, source ids, source URLs) are space-separated; empty cells are nulls.

        Rows in a stable order: jurisdiction code, then substance (kratom first); with `history=1`,
        then legal start date. Every row names the dataset version it quotes; the body holds no clock time,
        so one dataset and one `as_of` always give the same bytes (the `Date` header says when it was sent).
        CSV, JSON and NDJSON share one column list, described with types in `/api/v1/datapackage.json`.
        Built once per dataset version and day and sent from memory with `Content-Length`, gzip or brotli
        when it fits each worker's store (`EXPORT_CACHE_MB`); larger ones stream, a batch of places at a time.
        """
        return _stream("csv", _query(args))


@blp.route("/export.json")
class ExportJson(MethodView):
    """The dataset as one JSON document."""

    @blp.arguments(ExportArgs, location="query", unknown=RAISE)
    @blp.response(200, ExportOut, example=EXPORT_JSON)
    @blp.alt_response(400, **problem_doc("A parameter holds a control character", INVALID_PARAMETER))
    @blp.alt_response(404, **problem_doc("Unknown parent", NOT_FOUND_PARENT))
    def get(self, args):
        """The rows of the CSV export as one JSON document, after the dataset, date, licence and column names.

        The same rows, order and parameters as `export.csv`; list cells are arrays, nulls are null.
        """
        return _stream("json", _query(args))


@blp.route("/export.ndjson")
class ExportNdjson(MethodView):
    """The dataset as newline-delimited JSON."""

    @blp.arguments(ExportArgs, location="query", unknown=RAISE)
    @blp.response(200, {"type": "string"}, content_type=NDJSON_TYPES[0], example=EXPORT_NDJSON, description="NDJSON")
    @blp.alt_response(400, **problem_doc("A parameter holds a control character", INVALID_PARAMETER))
    @blp.alt_response(404, **problem_doc("Unknown parent", NOT_FOUND_PARENT))
    def get(self, args):
        """The rows of the CSV export, one JSON object per line (same order and parameters).

        `application/x-ndjson` by default; `Accept: text/plain` gets the same bytes as `text/plain`
        (for clients that read only text or JSON answers). The choice is part of the ETag (`Vary: Accept`).
        """
        chosen = http_cache.negotiated_type(request.path)
        return _stream("ndjson", _query(args), "text/plain; charset=utf-8" if chosen == "text/plain" else None)


@blp.route("/datapackage.json")
class DataPackage(MethodView):
    """The Frictionless Data Package of the CSV export."""

    @blp.response(200, DataPackageOut, example=DATAPACKAGE)
    def get(self):
        """Fields with types and descriptions, licence and dataset version of `export.csv` (a relative path)."""
        ds = rules.dataset(db.session)
        cfg = current_app.config
        return exports.datapackage(ds, cfg["DATA_LICENSE"], cfg["DATA_LICENSE_URL"], "export.csv")

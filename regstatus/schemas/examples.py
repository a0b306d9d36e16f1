"""Examples for the OpenAPI document, answers of the real dataset (seed/) kept in examples.json."""

from __future__ import annotations

import json
from pathlib import Path

_ALL = json.loads((Path(__file__).parent / "examples.json").read_text(encoding="utf-8"))

SOURCE_PAGE: dict = _ALL["SOURCE_PAGE"]
SOURCE_DETAIL: dict = _ALL["SOURCE_DETAIL"]
ADVISORY_PAGE: dict = _ALL["ADVISORY_PAGE"]
PENDING_PAGE: dict = _ALL["PENDING_PAGE"]
META: dict = _ALL["META"]
DATAPACKAGE: dict = _ALL["DATAPACKAGE"]
EXPORT_JSON: dict = _ALL["EXPORT_JSON"]
EXPORT_CSV: str = _ALL["EXPORT_CSV"]
EXPORT_NDJSON: str = _ALL["EXPORT_NDJSON"]
NOT_FOUND_JURISDICTION: dict = _ALL["NOT_FOUND_JURISDICTION"]
NOT_FOUND_SOURCE: dict = _ALL["NOT_FOUND_SOURCE"]
NOT_FOUND_PARENT: dict = _ALL["NOT_FOUND_PARENT"]
INVALID_PARAMETER: dict = _ALL["INVALID_PARAMETER"]
# Listing examples, each a request and its answer: {name: {"summary", "description" (the request), "value"}}.
LISTING_EXAMPLES: dict = json.loads((Path(__file__).parent / "examples_listing.json").read_text(encoding="utf-8"))

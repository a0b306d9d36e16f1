"""Schemathesis over the whole OpenAPI document: every operation, every check, every phase, stateful included.

Examples, coverage and fuzzing run per operation; the stateful phase follows the document's `links`
(listing -> item -> history, sources, advisories...) on a fixed seed, so a run is reproducible, and
`test_every_link_leads_to_an_answer_that_matches_the_contract` follows every link once, in order, so
reaching each item route never depends on a random walk. No check is switched off: a failure is fixed
in the API or in the document. Runs on whichever database the suite runs on (TEST_DATABASE_URL).
"""

from __future__ import annotations

import re
from collections import deque

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

# The test client does not decode content codings; compression is tested on its own.
IDENTITY = {"Accept-Encoding": "identity"}
FUZZ = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
# derandomize: the walk is drawn from a seed fixed by the test, the same on every run and machine.
STATEFUL = settings(
    max_examples=15,
    stateful_step_count=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def load(app):
    """The document as the app serves it."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=IDENTITY)


@pytest.fixture
def api_schema(app):
    return load(app)


schema = schemathesis.pytest.from_fixture("api_schema")


def test_every_check_and_phase_is_on(app):
    """Nothing is switched off by configuration: all built-in checks and all four phases."""
    load_all_checks()
    config = load(app).config
    assert all(
        config.checks_config_for(operation=None, phase=None).get_by_name(name=n).enabled for n in CHECKS.get_all_names()
    )
    phases = config.phases
    assert phases.examples.enabled and phases.coverage.enabled and phases.fuzzing.enabled and phases.stateful.enabled


def test_every_operation_is_covered_and_linked(app):
    """Every operation of the document is tested; the listings link to the items they list."""
    operations = [r.ok() for r in load(app).get_all_operations()]
    paths = {op.path for op in operations}
    assert {"/api/v1/jurisdictions", "/api/v1/jurisdictions/{code}", "/api/v1/sources/{id}"} <= paths
    listing = load(app)["/api/v1/jurisdictions"]["GET"]
    assert "place" in listing.definition.raw["responses"]["200"]["links"]


# Routes under /api/ that are not operations of the document: the document itself and its viewer.
NOT_OPERATIONS = {"/api/v1/openapi.json", "/api/docs", "/api/docs/static/<path:filename>"}


def test_every_api_route_is_in_the_document_and_every_path_answers(app, client):
    spec = client.get("/api/v1/openapi.json").json
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.rule not in NOT_OPERATIONS:
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            assert path in documented, f"{rule.rule} is served but not documented"
    source_id = client.get("/api/v1/sources?per_page=1").json["data"][0]["id"]
    required = {
        "/api/v1/travel": {"from": "TH", "to": "MY"},
        "/api/v1/check": {"place": "TH", "product": "leaf"},
        "/api/v1/locate": {"lat": 13.75, "lon": 100.5},
    }
    for path, operations in spec["paths"].items():
        url = path.replace("{code}", "TH").replace("{id}", source_id)
        if "get" in operations:
            r = client.get(url, query_string=required.get(path, {}), headers=IDENTITY)
            assert r.status_code == 200, url
        if "post" in operations:  # the one write: an empty report is refused, naming what it lacks
            r = client.post(url, json={}, headers=IDENTITY)
            assert r.status_code == 422 and "message" in r.json["errors"], url
        assert set(operations) - {"parameters"} <= {"get", "post"}, path


@schema.parametrize()
@FUZZ
def test_api_matches_its_contract(case):
    case.call_and_validate(headers=IDENTITY)


def test_stateful_sequences_match_the_contract(app):
    """Sequences along the links: a code or id taken from one answer, used in the next request."""
    # The report operations take part in every per-operation phase above; no link leads into or out of them
    # (a report links nowhere), so in a walk along links they would only shorten the walks.
    machine = load(app).exclude(path_regex="^/api/v1/reports").as_state_machine()
    reached: set[str] = set()

    class Sequences(machine):
        def get_call_kwargs(self, case):
            return {"headers": IDENTITY}

        def after_call(self, response, case):
            super().after_call(response, case)
            if response.status_code == 200:
                reached.add(case.operation.label)

    Sequences.run(settings=STATEFUL)
    assert reached, "the walk answered nothing"


def _pointer(document, expression: str):
    """The value a link's `$response.body#/...` expression names, or None where the answer has none."""
    value = document
    for part in expression.split("#", 1)[1].strip("/").split("/"):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value


def test_every_link_leads_to_an_answer_that_matches_the_contract(app):
    """From each operation that needs no parameter, follow every link of its answer, then theirs, once each.

    Deterministic: the same requests on every run, every check applied to every answer; each link's
    target, the item routes among them, is reached with an identifier an earlier answer gave.
    """
    operations = [r.ok() for r in load(app).get_all_operations()]
    by_id = {op.definition.raw["operationId"]: op for op in operations}

    def needs_nothing(op) -> bool:
        # Reads only: the one write (filing a correction report) needs a body and has its own tests.
        return (
            op.method.upper() == "GET"
            and "{" not in op.path
            and not any(p.get("required") for p in op.definition.raw.get("parameters", []))
        )

    queue = deque((op, op.Case()) for op in operations if needs_nothing(op))
    followed, reached, targets = set(), set(), set()
    while queue:
        op, case = queue.popleft()
        response = case.call_and_validate(headers=IDENTITY)
        assert response.status_code == 200, (op.label, case.path_parameters, case.query)
        reached.add(op.label)
        for name, link in op.definition.raw["responses"]["200"].get("links", {}).items():
            target = by_id[link["operationId"]]
            targets.add(target.label)
            values = {p: _pointer(response.json(), e) for p, e in link["parameters"].items()}
            if (op.label, name) in followed or None in values.values():
                continue  # each link once, from the first answer that gives its values
            followed.add((op.label, name))
            path = {p: v for p, v in values.items() if f"{{{p}}}" in target.path}
            query = {p: v for p, v in values.items() if p not in path}
            queue.append((target, target.Case(path_parameters=path or None, query=query or None)))
    assert {"GET /api/v1/jurisdictions/{code}", "GET /api/v1/sources/{id}"} <= targets
    assert targets <= reached, targets - reached

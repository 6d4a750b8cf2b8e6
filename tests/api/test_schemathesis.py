"""issue 13 item 10: schemathesis generates requests from the OpenAPI document (/api/openapi.json)
and sends them with a bearer token to the WSGI application: no answer may be a server error, and
every answer must match the document (status, content type, body schema).

The number of examples per operation is bounded for CI; NTM_SCHEMATHESIS_EXAMPLES raises it."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from ntm.wsgi import application

EXAMPLES = int(os.environ.get("NTM_SCHEMATHESIS_EXAMPLES", "15"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def district_token(db, token_for):
    # As Django's test client does: requests run inside the test's transaction, so the connection
    # must not be closed between them; everything written is rolled back after the test.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield token_for("huyen.tamduong")
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: a failure in CI reproduces locally
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_match_the_document_and_never_fail(case, district_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {district_token}"}, checks=CHECKS)

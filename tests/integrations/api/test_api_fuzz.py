"""schemathesis fuzzes every operation of /api/v1/ from its own OpenAPI schema, with a live
coordinator's token: no answer may be a server error, and every answer must be one the
schema documents (status, content type, headers and body). A bounded number of examples per
operation keeps it under a minute; it runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from remento.people.models import Employee
from tests.factories import make_pair, make_program
from tests.integrations.api.conftest import token_for

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def _connections_kept() -> Iterator[None]:
    """The WSGI handler closes database connections at the end of each request, which would
    close the test's own transaction on PostgreSQL; Django's test client keeps them open the
    same way, for the length of the test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(
    _connections_kept: None,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
    settings: Any,
) -> str:
    """A coordinator's token with every scope, in an organisation with a program and pair,
    and no rate limit in the way."""
    settings.API_RATE_LIMIT = "100000/min"
    program = make_program(coordinator.organization)
    make_pair(program, mentor, mentee)
    return token_for(coordinator)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_answers_a_server_error_or_outside_its_schema(
    case: schemathesis.Case, bearer: str
) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {bearer}"}, checks=CHECKS)

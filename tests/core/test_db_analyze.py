"""Planner statistics are refreshed after the bulk writes: the demo build and an import."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from remento.core import db
from remento.core.models import AuditEvent, Organization, User
from remento.demo.people.seed import demo_organization_seed
from remento.people.importing.services import people_import_apply
from remento.people.models import Department, Employee
from tests.factories import EmployeeFactory
from tests.people.import_files import csv_bytes, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyzed(monkeypatch: pytest.MonkeyPatch) -> list[list[str] | None]:
    """Each call of ``analyze``, as the sorted table names it was given (None: all)."""
    calls: list[list[str] | None] = []

    def record(models: Any = None) -> None:
        calls.append(None if models is None else sorted(m._meta.db_table for m in models))

    monkeypatch.setattr(db, "analyze", record)
    return calls


def test_an_import_analyzes_the_tables_it_wrote_once_committed(
    organization: Organization,
    analyzed: list[list[str] | None],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        people_import_apply(
            actor=None, organization=organization, data=csv_bytes([person("E1"), person("E2")])
        )
    assert analyzed == []  # not before the commit
    for callback in callbacks:
        callback()
    written = sorted(m._meta.db_table for m in (Employee, Department, User, AuditEvent))
    assert analyzed == [written]


def test_the_demo_build_analyzes_the_whole_database(
    analyzed: list[list[str] | None], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        demo_organization_seed(size=30, slug="analyze-demo")
    assert analyzed == [None]


def test_on_sqlite_analyze_samples_the_tables_given() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("checks the SQLite path")
    with CaptureQueriesContext(connection) as queries:
        db.analyze([Employee, Department])
        db.analyze([])
        db.analyze()
    limit = f"PRAGMA analysis_limit = {db.SQLITE_ANALYSIS_LIMIT}"
    assert [query["sql"] for query in queries.captured_queries] == [
        limit,
        'ANALYZE "people_department"',
        'ANALYZE "people_employee"',
        limit,
        "ANALYZE",
    ]


def test_on_sqlite_analyze_leaves_statistics_for_the_planner() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("checks the SQLite path")
    EmployeeFactory.create_batch(5)
    db.analyze([Employee])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'people_employee'")
        (indexes,) = cursor.fetchone()
    assert indexes > 0


@pytest.mark.postgres
def test_on_postgresql_analyze_runs_on_the_tables_given() -> None:
    with CaptureQueriesContext(connection) as queries:
        db.analyze([Employee, Department])
        db.analyze([])
        db.analyze()
    assert [query["sql"] for query in queries.captured_queries] == [
        'ANALYZE "people_department", "people_employee"',
        "ANALYZE",
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_an_import_leaves_the_planner_fresh_statistics(
    organization: Organization,
) -> None:
    """Committed for real: the statistics are refreshed once the import commits; a table
    analyzed by hand has ``last_analyze`` set (autovacuum's runs set ``last_autoanalyze``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        before = cursor.fetchone()[0]
    people_import_apply(
        actor=None, organization=organization, data=csv_bytes([person("E1"), person("E2")])
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = %s",
            [Employee._meta.db_table],
        )
        last = cursor.fetchone()[0]
    assert last is not None
    assert last >= before

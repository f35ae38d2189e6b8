"""On PostgreSQL the demo build leaves the planner fresh statistics of what it wrote: without
``ANALYZE`` the planner plans a 100,000-person organisation's pages for empty tables (the
skill-gap page took 17–22 s). These tests commit for real (``transaction=True``), since the
statistics are refreshed once the build commits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from remento.core.models import AuditEvent
from remento.demo.people.seed import demo_organization_seed
from remento.enrollment.models import Enrollment
from remento.people.models import Employee, SkillOffer
from remento.relationships.models import Pair

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SIZE = 60


def database_now() -> dt.datetime:
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def statistics(table: str) -> tuple[dt.datetime | None, float]:
    """When ``table`` was last analyzed by hand (autovacuum's own runs are counted apart,
    in ``last_autoanalyze``), and the row count the planner believes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT s.last_analyze, c.reltuples FROM pg_stat_user_tables s "
            "JOIN pg_class c ON c.oid = s.relid WHERE s.relname = %s",
            [table],
        )
        last, rows = cursor.fetchone()
    return last, rows


def test_the_demo_build_analyzes_the_tables_it_wrote() -> None:
    before = database_now()
    demo = demo_organization_seed(size=SIZE, slug="statistics")
    for model in (Employee, SkillOffer, Enrollment, Pair, AuditEvent):
        last, _rows = statistics(model._meta.db_table)
        assert last is not None, model
        assert last >= before, model
    _last, rows = statistics(Employee._meta.db_table)
    assert rows >= demo.people  # the planner knows the organisation's size

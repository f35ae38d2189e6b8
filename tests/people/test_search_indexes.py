"""Migration people.0008: on PostgreSQL the search's own expressions have indexes that the
planner uses; on SQLite the migration does nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from remento.core.models import Organization
from remento.people.models import Employee
from remento.people.search import CONTAINS_FIELDS, person_text_filter
from remento.people.selectors import DirectoryFilters, employee_search
from tests.factories import EmployeeFactory


def _plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        # The test table is tiny: without this PostgreSQL rightly reads it whole, and the
        # test is whether the indexes fit the query, not whether they pay at 5 rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(line for (line,) in cursor.fetchall())


@pytest.mark.postgres
def test_each_searched_column_has_a_trigram_index_written_in_place(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_employee'"
        )
        indexes = dict(cursor.fetchall())
    for column in CONTAINS_FIELDS:
        definition = indexes[f"employee_{column}_trgm"]
        assert "gin_trgm_ops" in definition
        assert f"upper(({column})::text)" in definition
        assert "fastupdate=off" in definition
    assert "upper((employee_id)::text)" in indexes["employee_employee_id_upper"]


@pytest.mark.postgres
def test_the_search_condition_is_served_by_the_trigram_and_id_indexes(
    coordinator: Employee, organization: Organization
) -> None:
    """The expressions of the indexes are those Django writes for the search: each branch
    of the search's OR is an index scan (a BitmapOr), none a filter over the table."""
    for number in range(5):
        EmployeeFactory.create(organization=organization, last_name=f"Lindqvist{number}")
    queryset = Employee.objects.filter(person_text_filter("lindq")).values("pk")
    sql, params = queryset.query.sql_with_params()
    plan = _plan(sql, params)
    assert "BitmapOr" in plan
    for column in CONTAINS_FIELDS:
        assert f"employee_{column}_trgm" in plan
    assert "employee_employee_id_upper" in plan
    found = employee_search(viewer=coordinator, filters=DirectoryFilters(text="lindq"))
    assert len(list(found)) == 5


def test_on_sqlite_the_migration_adds_no_index(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("checks the SQLite side of migration people.0008")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people_employee'"
        )
        names = {name for (name,) in cursor.fetchall()}
    assert not {name for name in names if name.endswith("_trgm")}

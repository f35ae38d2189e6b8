"""Whole days counted by the database (``core.day_counts``) as Python's ``timedelta.days``
counts them, to the microsecond."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from remento.core.day_counts import whole_days_sql
from remento.core.models import AuditEvent, Organization


def _days_since_created(event: AuditEvent, now: dt.datetime) -> int:
    """``whole_days_sql`` of the event's ``created_at`` at ``now``, read by the database."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    column = f"{table}.{connection.ops.quote_name('created_at')}"
    sql, params = whole_days_sql(column, [], now=now, vendor=connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql} FROM {table} WHERE id = %s", [*params, event.pk])
        return int(cursor.fetchone()[0])


NOW = dt.datetime(2026, 3, 29, 12, 0, 0, 500_000, tzinfo=dt.UTC)

AGES = [
    dt.timedelta(0),
    dt.timedelta(microseconds=1),
    dt.timedelta(days=1) - dt.timedelta(microseconds=1),
    dt.timedelta(days=1),
    dt.timedelta(days=28, hours=12),
    dt.timedelta(days=29) - dt.timedelta(microseconds=1),
    dt.timedelta(days=29),
    dt.timedelta(days=29, microseconds=1),
    dt.timedelta(days=400, seconds=1),
]


@pytest.mark.parametrize("age", AGES, ids=str)
def test_whole_days_match_python_at_every_edge(organization: Organization, age: dt.timedelta):
    event = AuditEvent.objects.create(organization=organization, verb="x.aged")
    AuditEvent.objects.filter(pk=event.pk).update(created_at=NOW - age)

    days = _days_since_created(event, NOW)

    assert days == age.days


def test_a_moment_on_the_whole_second_counts_too(organization: Organization) -> None:
    """Django stores a time without microseconds without its fraction."""
    event = AuditEvent.objects.create(organization=organization, verb="x.aged")
    AuditEvent.objects.filter(pk=event.pk).update(
        created_at=NOW.replace(microsecond=0) - dt.timedelta(days=3)
    )

    days = _days_since_created(event, NOW.replace(microsecond=0))

    assert days == 3

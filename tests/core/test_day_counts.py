"""Whole days counted by the database (``core.day_counts``) as Python's ``timedelta.days``
counts them, to the microsecond."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F

from remento.core.day_counts import WholeDaysUntil
from remento.core.models import AuditEvent, Organization

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

    days = (
        AuditEvent.objects.filter(pk=event.pk)
        .annotate(days=WholeDaysUntil(F("created_at"), now=NOW))
        .values_list("days", flat=True)
        .get()
    )

    assert days == age.days


def test_a_moment_on_the_whole_second_counts_too(organization: Organization) -> None:
    """Django stores a time without microseconds without its fraction."""
    event = AuditEvent.objects.create(organization=organization, verb="x.aged")
    AuditEvent.objects.filter(pk=event.pk).update(
        created_at=NOW.replace(microsecond=0) - dt.timedelta(days=3)
    )

    days = (
        AuditEvent.objects.filter(pk=event.pk)
        .annotate(days=WholeDaysUntil(F("created_at"), now=NOW.replace(microsecond=0)))
        .values_list("days", flat=True)
        .get()
    )

    assert days == 3

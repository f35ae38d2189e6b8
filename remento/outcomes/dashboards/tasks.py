"""Background work of the dashboards (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.outcomes.dashboards.health_snapshots import (
    record_health_this_week as record_this_week_of_every_program,
)
from remento.outcomes.dashboards.health_snapshots import snapshot_health as take_snapshots


@task()
def snapshot_health() -> int:
    """Record every program's ended weeks of pair health that have no record yet (see
    ``dashboards.health_snapshots``). Run from cron by ``remento snapshot-health`` (or
    ``--enqueue`` for the worker); running it twice records nothing twice. Returns how
    many weeks were recorded."""
    return take_snapshots()


@task()
def record_health_this_week() -> int:
    """Record every running program's current week of pair health as of now (see
    ``dashboards.health_snapshots.record_this_week``), so the results page reads it instead
    of judging every open pair. Run hourly from cron by ``remento record-health-this-week``.
    Returns how many programs' weeks were recorded."""
    return record_this_week_of_every_program()

"""Background work of the KPIs (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.outcomes.kpis.snapshots import snapshot_kpis as take_snapshots


@task()
def snapshot_kpis() -> int:
    """Snapshot every KPI of every running program for this ISO week (see
    ``kpis.snapshots``). Run from cron by ``remento snapshot-kpis`` (or ``--enqueue`` for
    the worker); running it twice in a week replaces the week's figures. Returns how many
    figures were written."""
    return take_snapshots()

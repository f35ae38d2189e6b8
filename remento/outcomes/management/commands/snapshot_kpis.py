"""``remento snapshot-kpis``: measure every KPI of every running program for this week; for
cron.

Each Active program (and each closed in the last weeks) gets one figure per KPI of the
catalogue for the current ISO week, so the dashboards show every KPI over time; a
program's first run back-fills its past weeks from its dated records. Running it twice in
a week replaces that week's figures. A crontab line for a nightly run::

    50 2 * * *  cd /srv/remento && .venv/bin/remento snapshot-kpis

``--enqueue`` hands the work to the task worker (``remento db_worker``) instead.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.core.words import count_of
from remento.outcomes.kpis.tasks import snapshot_kpis


class Command(TaskCommand):
    help = (
        "Measure every KPI of every running program for this week (back-filling a "
        "program's past weeks the first time). Run it from cron (e.g. nightly)."
    )
    task = snapshot_kpis

    def report(self, done: int) -> str:
        return f"{count_of(done, 'KPI figure')} written."

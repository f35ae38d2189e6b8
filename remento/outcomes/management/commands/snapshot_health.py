"""``remento snapshot-health``: record each program's ended weeks of pair health; for cron.

Every program with pairs gets one record per ended week (its open pairs by health state at
the week's end), so the results page reads past weeks instead of working each pair's state
out again for every week. A program's first run records all its past weeks; a recorded
week is never rewritten. A crontab line for a nightly run, beside ``snapshot-kpis``::

    55 2 * * *  cd /srv/remento && .venv/bin/remento snapshot-health

``--enqueue`` hands the work to the task worker (``remento db_worker``) instead.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.core.words import count_of
from remento.outcomes.dashboards.tasks import snapshot_health


class Command(TaskCommand):
    help = (
        "Record each program's ended weeks of pair health that have no record yet (all "
        "past weeks the first time). Run it from cron (e.g. nightly)."
    )
    task = snapshot_health

    def report(self, done: int) -> str:
        return f"{count_of(done, 'week')} of pair health recorded."

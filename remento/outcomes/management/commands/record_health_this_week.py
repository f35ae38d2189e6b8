"""``remento record-health-this-week``: record each running program's current week of pair
health as of now; for cron, hourly.

The results page reads the record (and says when it was made) instead of judging every open
pair at each view; the nightly ``snapshot-health`` replaces it with the week as it stood at
its end. A crontab line for an hourly run::

    5 * * * *  cd /srv/remento && .venv/bin/remento record-health-this-week

``--enqueue`` hands the work to the task worker (``remento db_worker``) instead.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.core.words import count_of
from remento.outcomes.dashboards.tasks import record_health_this_week


class Command(TaskCommand):
    help = (
        "Record each running program's current week of pair health as of now, for the "
        "results page. Run it from cron (e.g. hourly)."
    )
    task = record_health_this_week

    def report(self, done: int) -> str:
        return f"This week's pair health recorded for {count_of(done, 'program')}."

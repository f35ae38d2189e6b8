"""``remento refresh-skill-totals``: work out every organisation's skill totals afresh.

The skill-gap pages read totals the worker keeps (``people.skill_totals``), refreshed after
the writes that change them. This nightly run is the safety net::

    45 2 * * *  cd /srv/remento && .venv/bin/remento refresh-skill-totals

``--enqueue`` hands the work to the task worker instead of running it now.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.people.tasks import refresh_all_skill_totals


class Command(TaskCommand):
    help = (
        "Work out the skill totals the skill-gap pages read, for every organisation. "
        "Run it from cron (e.g. nightly)."
    )
    task = refresh_all_skill_totals

    def report(self, done: int) -> str:
        return f"Refreshed the skill totals of {done} organisation(s)."

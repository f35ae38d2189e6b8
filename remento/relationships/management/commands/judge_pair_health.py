"""``remento judge-pair-health``: every open pair's health record, judged again where it
has lapsed or is missing, so that no view of a health board pays for a whole program; for
cron (``remento.relationships.health.states``). A crontab line for an hourly run::

    20 * * * *  cd /srv/remento && .venv/bin/remento judge-pair-health

By default it judges now and prints how many programs; ``--enqueue`` hands it to the task
worker.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.core.words import count_of
from remento.relationships.health.tasks import judge_pair_health


class Command(TaskCommand):
    help = (
        "Judge again the pairs' health records that have lapsed or are missing, so that "
        "health boards read them. Run it from cron (e.g. hourly)."
    )
    task = judge_pair_health

    def report(self, done: int) -> str:
        return f"{count_of(done, 'program')} judged."

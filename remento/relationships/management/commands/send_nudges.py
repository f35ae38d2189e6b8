"""``remento send-nudges``: the automatic nudges to pairs; for cron.

Each nudge (log your meeting, schedule your next one, no meeting for twice the agreed
cadence) goes to a pair once per condition, never twice, however often this runs (see
``remento.relationships.health.automatic``). A crontab line for an hourly run::

    15 * * * *  cd /srv/remento && .venv/bin/remento send-nudges

By default it sends now and prints how many; ``--enqueue`` hands it to the task worker.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.core.words import count_of
from remento.relationships.health.tasks import send_due_nudges


class Command(TaskCommand):
    help = (
        "Send pairs the automatic nudges that are due (log your meeting, schedule the next "
        "one, no meeting for a while), each once. Run it from cron (e.g. hourly)."
    )
    task = send_due_nudges

    def report(self, done: int) -> str:
        return f"{count_of(done, 'nudge')} sent."

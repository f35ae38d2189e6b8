"""``remento expire-requests``: expire unanswered mentor requests; for cron.

Each new request already schedules a delayed expiry task for the task worker (pages only
read: they show an overdue request as expired); this command is the safety net for a
deployment without a worker (or after one was down). A crontab line for an hourly run::

    0 * * * *  cd /srv/remento && .venv/bin/remento expire-requests

By default it runs the work now and prints how many requests expired; ``--enqueue`` hands
it to the task worker instead (``remento db_worker`` with the database backend).
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.core.words import count_of
from remento.matching.tasks import expire_requests


class Command(TaskCommand):
    help = (
        "Expire mentor requests left unanswered past their deadline and send each mentee's "
        "next choice a request. Run it from cron (e.g. hourly)."
    )
    task = expire_requests

    def report(self, done: int) -> str:
        return f"{count_of(done, 'request')} expired."

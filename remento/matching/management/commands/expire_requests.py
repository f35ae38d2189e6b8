"""``remento expire-requests``: expire unanswered mentor requests; for cron.

Each new request already schedules a delayed expiry task for the task worker (pages only
read: they show an overdue request as expired); this command is the safety net for a
deployment without a worker (or after one was down). A crontab line for an hourly run::

    0 * * * *  cd /srv/remento && .venv/bin/remento expire-requests

By default it runs the work now and prints how many requests expired; ``--enqueue`` hands
it to the task worker instead (``remento db_worker`` with the database backend).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from remento.core.words import count_of
from remento.matching.tasks import expire_requests


class Command(BaseCommand):
    help = (
        "Expire mentor requests left unanswered past their deadline and send each mentee's "
        "next choice a request. Run it from cron (e.g. hourly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the background task worker instead of running it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = expire_requests.enqueue()
            self.stdout.write(f"Enqueued expire_requests (task result {result.id}).")
            return
        expired = expire_requests.call()
        self.stdout.write(f"{count_of(expired, 'request')} expired.")

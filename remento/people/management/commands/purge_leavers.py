"""``remento purge-leavers``: erase leavers kept longer than the retention period; for cron.

People the HRIS full sync deactivated are kept ``REMENTO_LEAVER_RETENTION_DAYS`` days (their
sensitive attributes are deleted, open pairs closed and enrolments ended at once), then this
command erases them as an admin's “Erase” would. A crontab line for a nightly run::

    30 2 * * *  cd /srv/remento && .venv/bin/remento purge-leavers

``--enqueue`` hands the work to the task worker instead of running it now.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from remento.people.tasks import purge_leavers


class Command(BaseCommand):
    help = (
        "Erase the personal data of people who left more than REMENTO_LEAVER_RETENTION_DAYS "
        "days ago. Run it from cron (e.g. nightly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the background task worker instead of running it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = purge_leavers.enqueue()
            self.stdout.write(f"Enqueued purge_leavers (task result {result.id}).")
            return
        erased = purge_leavers.call()
        days = settings.REMENTO_LEAVER_RETENTION_DAYS
        self.stdout.write(f"Erased {erased} leaver(s) who left more than {days} days ago.")

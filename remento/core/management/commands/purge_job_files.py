"""``remento purge-job-files``: delete the files exports and reports wrote, once expired.

Each file already schedules its own deletion on the task worker for when it expires; this
command is the safety net for a deployment without a worker (or after one was down). A
crontab line for an hourly run::

    0 * * * *  cd /srv/remento && .venv/bin/remento purge-job-files
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from remento.core.jobs.tasks import purge_job_files


class Command(BaseCommand):
    help = (
        "Delete the files of exports and reports older than REMENTO_JOB_FILE_HOURS. "
        "Run it from cron (e.g. hourly)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = purge_job_files.call()
        self.stdout.write(
            f"{expired} file(s) older than {settings.REMENTO_JOB_FILE_HOURS} hour(s) deleted."
        )

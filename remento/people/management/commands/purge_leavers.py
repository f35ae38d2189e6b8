"""``remento purge-leavers``: erase leavers kept longer than the retention period; for cron.

People the HRIS full sync deactivated are kept ``REMENTO_LEAVER_RETENTION_DAYS`` days (their
sensitive attributes are deleted, open pairs closed and enrolments ended at once), then this
command erases them as an admin's “Erase” would. A crontab line for a nightly run::

    30 2 * * *  cd /srv/remento && .venv/bin/remento purge-leavers

``--enqueue`` hands the work to the task worker instead of running it now.
"""

from __future__ import annotations

from django.conf import settings

from remento.core.management.task_command import TaskCommand
from remento.people.tasks import purge_leavers


class Command(TaskCommand):
    help = (
        "Erase the personal data of people who left more than REMENTO_LEAVER_RETENTION_DAYS "
        "days ago. Run it from cron (e.g. nightly)."
    )
    task = purge_leavers

    def report(self, done: int) -> str:
        days = settings.REMENTO_LEAVER_RETENTION_DAYS
        return f"Erased {done} leaver(s) who left more than {days} days ago."

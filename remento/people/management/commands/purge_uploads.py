"""``remento purge-uploads``: delete HRIS files left unconfirmed; for cron.

Each upload already schedules its own purge on the task worker for when it expires; this
command is the safety net for a deployment without a worker (or after one was down). A
crontab line for an hourly run::

    0 * * * *  cd /srv/remento && .venv/bin/remento purge-uploads
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from remento.people.tasks import purge_pending_uploads


class Command(BaseCommand):
    help = (
        "Delete uploaded HRIS files waiting for a confirmation longer than "
        "REMENTO_PENDING_UPLOAD_HOURS. Run it from cron (e.g. hourly)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = purge_pending_uploads.call()
        self.stdout.write(
            f"{expired} upload(s) older than {settings.REMENTO_PENDING_UPLOAD_HOURS} hour(s) "
            "deleted."
        )

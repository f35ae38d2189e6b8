"""Background work of the people app (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.people.importing.uploads import pending_uploads_purge
from remento.people.services.personal_data import leavers_purge


@task()
def purge_leavers() -> int:
    """Erase leavers past ``REMENTO_LEAVER_RETENTION_DAYS``; returns how many."""
    return leavers_purge()


@task()
def purge_pending_uploads() -> int:
    """Delete uploaded HRIS files left unconfirmed past ``REMENTO_PENDING_UPLOAD_HOURS``.

    Every upload schedules this task for just after it expires (``uploads.schedule_purge``);
    ``remento purge-uploads`` runs it from cron as a safety net. Returns how many expired.
    """
    return pending_uploads_purge()

"""The HRIS import's background work (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.people.importing.background import import_job_perform
from remento.people.importing.checking import import_check_perform


@task()
def people_import_execute(job_id: int) -> str:
    """Write an import confirmed on its page (``background.import_batch_queue``), reporting
    its progress; returns the job's status at the end."""
    return str(import_job_perform(job_id=job_id).status)


@task()
def people_import_check(job_id: int) -> str:
    """Check a large upload and keep its preview (``checking.import_check_queue``),
    reporting its progress; returns the job's status at the end."""
    return str(import_check_perform(job_id=job_id).status)

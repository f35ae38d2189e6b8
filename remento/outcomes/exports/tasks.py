"""The exports' background work (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.core.jobs.services import job_perform

from .services import program_export_write


@task()
def program_export_execute(job_id: int) -> str:
    """Write the export a coordinator asked for (``services.program_export_queue``) to a
    file; returns the job's status at the end."""
    return str(job_perform(job_id=job_id, work=program_export_write).status)

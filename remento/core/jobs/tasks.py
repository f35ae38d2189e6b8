"""Background work of the jobs themselves (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.core.jobs.services import job_files_purge


@task()
def purge_job_files() -> int:
    """Delete the files of jobs past ``REMENTO_JOB_FILE_HOURS``; returns how many.

    Every finished file schedules this task for just after it expires
    (``services.schedule_purge``); ``remento purge-job-files`` runs it from cron as a safety
    net."""
    return job_files_purge()

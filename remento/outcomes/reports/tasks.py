"""The sponsor's report's background work (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.core.jobs.services import job_perform
from remento.outcomes.reports.services import report_pdf_write


@task()
def report_pdf_execute(job_id: int) -> str:
    """Lay out the PDF a coordinator asked for (``services.report_pdf_queue``); returns the
    job's status at the end."""
    return str(job_perform(job_id=job_id, work=report_pdf_write).status)

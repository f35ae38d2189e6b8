"""The sponsor's report as a PDF: the coordinator asks (``report_pdf_queue``), the task worker
lays it out (``report_pdf_write``: WeasyPrint takes seconds for a large program), the
coordinator downloads it (``report_pdf_download``), and every download is recorded."""

from __future__ import annotations

import tempfile
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import slugify

from remento.core.audit import audit_log
from remento.core.jobs.models import BackgroundJob
from remento.core.jobs.progress import JobProgress
from remento.core.jobs.services import JobFailed, JobOutcome, job_file_expired, job_queue
from remento.core.models import User
from remento.core.pdf import pdf_bytes
from remento.core.viewer_time import reading_in
from remento.outcomes.reports.selectors import program_report
from remento.people.access import coordinator_of
from remento.programs.models import Program

REFUSAL = "Only coordinators and admins of this organisation may download its program reports."
KIND = "outcomes.report"
# The phases of the PDF, in order, as its page names them.
PHASES = (("gathering", "Gathering the figures"), ("drawing", "Laying out the PDF"))


def report_subject(program: Program) -> str:
    return f"{program.pk}:report:pdf"


@transaction.atomic
def report_pdf_queue(*, actor: User, program: Program) -> BackgroundJob:
    """Ask the task worker for the sponsor's report of ``program`` as a PDF, for a
    coordinator or admin of the program's organisation (``PermissionDenied`` otherwise); the
    same person's PDF of the program already going is returned rather than asked twice."""
    coordinator_of(actor, program.organization_id, refusal=REFUSAL)
    subject = report_subject(program)
    from remento.outcomes.reports.tasks import report_pdf_execute

    return job_queue(
        actor=actor,
        organization=program.organization,
        kind=KIND,
        subject=subject,
        params={"program": program.pk},
        enqueue=lambda job_id: report_pdf_execute.enqueue(job_id=job_id),
        reuse_going=True,
    )


def report_pdf_write(job: BackgroundJob, progress: JobProgress) -> JobOutcome:
    """The worker's part: gather the report and lay it out as a PDF file; checks again that
    its requester may read the program's report."""
    program = Program.objects.select_related("organization").get(
        pk=job.params["program"], organization=job.organization
    )
    if job.requested_by is None:
        raise JobFailed("The person who asked for this report no longer has a sign-in.")
    requester = coordinator_of(job.requested_by, program.organization_id, refusal=REFUSAL)
    progress.phase("gathering")
    # Made for who asked: their own partner's check-in answers are not counted, and its
    # dates and times are in their time zone, as on the report's page.
    with reading_in(requester.timezone):
        report = program_report(program, viewer_id=requester.pk)
        html = render_to_string(
            "outcomes/reports/report_pdf.html",
            {"program": program, "report": report, "pdf": True},
        )
    progress.phase("drawing")
    out = tempfile.TemporaryFile(suffix=".pdf")  # noqa: SIM115 - closed by job_perform
    pdf = pdf_bytes(html)
    out.write(pdf)
    out.seek(0)
    return JobOutcome(
        result={"bytes": len(pdf)},
        file=out,
        file_name=f"{slugify(program.name) or 'program'}-report.pdf",
        content_type="application/pdf",
    )


@transaction.atomic
def report_pdf_download(*, actor: User, program: Program, job: BackgroundJob) -> IO[Any]:
    """The PDF of a finished report job, opened, for the coordinator or admin who asked for
    it (``PermissionDenied`` otherwise, ``JobFailed`` once it expired); the audit trail
    records who downloaded which program's report."""
    coordinator_of(actor, program.organization_id, refusal=REFUSAL)
    if job.requested_by_id != actor.pk or job.organization_id != program.organization_id:
        raise PermissionDenied("Only the person who asked for this report downloads it.")
    if job_file_expired(job):
        raise JobFailed("This PDF has expired and was deleted; ask for the report again.")
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="report.downloaded",
        target=program,
        data={"format": "pdf", "bytes": job.result.get("bytes", 0)},
    )
    return job.file.open("rb")

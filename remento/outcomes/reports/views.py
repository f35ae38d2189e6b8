"""The sponsor's report of a program: a page, and the same as a PDF to send on (written by
the task worker: ask, watch, download)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from remento.core.jobs.models import BackgroundJob
from remento.core.pages import acting_user
from remento.outcomes.exports.job_pages import (
    FilePage,
    file_asked,
    file_download,
    file_page,
    file_progress,
)
from remento.outcomes.reports.selectors import program_report
from remento.outcomes.reports.services import (
    KIND,
    PHASES,
    report_pdf_download,
    report_pdf_queue,
    report_subject,
)
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program


@managed_program_view
def report_page(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """The report, for a coordinator or admin of the program's organisation."""
    return render(
        request,
        "outcomes/reports/report_detail.html",
        {"program": program, "report": program_report(program, viewer_id=viewer.pk)},
    )


def _page(program: Program) -> FilePage:
    def download_url(job: BackgroundJob) -> str:
        return reverse("outcomes:report_pdf_download", args=[program.pk, job.token])

    return FilePage(
        title="Report for the sponsor (PDF)",
        kind=KIND,
        subject=report_subject(program),
        phases=PHASES,
        page_url=reverse("outcomes:report_pdf", args=[program.pk]),
        poll_url=reverse("outcomes:report_pdf_progress", args=[program.pk]),
        download_url=download_url,
        back_url=reverse("outcomes:report", args=[program.pk]),
        back_label="Back to the report",
    )


@managed_program_view
def report_pdf(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """GET: the viewer's latest PDF of the report (being laid out, ready, failed) or the
    offer to make one; POST: ask the task worker for a fresh one."""
    page = _page(program)
    if request.method == "POST":
        return file_asked(
            request, page, lambda: report_pdf_queue(actor=acting_user(request), program=program)
        )
    return file_page(request, program, page)


@managed_program_view
@require_GET
def report_pdf_progress(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    return file_progress(request, program, _page(program))


@managed_program_view
def report_pdf_file(
    request: HttpRequest, viewer: Employee, program: Program, token: str
) -> HttpResponse:
    """The PDF, for the coordinator who asked for it (every download audited)."""
    return file_download(
        request,
        viewer,
        program,
        _page(program),
        token,
        lambda job: report_pdf_download(actor=acting_user(request), program=program, job=job),
    )

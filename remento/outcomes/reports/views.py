"""The sponsor's report of a program: a page, and the same as a PDF to send on."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify

from remento.core.pages import acting_user
from remento.outcomes.reports.selectors import program_report
from remento.outcomes.reports.services import report_pdf_download
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program


@managed_program_view
def report_page(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """The report, for a coordinator or admin of the program's organisation."""
    return render(
        request,
        "outcomes/reports/report_detail.html",
        {"program": program, "report": program_report(program)},
    )


@managed_program_view
def report_pdf(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """The report as a PDF download (recorded in the audit trail)."""
    html = render_to_string(
        "outcomes/reports/report_pdf.html",
        {"program": program, "report": program_report(program), "pdf": True},
    )
    pdf = report_pdf_download(actor=acting_user(request), program=program, html=html)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{slugify(program.name) or 'program'}-report.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

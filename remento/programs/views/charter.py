"""The charter: the plan as a printable page and as a PDF to send to stakeholders."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from remento.core.pdf import pdf_bytes
from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee
from remento.programs.charter import charter_filename
from remento.programs.selectors import ProgramDetail, program_detail


def _context(detail: ProgramDetail) -> dict[str, Any]:
    return {"detail": detail, "program": detail.program}


@coordinator_required
@with_employee
def program_charter(request: HttpRequest, viewer: Employee, program_pk: int) -> HttpResponse:
    detail = program_detail(viewer=viewer, program_pk=program_pk)
    return render(request, "programs/program_charter.html", _context(detail))


@coordinator_required
@with_employee
def program_charter_pdf(request: HttpRequest, viewer: Employee, program_pk: int) -> HttpResponse:
    detail = program_detail(viewer=viewer, program_pk=program_pk)
    html = render_to_string("programs/program_charter_pdf.html", _context(detail), request=request)
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{charter_filename(detail.program)}"'
    return response

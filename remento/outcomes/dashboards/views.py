"""The dashboards' pages: one program's results, and every program of the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.outcomes.dashboards.organization import organization_dashboard
from remento.outcomes.dashboards.program import program_dashboard
from remento.outcomes.kept.refresh import queue_program_refresh
from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program


@managed_program_view
def program_dashboard_view(
    request: HttpRequest, viewer: Employee, program: Program
) -> HttpResponse:
    """A program's results, for its organisation's coordinators."""
    dashboard = program_dashboard(program, viewer=viewer)
    return render(
        request,
        "outcomes/program_dashboard.html",
        {"program": program, "dashboard": dashboard},
    )


@require_POST
@managed_program_view
def program_dashboard_refresh_view(
    request: HttpRequest, viewer: Employee, program: Program
) -> HttpResponse:
    """Queue the program's figures to be kept again by the task worker, now."""
    queue_program_refresh([program.pk])
    messages.success(
        request, "The figures are being worked out again: reload this page in a minute or two."
    )
    return redirect("outcomes:program_dashboard", program_pk=program.pk)


@coordinator_required
@with_employee
def organization_dashboard_view(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Every program's results, for the organisation's coordinators and admins."""
    dashboard = organization_dashboard(
        viewer.organization, page_number=request.GET.get("page"), viewer_id=viewer.pk
    )
    return render(request, "outcomes/organization_dashboard.html", {"dashboard": dashboard})

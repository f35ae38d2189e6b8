"""A program as its participants see it: read-only, for the people taking part."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from remento.people.access import employee_required, with_employee
from remento.people.models import Employee
from remento.programs.selectors.participant import (
    participant_program_get_for,
    program_for_participant,
)


@employee_required
@with_employee
def program_about(request: HttpRequest, viewer: Employee, program_pk: int) -> HttpResponse:
    """Goal, dates, cadence, agreement, training, resources and the coordinator of a program
    the viewer takes part in (404 for anyone else)."""
    program = participant_program_get_for(viewer=viewer, program_pk=program_pk)
    return render(
        request,
        "programs/program_about.html",
        {"about": program_for_participant(viewer=viewer, program=program), "program": program},
    )

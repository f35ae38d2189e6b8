"""The skill-gap view: for a population, which skills learners want against who can teach."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.forms import SkillGapFilterForm
from remento.programs.models import Program
from remento.programs.selectors import program_skill_gaps, skill_gap_table


@coordinator_required
@with_employee
def skill_gaps(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Usable before a program exists: choose the levels and departments to look at."""
    organization = viewer.organization
    form = SkillGapFilterForm(request.GET or None, organization=organization)
    table = None
    if not request.GET or form.is_valid():
        values = form.cleaned_data if request.GET else form.defaults()
        table = skill_gap_table(
            organization=organization,
            mentor_levels=(values["mentor_min_level"], values["mentor_max_level"]),
            mentee_levels=(values["mentee_min_level"], values["mentee_max_level"]),
            departments=list(values["departments"]),
        )
    return render(
        request, "programs/skill_gap_list.html", {"form": form, "table": table, "program": None}
    )


@managed_program_view
def program_skill_gaps_view(
    request: HttpRequest, viewer: Employee, program: Program
) -> HttpResponse:
    """The skill gaps of a program's own population."""
    table = program_skill_gaps(program)
    query = urlencode(
        {
            "mentor_min_level": program.mentor_min_level,
            "mentor_max_level": program.mentor_max_level,
            "mentee_min_level": program.mentee_min_level,
            "mentee_max_level": program.mentee_max_level,
        }
        | {"departments": [department.pk for department in table.departments]},
        doseq=True,
    )
    return render(
        request,
        "programs/skill_gap_list.html",
        {"form": None, "table": table, "program": program, "explore_query": query},
    )

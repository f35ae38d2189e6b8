"""The new-program stepper: step 1 creates the draft, the next five fill it in."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.errors import FieldErrors
from remento.core.pages import acting_user
from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee
from remento.programs import services
from remento.programs.access import managed_program_view
from remento.programs.forms import route_errors
from remento.programs.models import Program, ProgramType, Status
from remento.programs.plan import KpiTarget, ProgramPlan
from remento.programs.setup import STEPS, SetupStep, step_after, step_before, step_data, step_for
from remento.programs.views.programs import Sections

FIRST = STEPS[0]


def _base_plan(request: HttpRequest, max_level: int) -> ProgramPlan:
    """A new program's defaults, for the program type chosen (reverse unless posted)."""
    chosen = request.POST.get("program_type", ProgramType.REVERSE)
    program_type = chosen if chosen in ProgramType.values else ProgramType.REVERSE
    return ProgramPlan.for_type(program_type, max_level=max_level, name="")


def _render(
    request: HttpRequest,
    *,
    step: SetupStep,
    sections: Sections,
    program: Program | None,
    posted: bool,
) -> HttpResponse:
    fields = {
        name: form[name] for form in sections.all for name in form.fields if name in step.all_fields
    }
    advanced = [fields[name] for name in step.advanced if name in fields]
    return render(
        request,
        "programs/program_setup.html",
        {
            "step": step,
            "steps": STEPS,
            "number": STEPS.index(step) + 1,
            "previous": step_before(step),
            "following": step_after(step),
            "sections": sections,
            "fields": [fields[name] for name in step.fields if name in fields],
            "advanced": advanced,
            # A weight's error, or the weights' together (on top of the matching section).
            "advanced_open": any(field.errors for field in advanced)
            or bool(advanced and sections.matching.non_field_errors()),
            "errors": sum(1 for bound in fields.values() if bound.errors)
            + sum(len(form.non_field_errors()) for form in sections.all),
            "program": program,
            "posted": posted,
        },
        status=400 if posted else 200,
    )


@coordinator_required
@with_employee
def program_create(request: HttpRequest, employee: Employee) -> HttpResponse:
    """Step 1 of the stepper: the objective. Continuing saves the program as a draft."""
    organization = employee.organization
    base = _base_plan(request, organization.max_level)
    posted = request.method == "POST"
    data = step_data(plan=base, kpis=[], step=FIRST, posted=request.POST) if posted else None
    sections = Sections.build(data, organization=organization, plan=base, kpis=[])
    if posted and sections.is_valid():
        try:
            program = services.program_create(
                actor=acting_user(request),
                organization=organization,
                plan=sections.plan(base),
            )
        except FieldErrors as error:
            route_errors(error.errors, sections.all)
        else:
            messages.success(request, f"“{program.name}” is saved as a draft.")
            return _next(request, program, FIRST)
    return _render(request, step=FIRST, sections=sections, program=None, posted=posted)


@managed_program_view
def program_setup(
    request: HttpRequest, viewer: Employee, program: Program, step: str
) -> HttpResponse:
    """Steps 2 to 6 of a draft: each validates and saves its own fields."""
    current_step = step_for(step)
    if current_step is None:
        raise Http404("No such step.")
    if program.status != Status.DRAFT:
        messages.info(request, "The program has left Draft: edit its plan here instead.")
        return redirect("programs:edit", program_pk=program.pk)
    current = ProgramPlan.from_program(program)
    kpis = [KpiTarget(kpi.kind, kpi.target) for kpi in program.kpis.all()]
    posted = request.method == "POST"
    data = (
        step_data(plan=current, kpis=kpis, step=current_step, posted=request.POST)
        if posted
        else None
    )
    sections = Sections.build(data, organization=program.organization, plan=current, kpis=kpis)
    if posted and sections.is_valid():
        try:
            services.program_update(
                actor=acting_user(request),
                program=program,
                plan=sections.plan(current),
                kpis=sections.kpis.targets(),
            )
        except FieldErrors as error:
            route_errors(error.errors, sections.all)
        else:
            return _next(request, program, current_step)
    return _render(request, step=current_step, sections=sections, program=program, posted=posted)


def _next(request: HttpRequest, program: Program, step: SetupStep) -> HttpResponse:
    following = step_after(step)
    if following is None or "finish" in request.POST:
        messages.success(request, "The program plan is saved.")
        return redirect("programs:detail", program_pk=program.pk)
    return redirect("programs:setup", program_pk=program.pk, step=following.slug)

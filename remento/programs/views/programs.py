"""Coordinator pages: the program list, creating a program, its detail page, editing it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.errors import FieldErrors
from remento.core.models import Organization
from remento.core.notifications import failed_deliveries
from remento.core.pages import acting_user
from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee
from remento.programs import services
from remento.programs.access import managed_program_view
from remento.programs.forms import (
    DesignForm,
    KpiForm,
    LimitedForm,
    MatchingForm,
    ObjectiveForm,
    plan_from_forms,
    plan_initial,
    route_errors,
)
from remento.programs.hooks import signers_asked_again
from remento.programs.models import Program, Status
from remento.programs.navigation import step_indicator
from remento.programs.plan import KpiTarget, ProgramPlan
from remento.programs.selectors import program_detail as select_program_detail
from remento.programs.selectors import programs_for


@dataclass
class Sections:
    """The four sections of the program form, posted together."""

    objective: ObjectiveForm
    design: DesignForm
    matching: MatchingForm
    kpis: KpiForm

    @classmethod
    def build(
        cls,
        data: Any,
        *,
        organization: Organization,
        plan: ProgramPlan,
        kpis: list[KpiTarget],
    ) -> Sections:
        initial = plan_initial(plan)
        return cls(
            objective=ObjectiveForm(data, initial=initial),
            design=DesignForm(data, initial=initial, organization=organization),
            matching=MatchingForm(data, initial=initial),
            kpis=KpiForm(data, initial=KpiForm.initial_for(kpis)),
        )

    @property
    def all(self) -> list[forms.Form]:
        return [self.objective, self.design, self.matching, self.kpis]

    def is_valid(self) -> bool:
        # Every section validates, so every error shows at once.
        results = [form.is_valid() for form in self.all]
        return all(results)

    def plan(self, base: ProgramPlan) -> ProgramPlan:
        return plan_from_forms(
            base=base, objective=self.objective, design=self.design, matching=self.matching
        )

    def error_count(self) -> int:
        return sum(len(form.errors) for form in self.all)


@coordinator_required
@with_employee
def program_list(request: HttpRequest, employee: Employee) -> HttpResponse:
    programs = list(programs_for(viewer=employee))
    by_status = dict.fromkeys(Status.values, 0)
    for program in programs:
        by_status[program.status] += 1
    counts = [(Status(status).label, count) for status, count in by_status.items()]
    return render(request, "programs/program_list.html", {"programs": programs, "counts": counts})


@coordinator_required
@with_employee
def program_detail(request: HttpRequest, employee: Employee, program_pk: int) -> HttpResponse:
    detail = select_program_detail(viewer=employee, program_pk=program_pk)
    return render(
        request,
        "programs/program_detail.html",
        {
            "detail": detail,
            "program": detail.program,
            "indicator": step_indicator(detail.program, detail.readiness),
            "failed_deliveries": failed_deliveries(organization=employee.organization),
        },
    )


@managed_program_view
def program_edit(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    current = ProgramPlan.from_program(program)
    data = request.POST if request.method == "POST" else None
    if program.status in (Status.ACTIVE, Status.CLOSED):
        return _edit_limited(request, program=program, current=current, data=data)
    kpis = [KpiTarget(kpi.kind, kpi.target) for kpi in program.kpis.all()]
    sections = Sections.build(data, organization=program.organization, plan=current, kpis=kpis)
    resign_to_confirm = 0
    if data is not None and sections.is_valid():
        plan = sections.plan(current)
        resigners = services.program_update_resigners(program=program, plan=plan)
        if resigners and not data.get("confirm_resign"):
            # Voiding signatures is never a side effect: the coordinator confirms it.
            resign_to_confirm = len(resigners)
            sections.design.add_error("agreement_text", _resign_warning(len(resigners)))
        else:
            try:
                services.program_update(
                    actor=acting_user(request),
                    program=program,
                    plan=plan,
                    kpis=sections.kpis.targets(),
                )
            except FieldErrors as error:
                route_errors(error.errors, sections.all)
            else:
                messages.success(request, _saved_message(len(resigners)))
                return redirect("programs:detail", program_pk=program.pk)
    return render(
        request,
        "programs/program_form.html",
        {
            "sections": sections,
            "program": program,
            "posted": data is not None,
            "signers": len(signers_asked_again(program=program)),
            "resign_to_confirm": resign_to_confirm,
        },
    )


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _resign_warning(count: int) -> str:
    return (
        f"This change asks {_people(count)} who signed the agreement to sign it again, and "
        "their pairs cannot start until they do. Tick “Ask them to sign again” below the "
        "agreement to save it, or put the text back."
    )


def _saved_message(resigners: int) -> str:
    if not resigners:
        return "The program plan is saved."
    return (
        f"The program plan is saved. {_people(resigners)} who had signed the agreement "
        f"{'is' if resigners == 1 else 'are'} asked to sign it again; each will be emailed."
    )


def _edit_limited(
    request: HttpRequest, *, program: Program, current: ProgramPlan, data: Any
) -> HttpResponse:
    form = LimitedForm(
        data, initial={name: getattr(current, name) for name in LimitedForm.base_fields}
    )
    if data is not None and form.is_valid():
        try:
            services.program_update(
                actor=acting_user(request),
                program=program,
                plan=replace(current, **form.cleaned_data),
            )
        except FieldErrors as error:
            route_errors(error.errors, [form])
        else:
            messages.success(request, "The program is saved.")
            return redirect("programs:detail", program_pk=program.pk)
    return render(request, "programs/program_edit_limited.html", {"form": form, "program": program})

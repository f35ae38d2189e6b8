"""A participant's pages: my programs, open sign-up (or application), an invitation, and
withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from remento.core.errors import ServiceError
from remento.enrollment.forms import ConfirmForm, WithdrawForm, put_errors
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.selectors import my_programs, own_enrollment, withdrawal_for
from remento.enrollment.services import (
    EnrollmentInvalid,
    enrollment_accept_invitation,
    enrollment_decline_invitation,
    enrollment_submit,
    enrollment_withdraw,
)
from remento.enrollment.services.answers import questions_for
from remento.enrollment.services.rules import (
    LIVE_STATUSES,
    SIGNUP_STATUSES,
    eligible_roles,
    ineligibility_reason,
)
from remento.people.access import employee_for, employee_required
from remento.people.models import Employee, SensitiveAttribute, Skill
from remento.programs.access import program_get_for
from remento.programs.models import PAIRING_STATUSES, EnrollmentMode, Program


@employee_required
def my_programs_view(request: HttpRequest) -> HttpResponse:
    """Programs open for sign-up in my organisation, and my own enrolments."""
    employee = employee_for(request)
    return render(
        request,
        "enrollment/my_programs.html",
        {
            "mine": my_programs(employee=employee),
            "live_statuses": LIVE_STATUSES,
            "pairing_statuses": PAIRING_STATUSES,
        },
    )


def _confirm_form(
    request: HttpRequest, *, program: Program, employee: Employee, role: str
) -> ConfirmForm:
    questions = questions_for(program_id=program.pk, role=role)
    return ConfirmForm(
        request.POST if request.method == "POST" else None,
        employee=employee,
        questions=questions,
        organization_skills=list(Skill.objects.filter(organization_id=program.organization_id)),
    )


def _page_context(program: Program, employee: Employee) -> dict[str, object]:
    consented = SensitiveAttribute.objects.filter(employee=employee, consent_matching=True)
    return {
        "program": program,
        "consented_count": consented.count(),
    }


@employee_required
def signup(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Open sign-up or application: the program, the role, the questionnaire and the
    confirmation of hours, time zone and consent, on one page."""
    employee = employee_for(request)
    program = program_get_for(viewer=employee, program_pk=program_pk)
    context = _page_context(program, employee)
    current = own_enrollment(program=program, employee=employee)
    roles = eligible_roles(program=program, employee=employee)
    closed = ""
    if program.status not in SIGNUP_STATUSES:
        closed = f"{program.name} is not taking sign-ups: it is {program.get_status_display()}."
    elif program.enrollment_mode == EnrollmentMode.NOMINATION:
        closed = f"{program.name} takes participants by nomination: ask its coordinator."
    if current is not None and current.status == EnrollmentStatus.INVITED:
        return redirect("enrollment:invitation", program_pk=program.pk)
    blocked = closed or ineligibility_reason(program=program, employee=employee)
    if blocked or (current is not None and current.status in LIVE_STATUSES):
        return render(
            request,
            "enrollment/signup.html",
            {**context, "current": current, "blocked": blocked, "roles": roles},
        )
    role = request.POST.get("role") or request.GET.get("role") or ""
    if role not in roles:
        role = roles[0] if len(roles) == 1 else ""
    if not role:
        return render(
            request, "enrollment/signup.html", {**context, "roles": roles, "choose_role": True}
        )
    form = _confirm_form(request, program=program, employee=employee, role=role)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = enrollment_submit(
                actor=request.user,  # type: ignore[arg-type]
                program=program,
                employee=employee,
                role=role,
                **form.service_kwargs(),
            )
        except EnrollmentInvalid as error:
            put_errors(form, error)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("enrollment:my_programs")
        else:
            messages.success(request, _placed_message(enrollment))
            return redirect("enrollment:my_programs")
    return render(
        request,
        "enrollment/signup.html",
        {
            **context,
            "form": form,
            "role": EnrollmentRole(role),
            "roles": roles,
            "current": current,
            "application": program.enrollment_mode == EnrollmentMode.APPLICATION,
        },
    )


def _placed_message(enrollment: Enrollment) -> str:
    program = enrollment.program.name
    if enrollment.status == EnrollmentStatus.ENROLLED:
        return f"You are enrolled in {program} as a {enrollment.get_role_display().lower()}."
    if enrollment.status == EnrollmentStatus.APPLIED:
        return f"Your application to {program} is in; a coordinator will decide soon."
    position = own_enrollment(program=enrollment.program, employee=enrollment.employee)
    number = getattr(position, "waitlist_position", None)
    return f"{program} is full: you are number {number} on its waitlist."


@employee_required
def invitation(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Accept an invitation (confirming hours, time zone, consent and answers) or decline."""
    employee = employee_for(request)
    program = program_get_for(viewer=employee, program_pk=program_pk)
    enrollment = get_object_or_404(Enrollment, program=program, employee=employee)
    if enrollment.status != EnrollmentStatus.INVITED:
        messages.info(
            request,
            f"Your place in {program.name}: {enrollment.get_status_display().lower()}.",
        )
        return redirect("enrollment:my_programs")
    form = _confirm_form(request, program=program, employee=employee, role=enrollment.role)
    actor = request.user
    if request.method == "POST" and request.POST.get("answer") == "decline":
        try:
            enrollment_decline_invitation(actor=actor, enrollment=enrollment)  # type: ignore[arg-type]
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"You declined the invitation to {program.name}.")
        return redirect("enrollment:my_programs")
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = enrollment_accept_invitation(
                actor=actor,  # type: ignore[arg-type]
                enrollment=enrollment,
                **form.service_kwargs(),
            )
        except EnrollmentInvalid as error:
            put_errors(form, error)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("enrollment:my_programs")
        else:
            messages.success(request, _placed_message(enrollment))
            return redirect("enrollment:my_programs")
    return render(
        request,
        "enrollment/invitation.html",
        {**_page_context(program, employee), "form": form, "enrollment": enrollment},
    )


@employee_required
def withdraw(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Leave a program (or its waitlist, an application, an invitation): the page says
    what leaving means for you, or why you cannot leave yet and what to do instead."""
    employee = employee_for(request)
    program = program_get_for(viewer=employee, program_pk=program_pk)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("program", "employee"), program=program, employee=employee
    )
    withdrawal = withdrawal_for(enrollment=enrollment)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and withdrawal.possible and form.is_valid():
        try:
            enrollment_withdraw(
                actor=request.user,  # type: ignore[arg-type]
                enrollment=enrollment,
                reason=form.cleaned_data.get("reason") or "",
            )
        except EnrollmentInvalid as error:
            put_errors(form, error)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("enrollment:my_programs")
        else:
            messages.success(request, f"You left {program.name}.")
            return redirect("enrollment:my_programs")
    return render(
        request,
        "enrollment/withdraw.html",
        {"program": program, "withdrawal": withdrawal, "form": form},
        status=400 if request.method == "POST" else 200,
    )

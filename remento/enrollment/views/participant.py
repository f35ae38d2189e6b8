"""A participant's pages: my programs, open sign-up (or application), an invitation, and
withdrawing."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from remento.core.errors import FieldErrors, ServiceError
from remento.core.forms import show_field_errors
from remento.core.pages import acting_user, action_done
from remento.core.words import cadence_in_words
from remento.enrollment.forms import ConfirmForm, WithdrawForm
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.selectors import my_programs, own_enrollment, withdrawal_for
from remento.enrollment.services import (
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
    places_left,
)
from remento.people.access import employee_required, with_employee
from remento.people.models import Employee, SensitiveAttribute, Skill
from remento.programs.access import program_get_for
from remento.programs.models import PAIRING_STATUSES, EnrollmentMode, Program


@employee_required
@with_employee
def my_programs_view(request: HttpRequest, employee: Employee) -> HttpResponse:
    """Programs open for sign-up in my organisation, and my own enrolments."""
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
    consented = SensitiveAttribute.objects.filter(employee=employee, consent_matching=True)
    return ConfirmForm(
        request.POST if request.method == "POST" else None,
        employee=employee,
        questions=questions,
        organization_skills=list(Skill.objects.filter(organization_id=program.organization_id)),
        consented_count=consented.count(),
    )


@employee_required
@with_employee
def signup(request: HttpRequest, employee: Employee, program_pk: int) -> HttpResponse:
    """Open sign-up or application: the program, the role, the questionnaire and the
    confirmation of hours, time zone and consent, on one page."""
    program = program_get_for(viewer=employee, program_pk=program_pk)
    context: dict[str, object] = {
        "program": program,
        "cadence": cadence_in_words(program.meeting_cadence_days),
    }
    current = own_enrollment(program=program, employee=employee)
    roles = eligible_roles(program=program, employee=employee)
    if current is not None and current.status == EnrollmentStatus.INVITED:
        return redirect("enrollment:invitation", program_pk=program.pk)
    blocked = _signup_closed(program) or ineligibility_reason(program=program, employee=employee)
    if blocked or (current is not None and current.status in LIVE_STATUSES):
        return render(
            request,
            "enrollment/signup.html",
            {**context, "current": current, "blocked": blocked, "roles": roles},
        )
    role = _chosen_role(request, roles)
    if not role:
        return render(
            request, "enrollment/signup.html", {**context, "roles": roles, "choose_role": True}
        )
    form = _confirm_form(request, program=program, employee=employee, role=role)
    if request.method == "POST" and (
        done := _then_my_programs(
            request,
            form,
            lambda: enrollment_submit(
                actor=acting_user(request),
                program=program,
                employee=employee,
                role=role,
                **form.service_kwargs(),
            ),
            _placed_message,
        )
    ):
        return done
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


def _signup_closed(program: Program) -> str:
    """Why the program takes no sign-up now, or "" when it does."""
    if program.status not in SIGNUP_STATUSES:
        return f"{program.name} is not taking sign-ups: it is {program.get_status_display()}."
    if program.enrollment_mode == EnrollmentMode.NOMINATION:
        return f"{program.name} takes participants by nomination: ask its coordinator."
    return ""


def _chosen_role(request: HttpRequest, roles: Sequence[str]) -> str:
    """The role asked for when the person may take it, the only one they may take, or ""."""
    role = request.POST.get("role") or request.GET.get("role") or ""
    if role not in roles:
        role = roles[0] if len(roles) == 1 else ""
    return role


def _then_my_programs[T](
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], T],
    success: Callable[[T], str],
) -> HttpResponse | None:
    """Run ``save`` for a valid ``form``, then back to my programs saying ``success(result)``
    or why the service refused. None when the form is shown again (its own errors, or the
    service's ``FieldErrors`` put on it)."""
    if not form.is_valid():
        return None
    try:
        result = save()
    except FieldErrors as error:
        show_field_errors(form, error)
        return None
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(result))
    return redirect("enrollment:my_programs")


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
@with_employee
def invitation(request: HttpRequest, employee: Employee, program_pk: int) -> HttpResponse:
    """Accept an invitation (confirming hours, time zone, consent and answers) or decline."""
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
        action_done(
            request,
            lambda: enrollment_decline_invitation(actor=actor, enrollment=enrollment),  # type: ignore[arg-type]
            f"You declined the invitation to {program.name}.",
        )
        return redirect("enrollment:my_programs")
    if request.method == "POST" and (
        done := _then_my_programs(
            request,
            form,
            lambda: enrollment_accept_invitation(
                actor=actor,  # type: ignore[arg-type]
                enrollment=enrollment,
                **form.service_kwargs(),
            ),
            _placed_message,
        )
    ):
        return done
    return render(
        request,
        "enrollment/invitation.html",
        {
            "program": program,
            "form": form,
            "enrollment": enrollment,
            "role_full": places_left(program=program, role=enrollment.role) == 0,
        },
    )


@employee_required
@with_employee
def withdraw(request: HttpRequest, employee: Employee, program_pk: int) -> HttpResponse:
    """Leave a program (or its waitlist, an application, an invitation): the page says
    what leaving means for you, or why you cannot leave yet and what to do instead."""
    program = program_get_for(viewer=employee, program_pk=program_pk)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("program", "employee"), program=program, employee=employee
    )
    withdrawal = withdrawal_for(enrollment=enrollment)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and withdrawal.possible
        and (
            done := _then_my_programs(
                request,
                form,
                lambda: enrollment_withdraw(
                    actor=acting_user(request),
                    enrollment=enrollment,
                    reason=form.cleaned_data.get("reason") or "",
                ),
                lambda _: f"You left {program.name}.",
            )
        )
    ):
        return done
    return render(
        request,
        "enrollment/withdraw.html",
        {"program": program, "withdrawal": withdrawal, "form": form},
        status=400 if request.method == "POST" else 200,
    )

"""The enrolment part of a person's home: invitations to answer, and places under way
(applications, the waitlist) that need nothing from them."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from remento.core.next_steps import (
    URGENCY_COORDINATION,
    URGENCY_INVITATION,
    HomePart,
    NextStep,
    Waiting,
)
from remento.enrollment.models import Enrollment, EnrollmentStatus
from remento.enrollment.services.rules import DECISION_STATUSES
from remento.people.models import Employee
from remento.programs.models import Status

WAITING_STATUSES = (EnrollmentStatus.APPLIED, EnrollmentStatus.WAITLISTED)


def enrollment_home(employee: Employee) -> HomePart:
    """Open invitations (the program still takes answers), then applications and waitlist
    places, as things under way. One query."""
    rows = list(
        Enrollment.objects.filter(
            employee=employee,
            program__organization_id=employee.organization_id,
            status__in=(EnrollmentStatus.INVITED, *WAITING_STATUSES),
        )
        .exclude(program__status__in=(Status.DRAFT, Status.CLOSED))
        .select_related("program")
        .order_by("created_at", "pk")
    )
    part = HomePart()
    programs_url = reverse("enrollment:my_programs")
    for enrollment in rows:
        program = enrollment.program
        if enrollment.status == EnrollmentStatus.INVITED:
            if program.status not in DECISION_STATUSES:
                continue
            part.steps.append(
                NextStep(
                    urgency=URGENCY_INVITATION,
                    title=f"Answer the invitation to {program.name}",
                    detail=(
                        f"You are invited as a {enrollment.get_role_display().lower()}: "
                        "accept (confirming your hours and time zone) or decline."
                    ),
                    action="Answer the invitation",
                    url=reverse("enrollment:invitation", args=[program.pk]),
                )
            )
        elif enrollment.status == EnrollmentStatus.APPLIED:
            part.waiting.append(
                Waiting(
                    text=f"Your application to {program.name} awaits a coordinator's decision; "
                    "you will get an email.",
                    url=programs_url,
                    link_text="See your place",
                )
            )
        else:
            part.waiting.append(
                Waiting(
                    text=f"You are on the waitlist of {program.name}; you will get an email "
                    "when a place frees up.",
                    url=programs_url,
                    link_text="See your place",
                )
            )
    return part


def applications_home(employee: Employee) -> HomePart:
    """For a coordinator (or admin): the programs whose applications wait for a decision.
    One query, whatever the number of programs and applications."""
    part = HomePart()
    if not employee.is_coordinator:
        return part
    rows = (
        Enrollment.objects.filter(
            program__organization_id=employee.organization_id,
            program__status__in=DECISION_STATUSES,
            status=EnrollmentStatus.APPLIED,
        )
        .values("program_id", "program__name")
        .annotate(waiting=Count("pk"))
        .order_by("program__name", "program_id")
    )
    for row in rows:
        waiting = row["waiting"]
        part.steps.append(
            NextStep(
                urgency=URGENCY_COORDINATION,
                title=(
                    f"Decide on {waiting} application{'s' if waiting != 1 else ''} "
                    f"to {row['program__name']}"
                ),
                detail=(
                    "Approve or decline; each person is emailed. Approved people join the "
                    "waitlist when their role is full."
                ),
                action="Open the applications",
                url=reverse("enrollment:applications", args=[row["program_id"]]),
            )
        )
    return part

"""What enrolment tells the programs app below it (registered in ``EnrollmentConfig.ready``):
the Recruiting guard, the enrolled counts and roles, waiting applications, who takes part and
the viewer's place on a program's page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.people.models import Employee
from remento.programs.lifecycle import Guard
from remento.programs.models import Program, Status

# A place held, offered or asked for: the people who may read the program's page.
RELATED_STATUSES = (
    EnrollmentStatus.INVITED,
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
)


def recruiting_guards(program: Program) -> list[Guard]:
    """Matching needs at least one enrolled mentor and one enrolled mentee."""
    enrolled = Q(status=EnrollmentStatus.ENROLLED)
    counts = Enrollment.objects.filter(program=program).aggregate(
        mentors=Count("pk", filter=enrolled & Q(role=EnrollmentRole.MENTOR)),
        mentees=Count("pk", filter=enrolled & Q(role=EnrollmentRole.MENTEE)),
    )
    guards: list[Guard] = []
    if not counts["mentors"]:
        guards.append(
            Guard(
                Status.MATCHING,
                "Enrol at least one mentor.",
                reverse("enrollment:participants", args=[program.pk]),
            )
        )
    if not counts["mentees"]:
        guards.append(
            Guard(
                Status.MATCHING,
                "Enrol at least one mentee.",
                reverse("enrollment:participants", args=[program.pk]),
            )
        )
    return guards


def enrolled_mentors() -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED, role=EnrollmentRole.MENTOR)


def enrolled_mentees() -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED, role=EnrollmentRole.MENTEE)


def enrolled_roles(program: Program, viewer: Employee) -> set[str]:
    return set(
        Enrollment.objects.filter(
            program=program, employee=viewer, status=EnrollmentStatus.ENROLLED
        ).values_list("role", flat=True)
    )


def waiting_applications(program: Program) -> int:
    return Enrollment.objects.filter(program=program, status=EnrollmentStatus.APPLIED).count()


def takes_part(viewer: Employee) -> Q:
    """Programs where ``viewer`` is invited, has applied, is enrolled or waitlisted (a
    subquery, so that it joins no rows beside the other rules': see relationships')."""
    places = Enrollment.objects.filter(employee=viewer, status__in=RELATED_STATUSES)
    return Q(pk__in=places.values("program_id"))


def about_place(viewer: Employee, program: Program) -> dict[str, Any]:
    """The viewer's enrolment, for the program's page."""
    return {"enrollment": Enrollment.objects.filter(program=program, employee=viewer).first()}

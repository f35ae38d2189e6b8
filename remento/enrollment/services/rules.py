"""The rules every enrolment service shares: who may take which role, when a program takes
people, how seats and the waitlist work, and who may act.

Seats are counted under a row lock on the program (``remento.programs.locks.program_lock``),
so two sign-ups that race for the last seat are served one after the other and never
exceed ``max_pairs``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.timezones import zone_problem
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.people.models import HOURS_PER_MONTH_MAX, HOURS_PER_MONTH_MIN, Employee
from remento.programs.locks import program_lock
from remento.programs.models import Program, Status

HOURS_MIN, HOURS_MAX = HOURS_PER_MONTH_MIN, HOURS_PER_MONTH_MAX
NOTE_MAX = 2000
# New sign-ups, applications and nominations only while recruiting: "Start matching"
# closes enrolment (see programs.lifecycle), so the matched pool stops moving.
SIGNUP_STATUSES = (Status.RECRUITING,)
# Answers to what was asked before enrolment closed (an application, an invitation) are
# still taken while matching, so nobody is left hanging.
DECISION_STATUSES = (Status.RECRUITING, Status.MATCHING)
# A person holds (or waits for) a place in these; any other row may be reused.
LIVE_STATUSES = (
    EnrollmentStatus.INVITED,
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
)
# Why a service refuses someone who does not coordinate the program's organisation.
MANAGE_REFUSAL = "Only coordinators of this organisation may manage enrolments."


def check_self(*, actor: User, employee: Employee) -> None:
    """A person answers for themselves only."""
    if employee.user_id is None or employee.user_id != actor.pk or not employee.is_active:
        raise PermissionDenied("You can only enrol, accept or withdraw for yourself.")


def still_waiting(
    enrollment: Enrollment,
    *,
    status: str,
    decided: Callable[[Enrollment], str],
    related: tuple[str, ...] = (),
) -> tuple[Enrollment, Program]:
    """``enrollment`` (with ``related`` rows) and its program, both locked, while it still
    waits in ``status`` (an application, an invitation) and the program still takes
    answers; otherwise a ``ServiceError``, ``decided(enrollment)`` saying what became of it.
    """
    program = program_lock(enrollment.program)
    rows = Enrollment.objects.select_for_update()
    # select_related() with no names would follow every foreign key (and lock their rows).
    enrollment = (rows.select_related(*related) if related else rows).get(pk=enrollment.pk)
    if enrollment.status != status:
        raise ServiceError(decided(enrollment))
    if program.status not in DECISION_STATUSES:
        raise ServiceError(
            f"{program.name} no longer takes participants: it is {program.get_status_display()}."
        )
    enrollment.program = program
    return enrollment, program


def level_range(program: Program, role: str) -> tuple[int, int]:
    if role == EnrollmentRole.MENTOR:
        return program.mentor_min_level, program.mentor_max_level
    return program.mentee_min_level, program.mentee_max_level


def role_problem(*, program: Program, employee: Employee, role: str) -> str:
    """Why ``employee`` may not take ``role`` in ``program``, in plain words ("" = they may)."""
    if role not in EnrollmentRole.values:
        return "Choose whether you join as a mentor or as a mentee."
    label = EnrollmentRole(role).label.lower()
    low, high = level_range(program, role)
    if not low <= employee.level <= high:
        level = program.organization.level_name(employee.level)
        return (
            f"{employee.display_name} is at level {level}; {label}s of this program are at "
            f"levels {low} to {high}."
        )
    department_ids = {department.pk for department in program.departments.all()}
    if department_ids and employee.department_id not in department_ids:
        names = ", ".join(sorted(d.name for d in program.departments.all()))
        return f"This program is for {names}; {employee.display_name} is not in one of them."
    return ""


def eligible_roles(*, program: Program, employee: Employee) -> list[str]:
    """The roles ``employee`` may take in ``program`` (mentor first)."""
    return [
        role
        for role in EnrollmentRole.values
        if not role_problem(program=program, employee=employee, role=role)
    ]


def ineligibility_reason(*, program: Program, employee: Employee) -> str:
    """Why ``employee`` can take no role at all ("" when they can take one)."""
    reasons = [
        role_problem(program=program, employee=employee, role=role)
        for role in EnrollmentRole.values
    ]
    if all(reasons):
        # Both say the same thing when the department is the problem: say it once.
        return " ".join(dict.fromkeys(reasons))
    return ""


def existing_problem(*, enrollment: Enrollment | None, actor: User) -> str:
    """Why a new enrolment cannot replace ``enrollment`` ("" when it may)."""
    if enrollment is None or enrollment.status == EnrollmentStatus.WITHDRAWN:
        return ""
    if enrollment.status == EnrollmentStatus.DECLINED and enrollment.decided_by_id == actor.pk:
        return ""  # they turned down an invitation themselves and changed their mind
    status = EnrollmentStatus(enrollment.status)
    if status == EnrollmentStatus.DECLINED:
        return "Your application to this program was declined; ask its coordinator."
    return f"You already have a place in this program: {status.label.lower()}."


def seats_taken(*, program: Program, role: str) -> int:
    return Enrollment.objects.filter(
        program=program, role=role, status=EnrollmentStatus.ENROLLED
    ).count()


def places_left(*, program: Program, role: str) -> int | None:
    """How many more people ``role`` can enrol in ``program`` now (0 when the role is full,
    so whoever accepts or signs up joins the waitlist); None when the program has no limit."""
    if program.max_pairs is None:
        return None
    return max(program.max_pairs - seats_taken(program=program, role=role), 0)


def has_seat(*, program: Program, role: str) -> bool:
    """Whether one more person may be enrolled in ``role``; call under ``program_lock``."""
    return program.max_pairs is None or seats_taken(program=program, role=role) < (
        program.max_pairs
    )


def place(*, enrollment: Enrollment, program: Program, now: datetime) -> None:
    """Enrol, or put on the waitlist when the role is full (not saved; under the lock)."""
    if has_seat(program=program, role=enrollment.role):
        enrollment.status = EnrollmentStatus.ENROLLED
        enrollment.waitlisted_at = None
    else:
        enrollment.status = EnrollmentStatus.WAITLISTED
        enrollment.waitlisted_at = now


def waitlist_position(enrollment: Enrollment) -> int | None:
    """1 for the first in the queue of the same program and role; None when not waiting."""
    if enrollment.status != EnrollmentStatus.WAITLISTED or enrollment.waitlisted_at is None:
        return None
    ahead = Enrollment.objects.filter(
        program_id=enrollment.program_id,
        role=enrollment.role,
        status=EnrollmentStatus.WAITLISTED,
    ).filter(
        Q(waitlisted_at__lt=enrollment.waitlisted_at)
        | Q(waitlisted_at=enrollment.waitlisted_at, pk__lt=enrollment.pk)
    )
    return ahead.count() + 1


def check_hours_and_timezone(*, hours_per_month: int | None, timezone: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if hours_per_month is None or not HOURS_MIN <= hours_per_month <= HOURS_MAX:
        errors["hours_per_month"] = f"Give from {HOURS_MIN} to {HOURS_MAX} hours a month" + (
            f", not {hours_per_month}." if hours_per_month is not None else "."
        )
    if problem := zone_problem(timezone):
        errors["timezone"] = problem
    return errors

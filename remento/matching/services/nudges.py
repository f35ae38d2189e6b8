"""A coordinator's email reminder: to a mentee who has not chosen a mentor yet, or to a
mentor who has a request waiting for their answer.

Sent by the task worker after the commit (``core.notifications.notify``), recorded as a
``Nudge`` and an audit event, and refused when the same person was reminded within
``NUDGE_INTERVAL`` (one reminder a day is a reminder; more is pestering).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.models import MentorRequest, Nudge, NudgeKind, RequestStatus
from remento.matching.overview import NUDGE_INTERVAL
from remento.matching.services.common import MANAGE_REFUSAL, require_choice_mode
from remento.people.access import coordinator_of
from remento.people.models import Employee
from remento.programs.models import PAIRING_STATUSES, Program
from remento.relationships.models import OPEN_PAIR, Pair


def _enrollment_locked(*, program: Program, employee: Employee, role: str) -> Enrollment:
    # The enrolment row serialises two coordinators reminding the same person at once.
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(program=program, employee=employee, role=role, status=EnrollmentStatus.ENROLLED)
        .first()
    )
    if enrollment is None:
        raise ServiceError(f"{employee} is not enrolled as a {role} in {program.name}.")
    return enrollment


def _require_not_reminded_lately(*, program: Program, employee: Employee) -> None:
    last = (
        Nudge.objects.filter(
            program=program,
            employee=employee,
            created_at__gt=timezone.now() - NUDGE_INTERVAL,
        )
        .order_by("-created_at")
        .first()
    )
    if last is not None:
        again = timezone.localtime(last.created_at + NUDGE_INTERVAL)
        raise ServiceError(
            f"{employee} was reminded on {timezone.localtime(last.created_at):%d %b at %H:%M}; "
            f"you can remind them again from {again:%d %b at %H:%M}."
        )


def _waiting_for_mentor(*, program: Program, mentor: Employee) -> list[MentorRequest]:
    return list(
        MentorRequest.objects.filter(
            program=program,
            mentor=mentor,
            status=RequestStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("mentee")
        .order_by("expires_at")
    )


@transaction.atomic
def nudge_send(*, actor: User, program: Program, employee: Employee, kind: str) -> Nudge:
    """Email ``employee`` a reminder: ``choose`` (a mentee who has no mentor and no request
    waiting) or ``answer`` (a mentor with requests waiting for their answer).

    Only a coordinator of the program's organisation may; refused with a clear
    ``ServiceError`` when the program is not open for choice, the person no longer needs
    the reminder, or was reminded within ``NUDGE_INTERVAL``.
    """
    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    if employee.organization_id != program.organization_id:
        raise ServiceError("This person is not in this program's organisation.")
    if program.status not in PAIRING_STATUSES:
        raise ServiceError(
            f"{program.name} is in the {program.get_status_display()} step; reminders are "
            "for the Matching and Active steps."
        )
    require_choice_mode(program)
    context: dict[str, object] = {"program": program}
    if kind == NudgeKind.CHOOSE:
        _enrollment_locked(program=program, employee=employee, role=EnrollmentRole.MENTEE)
        if Pair.objects.filter(OPEN_PAIR, program=program, mentee=employee).exists():
            raise ServiceError(f"{employee} has a mentor already; there is nothing to remind.")
        waiting = MentorRequest.objects.filter(
            program=program,
            mentee=employee,
            status=RequestStatus.PENDING,
            expires_at__gt=timezone.now(),
        ).exists()
        if waiting:
            raise ServiceError(f"{employee} has chosen: their request is waiting for an answer.")
        template = "matching/email/nudge_choose"
    elif kind == NudgeKind.ANSWER:
        _enrollment_locked(program=program, employee=employee, role=EnrollmentRole.MENTOR)
        requests = _waiting_for_mentor(program=program, mentor=employee)
        if not requests:
            raise ServiceError(f"No request is waiting for {employee}'s answer.")
        context["requests"] = requests
        template = "matching/email/nudge_answer"
    else:
        raise ServiceError(f"kind: “{kind}” is not a reminder we send (choose or answer).")
    _require_not_reminded_lately(program=program, employee=employee)
    nudge = Nudge.objects.create(program=program, employee=employee, kind=kind, sent_by=actor)
    notify(to=employee, template=template, context=context)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="mentor_request.nudge",
        target=nudge,
        data={"employee": employee.pk, "kind": kind},
    )
    return nudge

"""What a participant does: sign up (or apply), answer an invitation, withdraw."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone as django_timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.enrollment.hooks import open_pairs_of, participant_withdrawn
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.services.answers import (
    clean_answers,
    hours_from,
    questions_for,
    save_answers,
)
from remento.enrollment.services.rules import (
    LIVE_STATUSES,
    MANAGE_REFUSAL,
    SIGNUP_STATUSES,
    check_hours_and_timezone,
    check_self,
    existing_problem,
    place,
    role_problem,
    still_waiting,
    waitlist_position,
)
from remento.people.access import coordinator_of
from remento.people.models import Employee
from remento.programs.locks import program_lock
from remento.programs.models import EnrollmentMode, Program, Status


def _confirm(
    *,
    enrollment: Enrollment,
    hours_per_month: int | None,
    timezone: str,
    consent_sensitive: bool,
    answers: Mapping[int, Any],
    errors: dict[str, str],
) -> tuple[dict[str, Any], list[Any], dict[int, Any]]:
    """Check the answers, hours and time zone; raise with every problem at once."""
    questions = questions_for(program_id=enrollment.program_id, role=enrollment.role)
    cleaned, answer_errors = clean_answers(
        questions=questions,
        answers=answers,
        organization_id=enrollment.employee.organization_id,
    )
    hours = hours_from(questions=questions, cleaned=cleaned) or hours_per_month
    errors = {
        **errors,
        **answer_errors,
        **check_hours_and_timezone(hours_per_month=hours, timezone=timezone),
    }
    if errors:
        raise FieldErrors(errors)
    assert hours is not None  # checked just above
    enrollment.hours_per_month = hours
    enrollment.timezone = timezone
    enrollment.consent_sensitive = consent_sensitive
    enrollment.consented_at = django_timezone.now() if consent_sensitive else None
    return {"hours_per_month": hours, "timezone": timezone}, questions, cleaned


def notify_placed(enrollment: Enrollment) -> None:
    """Tell the person whether they are enrolled or waiting, after the commit."""
    program = enrollment.program
    link = reverse("enrollment:my_programs")
    placed = "enrolled" if enrollment.status == EnrollmentStatus.ENROLLED else "waitlisted"
    notify(
        to=enrollment.employee,
        template=f"enrollment/email/{placed}",
        context={
            "enrollment": enrollment,
            "program": program,
            "position": waitlist_position(enrollment),
            "link": link,
        },
    )


def _signup_open(
    *, actor: User, program: Program, employee: Employee
) -> tuple[Program, Enrollment | None]:
    """Lock ``program`` and check that ``employee`` (the actor) may sign up for it now;
    returns the locked program and the person's earlier enrolment, if any."""
    check_self(actor=actor, employee=employee)
    if employee.organization_id != program.organization_id:
        raise ServiceError("This program belongs to another organisation.")
    program = program_lock(program)
    if program.status not in SIGNUP_STATUSES:
        raise ServiceError(
            f"{program.name} is not taking sign-ups: it is {program.get_status_display()}."
        )
    if program.enrollment_mode == EnrollmentMode.NOMINATION:
        raise ServiceError(f"{program.name} takes participants by nomination: ask its coordinator.")
    existing = Enrollment.objects.filter(program=program, employee=employee).first()
    problem = existing_problem(enrollment=existing, actor=actor)
    if problem:
        raise ServiceError(problem)
    return program, existing


def _submitted_place(enrollment: Enrollment, *, program: Program, role: str) -> None:
    """A new sign-up's capacity and status: applied for an application program, else
    enrolled or waitlisted (not saved; under the program lock)."""
    enrollment.capacity = program.mentor_capacity if role == EnrollmentRole.MENTOR else 1
    enrollment.decided_by, enrollment.decided_at, enrollment.note = None, None, ""
    if program.enrollment_mode == EnrollmentMode.APPLICATION:
        enrollment.status, enrollment.waitlisted_at = EnrollmentStatus.APPLIED, None
    else:
        place(enrollment=enrollment, program=program, now=django_timezone.now())


@transaction.atomic
def enrollment_submit(
    *,
    actor: User,
    program: Program,
    employee: Employee,
    role: str,
    hours_per_month: int | None,
    timezone: str,
    consent_sensitive: bool,
    answers: Mapping[int, Any],
) -> Enrollment:
    """Sign ``employee`` up for ``program`` as ``role``, answering its questionnaire.

    Open sign-up enrols (or waitlists when the role is full); an application program records
    an application for a coordinator to approve. Answers feeding matching criteria update
    the person's profile in the same transaction. Raises FieldErrors with every
    problem (keys: role, hours_per_month, timezone, question_<id>) and writes nothing.
    """
    program, existing = _signup_open(actor=actor, program=program, employee=employee)
    errors: dict[str, str] = {}
    reason = role_problem(program=program, employee=employee, role=role)
    if reason:
        errors["role"] = reason
    enrollment = existing or Enrollment(
        program=program, employee=employee, sort_name=employee.sort_name
    )
    enrollment.program, enrollment.employee = program, employee
    enrollment.role = role if role in EnrollmentRole.values else EnrollmentRole.MENTEE
    confirmed, questions, cleaned = _confirm(
        enrollment=enrollment,
        hours_per_month=hours_per_month,
        timezone=timezone,
        consent_sensitive=consent_sensitive,
        answers=answers,
        errors=errors,
    )
    _submitted_place(enrollment, program=program, role=role)
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as error:
        raise ServiceError("You already have a place in this program.") from error
    profile = save_answers(enrollment=enrollment, questions=questions, cleaned=cleaned)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="enrollment.submitted",
        target=enrollment,
        data={"role": role, "status": enrollment.status, **confirmed, "profile": profile},
    )
    if enrollment.status == EnrollmentStatus.APPLIED:
        notify(
            to=employee,
            template="enrollment/email/applied",
            context={"enrollment": enrollment, "program": program},
        )
    else:
        notify_placed(enrollment)
    return enrollment


def _own_invitation(*, actor: User, enrollment: Enrollment) -> tuple[Enrollment, Program]:
    check_self(actor=actor, employee=enrollment.employee)
    return still_waiting(
        enrollment,
        status=EnrollmentStatus.INVITED,
        decided=lambda found: (
            "There is no open invitation to answer: your place is "
            f"{EnrollmentStatus(found.status).label.lower()}."
        ),
    )


@transaction.atomic
def enrollment_accept_invitation(
    *,
    actor: User,
    enrollment: Enrollment,
    hours_per_month: int | None,
    timezone: str,
    consent_sensitive: bool,
    answers: Mapping[int, Any],
) -> Enrollment:
    """The invited person accepts: confirms hours, time zone, consent and answers; they are
    enrolled, or waitlisted when their role is full. Raises FieldErrors as
    ``enrollment_submit`` does."""
    enrollment, program = _own_invitation(actor=actor, enrollment=enrollment)
    confirmed, questions, cleaned = _confirm(
        enrollment=enrollment,
        hours_per_month=hours_per_month,
        timezone=timezone,
        consent_sensitive=consent_sensitive,
        answers=answers,
        errors={},
    )
    place(enrollment=enrollment, program=program, now=django_timezone.now())
    enrollment.save()
    profile = save_answers(enrollment=enrollment, questions=questions, cleaned=cleaned)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="enrollment.invitation_accepted",
        target=enrollment,
        data={"status": enrollment.status, **confirmed, "profile": profile},
    )
    notify_placed(enrollment)
    return enrollment


@transaction.atomic
def enrollment_decline_invitation(*, actor: User, enrollment: Enrollment) -> Enrollment:
    """The invited person says no; they may still sign up later while the program recruits."""
    enrollment, program = _own_invitation(actor=actor, enrollment=enrollment)
    enrollment.status = EnrollmentStatus.DECLINED
    enrollment.decided_by, enrollment.decided_at = actor, django_timezone.now()
    enrollment.save()
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="enrollment.invitation_declined",
        target=enrollment,
    )
    return enrollment


def promote_waitlist(*, actor: User, program: Program, role: str) -> list[Enrollment]:
    """Move the first people of the ``role`` waitlist into the free seats and email them.

    Call under ``program_lock``; returns those promoted.
    """
    promoted: list[Enrollment] = []
    free = (
        None
        if program.max_pairs is None
        else program.max_pairs
        - Enrollment.objects.filter(
            program=program, role=role, status=EnrollmentStatus.ENROLLED
        ).count()
    )
    if free is not None and free <= 0:
        return promoted
    queue = (
        Enrollment.objects.select_for_update()
        .filter(program=program, role=role, status=EnrollmentStatus.WAITLISTED)
        .select_related("employee")
        .order_by("waitlisted_at", "pk")
    )
    for enrollment in queue[:free] if free is not None else queue:
        enrollment.status, enrollment.waitlisted_at = EnrollmentStatus.ENROLLED, None
        enrollment.save(update_fields=["status", "waitlisted_at", "updated_at"])
        enrollment.program = program
        audit_log(
            actor=actor,
            organization=program.organization,
            verb="enrollment.promoted",
            target=enrollment,
            data={"role": role},
        )
        notify(
            to=enrollment.employee,
            template="enrollment/email/promoted",
            context={"enrollment": enrollment, "program": program},
        )
        promoted.append(enrollment)
    return promoted


@transaction.atomic
def enrollment_withdraw(*, actor: User, enrollment: Enrollment, reason: str = "") -> Enrollment:
    """The person (or a coordinator for them) leaves the program or its waitlist.

    A freed seat goes to the first person waiting for that role, who is emailed. Someone in
    an open pair cannot withdraw until the pair is closed (the pair belongs to two people).
    Their waiting mentor requests close with them: a mentee's are withdrawn; those to a
    mentor are cancelled and each mentee who asked is moved on to their next choice.
    """
    program = program_lock(enrollment.program)
    if getattr(actor, "employee", None) != enrollment.employee:
        coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    enrollment = (
        Enrollment.objects.select_for_update().select_related("employee").get(pk=enrollment.pk)
    )
    if enrollment.status not in LIVE_STATUSES:
        raise ServiceError(
            "There is nothing to withdraw from: the place is "
            f"{EnrollmentStatus(enrollment.status).label.lower()}."
        )
    if program.status == Status.CLOSED:
        raise ServiceError(f"{program.name} is closed; its records stay as they are.")
    person = enrollment.employee
    in_pair = open_pairs_of(person).filter(program=program).exists()
    if in_pair:
        raise ServiceError(
            f"{enrollment.employee.display_name} is in a pair in {program.name}; the pair "
            "must be closed first (ask the program's coordinator)."
        )
    if len(reason) > 2000:
        raise FieldErrors({"reason": "Keep the reason under 2000 characters."})
    was = enrollment.status
    enrollment.status, enrollment.waitlisted_at = EnrollmentStatus.WITHDRAWN, None
    enrollment.note = reason.strip()
    enrollment.save(update_fields=["status", "waitlisted_at", "note", "updated_at"])
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="enrollment.withdrawn",
        target=enrollment,
        data={"was": was, "reason": reason.strip()},
    )
    # Nobody waits on someone who left: their requests close, and the mentees who asked a
    # leaving mentor move on to their next choice (matching, under the same program lock).
    participant_withdrawn.send(sender=Enrollment, actor=actor, program=program, employee=person)
    if was == EnrollmentStatus.ENROLLED:
        promote_waitlist(actor=actor, program=program, role=enrollment.role)
    return enrollment

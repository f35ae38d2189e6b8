"""What a coordinator does with participants: approve or decline applications, nominate
people from the directory, and fill free seats from the waitlist."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone as django_timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.services.participant import promote_waitlist
from remento.enrollment.services.rules import (
    DECISION_STATUSES,
    NOTE_MAX,
    SIGNUP_STATUSES,
    EnrollmentInvalid,
    coordinator_for,
    place,
    places_left,
    program_lock,
    role_problem,
    waitlist_position,
)
from remento.people.models import Employee
from remento.programs.models import Program, Status


def _application(*, actor: User, enrollment: Enrollment) -> tuple[Enrollment, Program]:
    """The application, locked with its program, when the actor may decide it now."""
    program = program_lock(enrollment.program)
    coordinator_for(actor=actor, program=program)
    enrollment = (
        Enrollment.objects.select_for_update().select_related("employee").get(pk=enrollment.pk)
    )
    if enrollment.status != EnrollmentStatus.APPLIED:
        raise ServiceError(
            f"{enrollment.employee.display_name}'s application was already decided: "
            f"{EnrollmentStatus(enrollment.status).label.lower()}."
        )
    if program.status not in DECISION_STATUSES:
        raise ServiceError(
            f"{program.name} no longer takes participants: it is {program.get_status_display()}."
        )
    enrollment.program = program
    return enrollment, program


def note_clean(note: str, *, required: bool) -> str:
    """The coordinator's note, trimmed; ``EnrollmentInvalid`` (key ``note``) when missing
    though required, or too long."""
    note = note.strip()
    if required and not note:
        raise EnrollmentInvalid({"note": "Say why, in a sentence the applicant will read."})
    if len(note) > NOTE_MAX:
        raise EnrollmentInvalid({"note": f"Keep the note under {NOTE_MAX} characters."})
    return note


@transaction.atomic
def enrollment_approve(*, actor: User, enrollment: Enrollment, note: str = "") -> Enrollment:
    """Approve an application: the applicant is enrolled (or waitlisted when their role is
    full) and emailed, with the coordinator's note if any."""
    enrollment, program = _application(actor=actor, enrollment=enrollment)
    note = note_clean(note, required=False)
    now = django_timezone.now()
    place(enrollment=enrollment, program=program, now=now)
    enrollment.decided_by, enrollment.decided_at, enrollment.note = actor, now, note
    enrollment.save()
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="enrollment.approved",
        target=enrollment,
        data={"status": enrollment.status},
    )
    notify(
        to=enrollment.employee,
        subject=f"Your application to {program.name} was approved",
        template="enrollment/email/approved.txt",
        context={
            "enrollment": enrollment,
            "program": program,
            "position": waitlist_position(enrollment),
            "note": note,
        },
    )
    return enrollment


@transaction.atomic
def enrollment_decline(*, actor: User, enrollment: Enrollment, note: str) -> Enrollment:
    """Decline an application with a note (required: the applicant deserves a reason)."""
    enrollment, program = _application(actor=actor, enrollment=enrollment)
    note = note_clean(note, required=True)
    enrollment.status = EnrollmentStatus.DECLINED
    enrollment.decided_by, enrollment.decided_at = actor, django_timezone.now()
    enrollment.note = note
    enrollment.save()
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="enrollment.declined",
        target=enrollment,
    )
    notify(
        to=enrollment.employee,
        subject=f"Your application to {program.name}",
        template="enrollment/email/declined.txt",
        context={"enrollment": enrollment, "program": program, "note": note},
    )
    return enrollment


@transaction.atomic
def enrollment_nominate(
    *,
    actor: User,
    program: Program,
    employees: Sequence[Employee],
    role: str,
    note: str = "",
) -> list[Enrollment]:
    """Invite ``employees`` to join ``program`` as ``role``; each gets an email with a link
    to accept or decline. All or nothing: EnrollmentInvalid names every person who cannot
    be invited and why (key ``employees``), and no one is invited then."""
    program = invitations_open(actor=actor, program=program, role=role)
    if not employees:
        raise EnrollmentInvalid({"employees": "Choose at least one person to invite."})
    note = note_clean(note, required=False)
    existing = {
        e.employee_id: e
        for e in Enrollment.objects.select_for_update().filter(
            program=program, employee__in=employees
        )
    }
    problems: list[str] = []
    for person in employees:
        current = existing.get(person.pk)
        if person.organization_id != program.organization_id or not person.is_active:
            problems.append(f"{person.display_name} is not an active person of your directory.")
        elif current is not None and current.status not in (
            EnrollmentStatus.WITHDRAWN,
            EnrollmentStatus.DECLINED,
        ):
            status = EnrollmentStatus(current.status).label.lower()
            problems.append(f"{person.display_name} is already in this program ({status}).")
        elif reason := role_problem(program=program, employee=person, role=role):
            problems.append(reason)
    if problems:
        raise EnrollmentInvalid({"employees": " ".join(problems)})
    role_full = places_left(program=program, role=role) == 0
    invited: list[Enrollment] = []
    for person in employees:
        enrollment = existing.get(person.pk) or Enrollment(program=program, employee=person)
        invitation_fill(
            enrollment, program=program, person=person, role=role, actor=actor, note=note
        )
        enrollment.save()
        audit_log(
            actor=actor,
            organization=program.organization,
            verb="enrollment.nominated",
            target=enrollment,
            data={"role": role},
        )
        invitation_email(enrollment, program=program, person=person, note=note, role_full=role_full)
        invited.append(enrollment)
    return invited


def invitations_open(*, actor: User, program: Program, role: str) -> Program:
    """Lock ``program`` and check that ``actor`` coordinates it, that it takes invitations
    and that ``role`` is one; returns the locked program."""
    program = program_lock(program)
    coordinator_for(actor=actor, program=program)
    if program.status not in SIGNUP_STATUSES:
        raise ServiceError(
            f"Invitations go out while {program.name} is recruiting; it is "
            f"{program.get_status_display()}."
        )
    if role not in EnrollmentRole.values:
        raise EnrollmentInvalid({"role": "Choose whether they join as mentors or mentees."})
    return program


INVITATION_FIELDS = (
    "role",
    "status",
    "timezone",
    "hours_per_month",
    "capacity",
    "decided_by",
    "decided_at",
    "note",
    "waitlisted_at",
)


def invitation_fill(
    enrollment: Enrollment,
    *,
    program: Program,
    person: Employee,
    role: str,
    actor: User,
    note: str,
) -> None:
    """Make ``enrollment`` (new, or one declined or withdrawn) an open invitation of
    ``person`` to ``program`` as ``role``: the ``INVITATION_FIELDS`` are set, nothing is
    saved (and nothing is read: the bulk path calls it per person)."""
    enrollment.role, enrollment.status = role, EnrollmentStatus.INVITED
    enrollment.timezone = person.timezone
    enrollment.hours_per_month = max(person.hours_per_month, 1)
    enrollment.capacity = program.mentor_capacity if role == EnrollmentRole.MENTOR else 1
    enrollment.decided_by, enrollment.decided_at, enrollment.note = actor, None, note
    enrollment.waitlisted_at = None


def invitation_email(
    enrollment: Enrollment, *, program: Program, person: Employee, note: str, role_full: bool
) -> None:
    """Email ``person``, invited by ``enrollment``, after the commit, a link to accept or
    decline (saying they will join the waitlist when ``role_full``)."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        "enrollment:invitation", kwargs={"program_pk": program.pk}
    )
    notify(
        to=person,
        subject=f"You are invited to {program.name}",
        template="enrollment/email/invited.txt",
        context={
            "enrollment": enrollment,
            "program": program,
            "note": note,
            "link": link,
            "role_full": role_full,
        },
    )


@transaction.atomic
def enrollment_promote_waitlist(*, actor: User, program: Program) -> list[Enrollment]:
    """Fill every free seat from the waitlists (after ``max_pairs`` was raised, say)."""
    program = program_lock(program)
    coordinator_for(actor=actor, program=program)
    if program.status == Status.CLOSED:
        raise ServiceError(f"{program.name} is closed.")
    return [
        enrollment
        for role in EnrollmentRole.values
        for enrollment in promote_waitlist(actor=actor, program=program, role=role)
    ]

"""What a coordinator does with participants: approve or decline applications, nominate
people from the directory, and fill free seats from the waitlist."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone as django_timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.services.participant import promote_waitlist
from remento.enrollment.services.rules import (
    MANAGE_REFUSAL,
    NOTE_MAX,
    SIGNUP_STATUSES,
    place,
    places_left,
    role_problem,
    still_waiting,
    waitlist_position,
)
from remento.people.access import coordinator_of
from remento.people.models import Employee
from remento.programs.locks import program_lock
from remento.programs.models import Program, Status


def _application(*, actor: User, enrollment: Enrollment) -> tuple[Enrollment, Program]:
    """The application, locked with its program, when the actor may decide it now."""
    coordinator_of(actor, enrollment.program.organization_id, refusal=MANAGE_REFUSAL)
    return still_waiting(
        enrollment,
        status=EnrollmentStatus.APPLIED,
        decided=lambda found: (
            f"{found.employee.display_name}'s application was already decided: "
            f"{EnrollmentStatus(found.status).label.lower()}."
        ),
        related=("employee",),
    )


def note_clean(note: str, *, required: bool) -> str:
    """The coordinator's note, trimmed; ``FieldErrors`` (key ``note``) when missing
    though required, or too long."""
    note = note.strip()
    if required and not note:
        raise FieldErrors({"note": "Say why, in a sentence the applicant will read."})
    if len(note) > NOTE_MAX:
        raise FieldErrors({"note": f"Keep the note under {NOTE_MAX} characters."})
    return note


def _decided(
    *,
    actor: User,
    enrollment: Enrollment,
    program: Program,
    note: str,
    verb: str,
    now: datetime,
    audit: dict[str, object] | None = None,
    **context: object,
) -> Enrollment:
    """Record the coordinator's decision on an application, audit it and email the
    applicant (``enrollment/email/<decision>``, the note and ``context`` with it)."""
    enrollment.decided_by, enrollment.decided_at = actor, now
    enrollment.note = note
    enrollment.save()
    audit_log(
        actor=actor,
        organization=program.organization,
        verb=f"enrollment.{verb}",
        target=enrollment,
        data=audit,
    )
    notify(
        to=enrollment.employee,
        template=f"enrollment/email/{verb}",
        context={"enrollment": enrollment, "program": program, "note": note, **context},
    )
    return enrollment


@transaction.atomic
def enrollment_approve(*, actor: User, enrollment: Enrollment, note: str = "") -> Enrollment:
    """Approve an application: the applicant is enrolled (or waitlisted when their role is
    full) and emailed, with the coordinator's note if any."""
    enrollment, program = _application(actor=actor, enrollment=enrollment)
    note = note_clean(note, required=False)
    now = django_timezone.now()
    place(enrollment=enrollment, program=program, now=now)
    return _decided(
        actor=actor,
        enrollment=enrollment,
        program=program,
        note=note,
        verb="approved",
        now=now,
        audit={"status": enrollment.status},
        position=waitlist_position(enrollment),
    )


@transaction.atomic
def enrollment_decline(*, actor: User, enrollment: Enrollment, note: str) -> Enrollment:
    """Decline an application with a note (required: the applicant deserves a reason)."""
    enrollment, program = _application(actor=actor, enrollment=enrollment)
    note = note_clean(note, required=True)
    enrollment.status = EnrollmentStatus.DECLINED
    return _decided(
        actor=actor,
        enrollment=enrollment,
        program=program,
        note=note,
        verb="declined",
        now=django_timezone.now(),
    )


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
    to accept or decline. All or nothing: FieldErrors names every person who cannot
    be invited and why (key ``employees``), and no one is invited then."""
    program = invitations_open(actor=actor, program=program, role=role)
    if not employees:
        raise FieldErrors({"employees": "Choose at least one person to invite."})
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
        raise FieldErrors({"employees": " ".join(problems)})
    role_full = places_left(program=program, role=role) == 0
    invited: list[Enrollment] = []
    for person in employees:
        enrollment = existing.get(person.pk) or Enrollment(
            program=program, employee=person, sort_name=person.sort_name
        )
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
    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    if program.status not in SIGNUP_STATUSES:
        raise ServiceError(
            f"Invitations go out while {program.name} is recruiting; it is "
            f"{program.get_status_display()}."
        )
    if role not in EnrollmentRole.values:
        raise FieldErrors({"role": "Choose whether they join as mentors or mentees."})
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
        template="enrollment/email/invited",
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
    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    if program.status == Status.CLOSED:
        raise ServiceError(f"{program.name} is closed.")
    return [
        enrollment
        for role in EnrollmentRole.values
        for enrollment in promote_waitlist(actor=actor, program=program, role=role)
    ]

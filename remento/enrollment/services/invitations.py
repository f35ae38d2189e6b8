"""Inviting many people at once: by filter and by a list of addresses, in bulk writes."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, User
from remento.core.notifications import notify
from remento.enrollment.invitations import (
    InvitationPlan,
    InviteFilter,
    invitation_plan,
)
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.services.rules import (
    NOTE_MAX,
    SIGNUP_STATUSES,
    EnrollmentInvalid,
    coordinator_for,
    program_lock,
)
from remento.programs.models import Program


@transaction.atomic
def enrollment_invite_many(
    *,
    actor: User,
    program: Program,
    role: str,
    chosen: InviteFilter | None = None,
    addresses: Sequence[str] = (),
    note: str = "",
) -> InvitationPlan:
    """Invite everyone ``chosen`` and ``addresses`` select who may join ``program`` as
    ``role``; the others are skipped with their reason (see ``invitation_plan``). The plan is
    worked out again under the program's lock, so it is what is true when it is saved.

    Enrolments are written in two bulk queries (new ones, and people invited again after
    declining or withdrawing), with one audit event per person; each invitee is emailed
    after the commit."""
    program = program_lock(program)
    coordinator_for(actor=actor, program=program)
    if program.status not in SIGNUP_STATUSES:
        raise ServiceError(
            f"Invitations go out while {program.name} is recruiting; it is "
            f"{program.get_status_display()}."
        )
    if role not in EnrollmentRole.values:
        raise EnrollmentInvalid({"role": "Choose whether they join as mentors or mentees."})
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise EnrollmentInvalid({"note": f"Keep the note under {NOTE_MAX} characters."})
    plan = invitation_plan(program=program, role=role, chosen=chosen, addresses=addresses)
    if not plan.invite:
        return plan
    existing = {
        e.employee_id: e
        for e in Enrollment.objects.select_for_update().filter(
            program=program, employee__in=[person.pk for person in plan.invite]
        )
    }
    capacity = program.mentor_capacity if role == EnrollmentRole.MENTOR else 1
    fresh: list[Enrollment] = []
    again: list[Enrollment] = []
    for person in plan.invite:
        enrollment = existing.get(person.pk)
        if enrollment is None:
            enrollment = Enrollment(program=program, employee=person)
            fresh.append(enrollment)
        else:
            again.append(enrollment)
        enrollment.role, enrollment.status = role, EnrollmentStatus.INVITED
        enrollment.timezone = person.timezone
        enrollment.hours_per_month = max(person.hours_per_month, 1)
        enrollment.capacity = capacity
        enrollment.decided_by, enrollment.decided_at, enrollment.note = actor, None, note
        enrollment.waitlisted_at = None
    Enrollment.objects.bulk_create(fresh, batch_size=500)
    Enrollment.objects.bulk_update(
        again,
        [
            "role",
            "status",
            "timezone",
            "hours_per_month",
            "capacity",
            "decided_by",
            "decided_at",
            "note",
            "waitlisted_at",
        ],
        batch_size=500,
    )
    saved = {
        e.employee_id: e
        for e in Enrollment.objects.filter(
            program=program, employee__in=[person.pk for person in plan.invite]
        )
    }
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                organization=program.organization,
                actor=actor,
                verb="enrollment.nominated",
                target_type=Enrollment._meta.label_lower,
                target_id=str(saved[person.pk].pk),
                data={"role": role, "bulk": True},
            )
            for person in plan.invite
        ],
        batch_size=500,
    )
    link = settings.SITE_URL.rstrip("/") + reverse(
        "enrollment:invitation", kwargs={"program_pk": program.pk}
    )
    for person in plan.invite:
        notify(
            to=person,
            subject=f"You are invited to {program.name}",
            template="enrollment/email/invited.txt",
            context={
                "enrollment": saved[person.pk],
                "program": program,
                "note": note,
                "link": link,
                "role_full": plan.places_left == 0,
            },
        )
    return plan

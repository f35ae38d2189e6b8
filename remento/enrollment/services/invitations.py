"""Inviting many people at once: by filter and by a list of addresses, in bulk writes."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from remento.core.models import AuditEvent, User
from remento.enrollment.invitations import (
    InvitationPlan,
    InviteFilter,
    invitation_plan,
)
from remento.enrollment.models import Enrollment
from remento.enrollment.services.coordinator import (
    INVITATION_FIELDS,
    invitation_email,
    invitation_fill,
    invitations_open,
    note_clean,
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
    program = invitations_open(actor=actor, program=program, role=role)
    note = note_clean(note, required=False)
    plan = invitation_plan(program=program, role=role, chosen=chosen, addresses=addresses)
    if not plan.invite:
        return plan
    saved = _invitations_write(plan=plan, program=program, role=role, actor=actor, note=note)
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
    for person in plan.invite:
        invitation_email(
            saved[person.pk],
            program=program,
            person=person,
            note=note,
            role_full=plan.places_left == 0,
        )
    return plan


def _invitations_write(
    *, plan: InvitationPlan, program: Program, role: str, actor: User, note: str
) -> dict[int, Enrollment]:
    """Write the open invitations of everyone ``plan`` invites, in two bulk queries (new
    enrolments, and rows of people invited again); returns them saved, by employee pk."""
    invited = [person.pk for person in plan.invite]
    existing = {
        e.employee_id: e
        for e in Enrollment.objects.select_for_update().filter(
            program=program, employee__in=invited
        )
    }
    fresh: list[Enrollment] = []
    again: list[Enrollment] = []
    for person in plan.invite:
        enrollment = existing.get(person.pk)
        if enrollment is None:
            enrollment = Enrollment(program=program, employee=person, sort_name=person.sort_name)
            fresh.append(enrollment)
        else:
            again.append(enrollment)
        invitation_fill(
            enrollment, program=program, person=person, role=role, actor=actor, note=note
        )
    Enrollment.objects.bulk_create(fresh, batch_size=500)
    Enrollment.objects.bulk_update(again, INVITATION_FIELDS, batch_size=500)
    return {
        e.employee_id: e for e in Enrollment.objects.filter(program=program, employee__in=invited)
    }

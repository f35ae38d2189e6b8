"""Rematching after a pair closed: a coordinator pairs a person of the closed pair with one
of the engine's suggestions (``selectors.rematch``), through the relationships app's
``pair_create`` (audited there and here). Never the previous partner again."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.adapters import PairForbidden, pair_explain
from remento.matching.services.common import MANAGE_REFUSAL, require_matching_open, require_room
from remento.matching.services.sending import has_open_pair
from remento.people.access import coordinator_of
from remento.people.models import Employee
from remento.programs.locks import program_lock
from remento.programs.models import Program
from remento.relationships.models import Pair, PairSource, PairStatus
from remento.relationships.selectors import open_pair_counts
from remento.relationships.services import pair_create


def _enrolment(program_pk: int, person: Employee, role: str) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(program_id=program_pk, employee=person, role=role, status=EnrollmentStatus.ENROLLED)
        .first()
    )
    if enrollment is None or not person.is_active:
        raise ServiceError(f"{person.display_name} is not enrolled as a {role} any more.")
    return enrollment


@transaction.atomic
def pair_rematch(*, actor: User, closed_pair: Pair, mentor: Employee, mentee: Employee) -> Pair:
    """Open a new launching pair of ``mentor`` and ``mentee`` in the closed pair's program,
    one of them from ``closed_pair`` and the other a new partner (a coordinator of the
    program's organisation, outside the new pair). Checked under the program lock, as a
    publish is: both enrolled, the mentor's free place, the mentee without a mentor, the
    program's “pairs at once” and the program's hard rules. Both people are emailed with
    the reasons they were matched (the diversity criterion never among them)."""
    organization_id = closed_pair.program.organization_id
    employee = coordinator_of(actor, organization_id, refusal=MANAGE_REFUSAL)
    if employee.pk in (mentor.pk, mentee.pk, closed_pair.mentor_id, closed_pair.mentee_id):
        # Nor their former partner, who may have asked for a safe way out of their pair.
        raise PermissionDenied(
            "A coordinator does not rematch a pair they were in; ask a colleague."
        )
    if {mentor.organization_id, mentee.organization_id} != {organization_id}:
        raise PermissionDenied("Both people must belong to the program's organisation.")
    program = program_lock(closed_pair.program)
    require_matching_open(program)
    closed_pair = Pair.objects.select_for_update(of=("self",)).get(pk=closed_pair.pk)
    if closed_pair.status != PairStatus.CLOSED:
        raise ServiceError("Close the pair before rematching its people.")
    if (mentor.pk == closed_pair.mentor_id) == (mentee.pk == closed_pair.mentee_id):
        raise ServiceError(
            "A rematch pairs one person of the closed pair with someone new, never the "
            "previous partner."
        )
    _require_places(program, mentor, mentee)
    try:
        shown = pair_explain(program=program, mentor=mentor, mentee=mentee)
    except PairForbidden as forbidden:
        raise ServiceError(str(forbidden)) from None
    pair = pair_create(
        actor=actor,
        program=program,
        mentor=mentor,
        mentee=mentee,
        source=PairSource.BULK,
        score=shown.score,
        reasons=shown.reasons,
    )
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="pair.rematch",
        target=pair,
        data={"previous_pair": closed_pair.pk, "mentor": mentor.pk, "mentee": mentee.pk},
    )
    _notify_both(pair, program=program, mentor=mentor, mentee=mentee, reasons=shown.reasons)
    return pair


def _require_places(program: Program, mentor: Employee, mentee: Employee) -> None:
    """Both enrolled, a free place for the mentor, no mentor yet for the mentee and room
    under the program's “pairs at once”; run under the program lock."""
    enrollment = _enrolment(program.pk, mentor, EnrollmentRole.MENTOR)
    _enrolment(program.pk, mentee, EnrollmentRole.MENTEE)
    if open_pair_counts(program=program, mentor_ids=[mentor.pk]).get(mentor.pk, 0) >= (
        enrollment.capacity
    ):
        raise ServiceError(f"{mentor.display_name} has no free place in {program.name}.")
    if has_open_pair(program=program, mentee=mentee):
        raise ServiceError(f"{mentee.display_name} has a mentor already.")
    require_room(program)


def _notify_both(
    pair: Pair, *, program: Program, mentor: Employee, mentee: Employee, reasons: list[str]
) -> None:
    """Email the mentor and the mentee of the new pair, with the reasons they were matched."""
    for person, partner in ((mentor, mentee), (mentee, mentor)):
        notify(
            to=person,
            template="matching/email/pair_published",
            context={
                "program": program,
                "partner": partner,
                "mentor": mentor,
                "mentee": mentee,
                "reasons": reasons,
                "pair": pair,
            },
        )

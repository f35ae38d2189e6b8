"""A program as its participants read it: what it is for, when, how often people meet,
the agreement they sign, its training and resources, and whom to ask."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404

from remento.enrollment.models import Enrollment, EnrollmentStatus
from remento.people.models import Employee, Role
from remento.programs.models import PAIRING_STATUSES, MatchingMode, Program, Status
from remento.relationships.agreement import cadence_words
from remento.relationships.models import OPEN_PAIR, Pair
from remento.training.models import Resource, TrainingModule
from remento.training.selectors import training_programs_of

# A place held, offered or asked for: the people who may read the program's page.
RELATED_STATUSES = (
    EnrollmentStatus.INVITED,
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
)


@dataclass(frozen=True)
class ProgramForParticipant:
    program: Program
    enrollment: Enrollment | None
    pair: Pair | None
    cadence: str
    # Enrolled or paired (or a coordinator): the modules and resources open to the viewer.
    takes_part: bool
    coordinators: list[Employee]
    modules: list[TrainingModule]
    resources: list[Resource]

    @property
    def choosing_open(self) -> bool:
        """Mentees choose (and mentors answer) now: a choice or hybrid program, pairing."""
        program = self.program
        return program.status in PAIRING_STATUSES and program.matching_mode != MatchingMode.BULK


def participant_program_get_for(*, viewer: Employee, program_pk: Any) -> Program:
    """A program the viewer takes part in (invited, applied, enrolled, waitlisted, or in a
    pair of it), or any program of their organisation past Draft for a coordinator; 404
    for anyone else and for other organisations."""
    queryset = Program.objects.filter(organization_id=viewer.organization_id)
    if not viewer.is_coordinator:
        queryset = queryset.exclude(status=Status.DRAFT).filter(
            Q(enrollments__employee=viewer, enrollments__status__in=RELATED_STATUSES)
            | Q(pairs__mentor=viewer)
            | Q(pairs__mentee=viewer)
        )
    return get_object_or_404(queryset.distinct(), pk=program_pk)


def _coordinators(program: Program) -> list[Employee]:
    """Whom a participant asks: the coordinator who set the program up while they still
    coordinate, else the organisation's active coordinators. One query."""
    people = list(
        Employee.objects.filter(
            organization_id=program.organization_id,
            is_active=True,
            role__in=(Role.COORDINATOR, Role.ADMIN),
        )
        .filter(Q(user_id=program.created_by_id) | Q(role=Role.COORDINATOR))
        .order_by("last_name", "first_name", "pk")
    )
    creator = [person for person in people if person.user_id == program.created_by_id]
    return creator or [person for person in people if person.role == Role.COORDINATOR]


def program_for_participant(*, viewer: Employee, program: Program) -> ProgramForParticipant:
    """The read-only program page: the viewer's place and open pair, the coordinators, the training
    modules and the program's own resources. Seven queries."""
    return ProgramForParticipant(
        program=program,
        enrollment=Enrollment.objects.filter(program=program, employee=viewer).first(),
        pair=Pair.objects.filter(OPEN_PAIR, program=program)
        .filter(Q(mentor=viewer) | Q(mentee=viewer))
        .select_related("mentor", "mentee")
        .first(),
        cadence=cadence_words(program.meeting_cadence_days),
        takes_part=viewer.is_coordinator
        or training_programs_of(employee=viewer).filter(pk=program.pk).exists(),
        coordinators=_coordinators(program),
        modules=list(TrainingModule.objects.filter(program=program).order_by("position", "id")),
        resources=list(Resource.objects.filter(program=program).order_by("category", "title")),
    )

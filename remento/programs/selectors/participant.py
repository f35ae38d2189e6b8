"""A program as its participants read it: what it is for, when, how often people meet,
the agreement they sign, its training and resources, and whom to ask.

The viewer's enrolment, pair and training come from the apps above programs, through
``remento.programs.hooks`` (``register_about_source``, ``register_participant_rule``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404

from remento.core.words import cadence_in_words
from remento.people.models import Employee, Role
from remento.programs.hooks import about_parts, participant_condition
from remento.programs.models import PAIRING_STATUSES, MatchingMode, Program, Status


@dataclass(frozen=True)
class ProgramForParticipant:
    program: Program
    cadence: str
    coordinators: list[Employee]
    # From the apps above programs (their types are theirs): the viewer's enrolment and
    # open pair, the program's training modules and resources.
    enrollment: Any = None
    pair: Any = None
    # Enrolled or paired (or a coordinator): the modules and resources open to the viewer.
    takes_part: bool = False
    modules: list[Any] = field(default_factory=list)
    resources: list[Any] = field(default_factory=list)

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
        queryset = queryset.exclude(status=Status.DRAFT).filter(participant_condition(viewer))
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
        # By role first: the (organization, role, name) index then hands the rows over in
        # this order, where ordering by name alone had the planner walk every person by
        # name. Each list kept below holds one role, so it is still in name order.
        .order_by("role", "last_name", "first_name", "pk")
    )
    creator = [person for person in people if person.user_id == program.created_by_id]
    return creator or [person for person in people if person.role == Role.COORDINATOR]


def program_for_participant(*, viewer: Employee, program: Program) -> ProgramForParticipant:
    """The read-only program page: the viewer's place and open pair, the coordinators, the
    training modules and the program's own resources. Seven queries."""
    about = ProgramForParticipant(
        program=program,
        cadence=cadence_in_words(program.meeting_cadence_days),
        coordinators=_coordinators(program),
        takes_part=viewer.is_coordinator,
    )
    return dataclasses.replace(about, **about_parts(viewer, program))

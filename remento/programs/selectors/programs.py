"""Programs as coordinators see them: the list with counts, one program's plan and state.

The enrolled and pair counts are registered by the apps that hold them
(``remento.programs.hooks.register_program_count``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from remento.core.words import cadence_in_words
from remento.people.models import Department, Employee
from remento.programs.access import program_get_for
from remento.programs.charter import levels_in_words, matching_rules_in_words
from remento.programs.hooks import program_counts
from remento.programs.lifecycle import Action, Guard, actions_from, unmet_guards
from remento.programs.models import Program, ProgramKpi, Status


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """A per-program count as a correlated subquery: one query for the whole list, and no
    row multiplication between the enrolment and pair joins."""
    counted = (
        queryset.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def programs_for(*, viewer: Employee) -> QuerySet[Program]:
    """The programs ``viewer`` may see, newest first, each with ``mentors_enrolled``,
    ``mentees_enrolled``, ``pairs_open`` and ``kpi_count``: coordinators see every program
    of their organisation, participants those past Draft."""
    queryset = Program.objects.filter(organization_id=viewer.organization_id)
    if not viewer.is_coordinator:
        queryset = queryset.exclude(status=Status.DRAFT)
    counts = {name: _count(rows()) for name, rows in program_counts().items()}
    return queryset.annotate(**counts, kpi_count=_count(ProgramKpi.objects.all())).order_by(
        "-created_at", "-pk"
    )


def program_readiness(program: Program) -> list[Guard]:
    """Every unmet condition for every step the program could take next, in plain words."""
    return unmet_guards(program)


@dataclass(frozen=True)
class ActionState:
    """A lifecycle step as the detail page shows it: allowed, or blocked with reasons."""

    action: Action
    guards: list[Guard]

    @property
    def allowed(self) -> bool:
        return not self.guards


@dataclass(frozen=True)
class ProgramDetail:
    """One program at a glance for its coordinators."""

    program: Program
    kpis: list[ProgramKpi]
    departments: list[Department]
    mentors_enrolled: int
    mentees_enrolled: int
    pairs_open: int
    actions: list[ActionState]
    readiness: list[Guard]
    rules: list[str]

    @property
    def design_locked(self) -> bool:
        """Once pairs run, only the name, dates, incentives, sponsor and lessons may change."""
        return self.program.status in (Status.ACTIVE, Status.CLOSED)

    @property
    def mentor_levels(self) -> str:
        program = self.program
        return levels_in_words(
            program.organization, program.mentor_min_level, program.mentor_max_level
        )

    @property
    def mentee_levels(self) -> str:
        program = self.program
        return levels_in_words(
            program.organization, program.mentee_min_level, program.mentee_max_level
        )

    @property
    def cadence(self) -> str:
        return cadence_in_words(self.program.meeting_cadence_days)


def program_detail(*, viewer: Employee, program_pk: Any) -> ProgramDetail:
    """The plan, counts, lifecycle actions and unmet guards of a program ``viewer``
    coordinates (404 outside their organisation, 403 for a participant)."""
    program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
    program = programs_for(viewer=viewer).select_related("organization").get(pk=program_pk)
    readiness = program_readiness(program)
    return ProgramDetail(
        program=program,
        kpis=list(program.kpis.all()),
        departments=list(program.departments.all()),
        mentors_enrolled=getattr(program, "mentors_enrolled", 0),
        mentees_enrolled=getattr(program, "mentees_enrolled", 0),
        pairs_open=getattr(program, "pairs_open", 0),
        actions=[
            ActionState(action, [guard for guard in readiness if guard.to == action.to])
            for action in actions_from(program.status)
        ],
        readiness=readiness,
        rules=matching_rules_in_words(program),
    )

"""Whom training applies to beyond the enrolled: registered by the apps above training.

Training sits below pairs (the import-linter ``layers`` contract), yet a program's training
applies to the people of its open pairs too. The pairs app registers here, from its
``AppConfig.ready``, the people it adds to a program and the programs it adds to a person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from remento.people.models import Employee
from remento.programs.models import Program

# The pks of the people a program's training applies to, as ``values_list`` querysets of
# one column (united with the enrolled, so one uncorrelated subquery).
type ParticipantIds = Callable[[Program], list[QuerySet[Any, int]]]
# The programs whose training a person takes, as a condition on ``Program`` rows (which
# may refer to the row with ``OuterRef("pk")``).
type ProgramsOf = Callable[[Employee], Q]

_participant_ids: dict[str, ParticipantIds] = {}
_programs_of: dict[str, ProgramsOf] = {}


def register_training_participants(
    name: str, *, participant_ids: ParticipantIds, programs_of: ProgramsOf
) -> None:
    """Add (or replace, by ``name``) people to whom a program's training applies."""
    _participant_ids[name] = participant_ids
    _programs_of[name] = programs_of


def participant_ids_of(program: Program) -> list[QuerySet[Any, int]]:
    return [ids for source in _participant_ids.values() for ids in source(program)]


def programs_condition(employee: Employee) -> Q:
    """Programs whose training ``employee`` takes through a registered source (none: no
    program)."""
    condition = Q(pk__in=[])
    for source in _programs_of.values():
        condition |= source(employee)
    return condition

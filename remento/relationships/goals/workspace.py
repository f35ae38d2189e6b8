"""Who may write in a pair's workspace (goals, notes, action items), and who learns."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import models

from remento.core.errors import ServiceError
from remento.core.models import User
from remento.people.access import acting_employee
from remento.people.models import Employee
from remento.programs.models import ProgramType
from remento.relationships.models import Pair, PairStatus

ONLY_THE_PAIR = "Only the two people of the pair may do this."
CLOSED = "This pair has ended: its goals and notes stay as they were, to read only."


def locked_pair(pair: Pair) -> Pair:
    """The pair re-read under a row lock, so two people writing at once see each other."""
    return (
        Pair.objects.select_for_update(of=("self",))
        .select_related("program", "program__organization", "mentor", "mentee")
        .get(pk=pair.pk)
    )


def pair_writer(actor: User, pair: Pair) -> tuple[Pair, Employee]:
    """The locked pair and ``actor``'s person when they are one of its two people and the
    pair is open; ``PermissionDenied`` or ``ServiceError`` otherwise (call inside a
    transaction)."""
    employee = acting_employee(actor)
    pair = locked_pair(pair)
    if employee.pk not in (pair.mentor_id, pair.mentee_id):
        raise PermissionDenied(ONLY_THE_PAIR)
    if pair.status == PairStatus.CLOSED:
        raise ServiceError(CLOSED)
    return pair, employee


def locked_in_pair[M: models.Model](row: M, pair: Pair, what: str) -> M:
    """``row`` (a goal, a shared note, an action item) re-read under a row lock; a
    ``ServiceError`` naming ``what`` when it belongs to another pair."""
    locked = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if cast(Any, locked).pair_id != pair.pk:
        raise ServiceError(f"This {what} belongs to another pair.")
    return locked


def learners(pair: Pair) -> list[Employee]:
    """Whose goals the pair works on: the mentee (the senior leader who learns, in reverse
    mentoring), or both in a mutual program, where each teaches the other."""
    if pair.program.program_type == ProgramType.MUTUAL:
        return [pair.mentee, pair.mentor]
    return [pair.mentee]

"""Who could pair with the people of a closed pair: the engine's suggestions under the
program's rules, the previous partner left out, scored and explained without the diversity
criterion (``adapters.shown_settings``), like every score people read.

For a mentee who stays, the engine's ``suggest`` ranks the mentors with a free place (through
``adapters.mentee_suggestions``); for a mentor who stays, the engine scores them against
every enrolled mentee without a pair and explains the best ones. Only the program's
enrolled people are candidates, so nobody of another organisation ever is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching import engine
from remento.matching.adapters import (
    mentee_suggestions,
    pool_for_program,
    settings_for,
    shown_settings,
    taxonomy_for,
)
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import OPEN_PAIR, Pair, PairStatus

TOP = 5


@dataclass(frozen=True)
class RematchCandidate:
    employee: Employee
    score: float
    reasons: list[str]
    warnings: list[str]


@dataclass
class RematchSide:
    """One person of the closed pair: who they could pair with now, or why nobody."""

    person: Employee
    role: str  # the person's role: "mentor" or "mentee"
    previous: Employee
    candidates: list[RematchCandidate] = field(default_factory=list)
    blocked: str = ""


def _blocked(program: Program, person: Employee, role: str) -> str:
    if not person.is_active:
        return f"{person.display_name} is no longer in the directory."
    enrolled = Enrollment.objects.filter(
        program=program, employee=person, role=role, status=EnrollmentStatus.ENROLLED
    ).exists()
    if not enrolled:
        return f"{person.display_name} is no longer enrolled as a {role} in {program.name}."
    if (
        role == EnrollmentRole.MENTEE
        and Pair.objects.filter(OPEN_PAIR, program=program, mentee=person).exists()
    ):
        return f"{person.display_name} has a mentor again already."
    return ""


def _mentors_for(program: Program, side: RematchSide, k: int) -> None:
    found = mentee_suggestions(
        program=program, mentee=side.person, exclude_mentor_ids={side.previous.pk}, k=k
    )
    people = Employee.objects.in_bulk([s.mentor_id for s in found])
    side.candidates = [
        RematchCandidate(people[s.mentor_id], s.score, s.reasons, s.warnings) for s in found
    ]
    if not found:
        side.blocked = "No mentor with a free place fits the program's rules right now."


def _mentees_for(program: Program, side: RematchSide, k: int) -> None:
    pool = pool_for_program(program)
    mentor = next((p for p in pool.mentors if int(p.id) == side.person.pk), None)
    if mentor is None:
        side.blocked = f"{side.person.display_name} has no free place in {program.name}."
        return
    mentees = [replace(p, diversity={}) for p in pool.mentees if int(p.id) != side.previous.pk]
    if not mentees:
        side.blocked = "Every enrolled mentee has a mentor already."
        return
    taxonomy = taxonomy_for(program.organization_id)
    settings = shown_settings(settings_for(program))
    person = replace(mentor, diversity={})
    scores = engine.score_pairs([person], mentees, taxonomy, settings)[:, 0]
    order = sorted(
        (i for i in range(len(mentees)) if np.isfinite(scores[i])),
        key=lambda i: (-scores[i], int(mentees[i].id)),
    )[:k]
    for i in order:
        explanation = engine.explain(person, mentees[i], taxonomy, settings)
        side.candidates.append(
            RematchCandidate(
                pool.employees[int(mentees[i].id)],
                round(float(scores[i]), 4),
                [reason.text for reason in explanation.reasons],
                list(explanation.warnings),
            )
        )
    if not side.candidates:
        side.blocked = "No enrolled mentee without a mentor fits the program's rules right now."


def rematch_options(*, program: Program, pair: Pair, k: int = TOP) -> list[RematchSide]:
    """For each person of the closed ``pair`` (the mentee first), the ``k`` best partners
    they could have now, or why there is none. ``pair`` belongs to ``program`` (the caller
    fetched both for a coordinator of its organisation)."""
    assert pair.program_id == program.pk
    assert pair.status == PairStatus.CLOSED
    sides = [
        RematchSide(person=pair.mentee, role=EnrollmentRole.MENTEE, previous=pair.mentor),
        RematchSide(person=pair.mentor, role=EnrollmentRole.MENTOR, previous=pair.mentee),
    ]
    for side in sides:
        side.blocked = _blocked(program, side.person, side.role)
        if side.blocked:
            continue
        if side.role == EnrollmentRole.MENTEE:
            _mentors_for(program, side, k)
        else:
            _mentees_for(program, side, k)
    return sides

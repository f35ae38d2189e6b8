"""Scoring the swaps a row of a run could make: every other pair in two engine calls.

A run of 5,000 pairs means 10,000 people to score against the row. Reading them as model
instances with their prefetched skills (``values._profiles``) takes seconds, so they are
read here as plain columns (one query per table) and become the same engine ``Person``
that ``person_for`` makes, without sensitive attributes (what people read is scored
without them); a test holds the two readings equal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from django.db.models import Q

from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.matching import engine
from remento.matching.engine import Person, Settings, Taxonomy
from remento.people.models import Employee, SkillOffer, SkillWant, generation_for
from remento.programs.models import Program

from .values import _timezone, chains_for

_EMPLOYEE_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "preferred_name",
    "level",
    "department__name",
    "extraversion",
    "birth_year",
    "timezone",
    "hours_per_month",
)


def people_of(program: Program, people: Q, role: str) -> dict[int, Person]:
    """The employees ``people`` selects as the engine sees them in ``program`` in ``role``
    (their enrolment's time zone and hours when enrolled, capacity 1 otherwise), without
    sensitive attributes: a fixed number of queries, no model instance per person."""
    employees = Employee.objects.filter(people)
    teaches: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, slug, level in SkillOffer.objects.filter(employee__in=employees).values_list(
        "employee_id", "skill__slug", "proficiency"
    ):
        teaches[pk][slug] = level
    wants: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, slug, level in SkillWant.objects.filter(employee__in=employees).values_list(
        "employee_id", "skill__slug", "priority"
    ):
        wants[pk][slug] = level
    interests: dict[int, set[str]] = defaultdict(set)
    through = Employee.interests.through.objects.filter(employee__in=employees)
    for pk, name in through.values_list("employee_id", "interest__name"):
        interests[pk].add(name)
    enrolled = {
        row[0]: row[1:]
        for row in Enrollment.objects.filter(
            program=program, role=role, employee__in=employees
        ).values_list("employee_id", "timezone", "hours_per_month", "capacity")
    }
    rows = list(employees.values_list(*_EMPLOYEE_COLUMNS))
    chains = chains_for(program, [row[0] for row in rows])
    zones = {
        name: _timezone(name)
        for name in {row[8] for row in rows} | {e[0] for e in enrolled.values()}
    }
    out = {}
    for pk, first, last, preferred, level, department, extraversion, born, zone, hours in rows:
        enrollment = enrolled.get(pk)
        generation = generation_for(born)
        out[pk] = Person(
            id=str(pk),
            name=f"{preferred or first} {last}".strip(),
            level=level,
            department=department,
            manager_chain=tuple(str(boss) for boss in chains.get(pk, ())),
            teaches=dict(teaches.get(pk, {})),
            wants=dict(wants.get(pk, {})),
            interests=frozenset(interests.get(pk, ())),
            extraversion=extraversion,
            generation=generation.label if generation else None,
            timezone=zones[enrollment[0] if enrollment else zone],
            hours_per_month=enrollment[1] if enrollment else hours,
            capacity=enrollment[2] if enrollment else 1,
        )
    return out


def swap_scores(
    *,
    program: Program,
    row: tuple[int, int],
    others: Sequence[tuple[int, int]],
    mentors: Q,
    mentees: Q,
    settings: Settings,
    taxonomy: Taxonomy,
) -> list[tuple[float | None, float | None]]:
    """For the row (mentor A, mentee a) and each other pair (B, b) of ``others`` (employee
    pks): the score of B with a and of A with b, None where a hard rule forbids the pair.

    Scored as ``pair_explain`` scores a swap (the shown score under the program's
    ``settings`` and ``taxonomy``, as ``swap_index.swap_scoring`` reads them once for a
    search), in two engine calls whatever the number of pairs. ``mentors`` and
    ``mentees`` select the people of both sides (the row's included), as subqueries: a
    run's thousands of people would pass the databases' limits on parameters as a list.
    """
    if not others:
        return []
    their_mentors = people_of(program, mentors, EnrollmentRole.MENTOR)
    their_mentees = people_of(program, mentees, EnrollmentRole.MENTEE)
    row_mentor = their_mentors.pop(row[0])
    row_mentee = their_mentees.pop(row[1])
    # (1 x mentors): each other mentor with the row's mentee; (mentees x 1): the row's
    # mentor with each other mentee.
    takes = engine.score_pairs(list(their_mentors.values()), [row_mentee], taxonomy, settings)[0]
    gives = engine.score_pairs([row_mentor], list(their_mentees.values()), taxonomy, settings)[:, 0]
    mentor_at = {pk: i for i, pk in enumerate(their_mentors)}
    mentee_at = {pk: i for i, pk in enumerate(their_mentees)}
    return [(_finite(takes[mentor_at[b]]), _finite(gives[mentee_at[e]])) for b, e in others]


# Scores are sums of fifths and halves, so one may fall on a rounding boundary (6.46875):
# nudged up first, it rounds the same whatever the order of the additions in the cohort it
# was scored in (the whole run, or the few people a search checks again live).
ROUNDING_NUDGE = 1e-9


def _finite(value: float) -> float | None:
    return round(float(value) + ROUNDING_NUDGE, 4) if np.isfinite(value) else None

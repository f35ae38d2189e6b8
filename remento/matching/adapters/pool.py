"""The people a program matches: its enrolled people, or everyone eligible for a preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.engine import Person
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import OPEN_PAIR, Pair
from remento.relationships.selectors import open_pair_counts

from .values import _profiles, chains_for, person_for

Population = Literal["enrolled", "eligible"]


@dataclass
class Pool:
    """The people a program matches, as engine values, with the employees behind them."""

    program: Program
    settings: dict[str, Any]
    mentors: list[Person] = field(default_factory=list)
    mentees: list[Person] = field(default_factory=list)
    employees: dict[int, Employee] = field(default_factory=dict)
    population: Population = "enrolled"

    def mentor_ids(self) -> set[int]:
        return {int(p.id) for p in self.mentors}

    def mentee_ids(self) -> set[int]:
        return {int(p.id) for p in self.mentees}


def pool_for_program(program: Program, *, population: Population = "enrolled") -> Pool:
    """The people to match in ``program``.

    ``enrolled``: enrolled, active people; mentees already in an open pair are left out and
    mentors count only their free places. ``eligible``: the organisation's active people in
    the program's mentor and mentee levels (and departments, when the program names some),
    for a preview before anyone enrolled; mentors get the program's default capacity.
    Managers are read for these people only (one query), never for the whole organisation.
    """
    pool = Pool(program=program, settings=program.engine_settings(), population=population)
    if population == "enrolled":
        _add_enrolled(pool)
    else:
        _add_eligible(pool)
    return pool


def _add_enrolled(pool: Pool) -> None:
    """The program's enrolled, active people: mentors with a free place (their capacity
    less their open pairs), mentees not yet in an open pair."""
    program = pool.program
    paired_mentees = set(
        Pair.objects.filter(OPEN_PAIR, program=program).values_list("mentee_id", flat=True)
    )
    enrollments = list(
        Enrollment.objects.filter(
            program=program, status=EnrollmentStatus.ENROLLED, employee__is_active=True
        ).order_by("employee_id")
    )
    mentor_load = open_pair_counts(
        program=program,
        mentor_ids=[row.employee_id for row in enrollments if row.role == EnrollmentRole.MENTOR],
    )
    employees = {
        e.pk: e
        for e in _profiles(Employee.objects.filter(pk__in=[row.employee_id for row in enrollments]))
    }
    chains = chains_for(program, employees)
    for row in enrollments:
        employee = employees[row.employee_id]
        chain = chains[employee.pk]
        if row.role == EnrollmentRole.MENTOR:
            free = row.capacity - mentor_load.get(employee.pk, 0)
            if free > 0:
                pool.mentors.append(
                    person_for(employee, chain=chain, enrollment=row, capacity=free)
                )
                pool.employees[employee.pk] = employee
        elif employee.pk not in paired_mentees:
            pool.mentees.append(person_for(employee, chain=chain, enrollment=row, capacity=1))
            pool.employees[employee.pk] = employee


def _add_eligible(pool: Pool) -> None:
    """The organisation's active people in the program's levels (and departments, when it
    names some), for a preview; mentors get the program's default capacity."""
    program = pool.program
    base = Employee.objects.filter(organization_id=program.organization_id, is_active=True)
    department_ids = list(program.departments.values_list("pk", flat=True))
    if department_ids:
        base = base.filter(department_id__in=department_ids)
    mentors = list(
        _profiles(
            base.filter(level__gte=program.mentor_min_level, level__lte=program.mentor_max_level)
        ).order_by("pk")
    )
    mentees = list(
        _profiles(
            base.filter(level__gte=program.mentee_min_level, level__lte=program.mentee_max_level)
        ).order_by("pk")
    )
    chains = chains_for(program, [e.pk for e in (*mentors, *mentees)])
    for employee in mentors:
        pool.mentors.append(
            person_for(
                employee,
                chain=chains[employee.pk],
                enrollment=None,
                capacity=program.mentor_capacity,
            )
        )
        pool.employees[employee.pk] = employee
    for employee in mentees:
        pool.mentees.append(
            person_for(employee, chain=chains[employee.pk], enrollment=None, capacity=1)
        )
        pool.employees[employee.pk] = employee

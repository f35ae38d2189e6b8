"""KPIs by department, generation, location and program type, small groups hidden — also
from a total minus the groups shown.

The minimum group size is 3 here (the default is 5), so that a program of ten people has
groups on both sides of it: Sales 4 people, IT 4, HR 1 and Legal 1.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from remento.core.models import Organization
from remento.outcomes.kpis.breakdowns import (
    Breakdown,
    organization_breakdowns,
    program_breakdowns,
)
from remento.people.models import Employee
from remento.programs.models import KpiKind, Program, ProgramType
from remento.relationships.models import Pair, PairStatus
from tests.factories import DepartmentFactory, OrganizationFactory, enroll, make_pair, make_program
from tests.outcomes.kpis.builders import at, checkin, goal, meeting, person

MIN = 3
DEPARTMENTS = {"Sales": 4, "IT": 4, "HR": 1, "Legal": 1}


@pytest.fixture(autouse=True)
def _min_group_size(settings: Any) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = MIN


def staff(organization: Organization) -> dict[str, Employee]:
    """s1–s4 in Sales, i1–i4 in IT, h1 in HR, l1 in Legal; half in London."""
    people: dict[str, Employee] = {}
    for department, size in DEPARTMENTS.items():
        dept = DepartmentFactory.create(organization=organization, name=department)
        for n in range(1, size + 1):
            key = f"{department[0].lower()}{n}"
            people[key] = person(
                organization,
                key,
                2 if n % 2 else 9,
                department=dept,
                location="London" if len(people) % 2 else "",
                birth_year=1990 if n < 3 else 1970,
            )
    return people


def pair(program: Program, mentor: Employee, mentee: Employee, **fields: Any) -> Pair:
    made = make_pair(program, mentor, mentee)
    Pair.objects.filter(pk=made.pk).update(**fields)
    made.refresh_from_db()
    return made


def build(organization: Organization) -> tuple[Program, dict[str, Employee]]:
    program = make_program(organization)
    people = staff(organization)
    started = {"status": PairStatus.ACTIVE, "started_at": at(10, 5)}
    closed = {"status": PairStatus.CLOSED, "started_at": at(10, 5), "ended_at": at(11, 20)}
    p1 = pair(program, people["s1"], people["s2"], **closed, completed=True)
    p2 = pair(program, people["s3"], people["i1"], **closed, completed=False)
    p3 = pair(program, people["i2"], people["i3"], **started)
    p4 = pair(program, people["h1"], people["l1"], **started)
    pair(program, people["s4"], people["i4"])  # never started
    for made, held in ((p1, 2), (p2, 1), (p3, 3), (p4, 1)):
        for day in range(held):
            meeting(made, at(10, 6 + day))
    for made, who, rating in ((p1, "s1", 4), (p1, "s2", 5), (p2, "i1", 2), (p4, "h1", 3)):
        checkin(made, people[who], at(10, 16), rating, number=1)
    goal(p1, progress=100)
    goal(p2, progress=40)
    return program, people


def by_dimension(breakdowns: list[Breakdown]) -> dict[str, Breakdown]:
    return {breakdown.dimension: breakdown for breakdown in breakdowns}


def assert_no_hidden_group_can_be_worked_out(breakdown: Breakdown, true: dict[str, int]) -> None:
    """The total minus the groups shown is the people of two or more hidden groups, at least
    the minimum together: no single hidden group's size (or figures) follows from it."""
    hidden = [group.key for group in breakdown.groups if group.hidden]
    if not hidden:
        return
    shown = sum(group.people or 0 for group in breakdown.groups if not group.hidden)
    assert len(hidden) >= 2 or len(hidden) == len(breakdown.groups)
    assert breakdown.total_people - shown == sum(true[key] for key in hidden)
    assert breakdown.total_people - shown >= MIN or len(hidden) == len(breakdown.groups)
    assert all(not g.figures for g in breakdown.groups if g.hidden)


def test_small_departments_are_hidden_and_so_is_one_more_to_stop_subtraction(
    organization: Organization,
) -> None:
    program, _people = build(organization)

    departments = by_dimension(program_breakdowns(program))["department"]

    assert [(g.label, g.people) for g in departments.groups] == [
        ("HR", None),
        ("IT", None),  # 4 people, but HR and Legal alone would be 10 - 4 - 4 = 2 people
        ("Legal", None),
        ("Sales", 4),
    ]
    assert departments.total_people == 10
    assert_no_hidden_group_can_be_worked_out(departments, DEPARTMENTS)
    assert "fewer than 3 people" in departments.hidden_note


def test_a_shown_groups_figures_are_its_own_peoples_records(organization: Organization) -> None:
    program, _people = build(organization)

    sales = next(
        g
        for g in by_dimension(program_breakdowns(program))["department"].groups
        if g.key == "Sales"
    )

    figures = {kind: (f.value, f.sample) for kind, f in sales.figures.items()}
    assert figures[KpiKind.PARTICIPATION] == (4, 4)
    assert figures[KpiKind.MEETINGS_PER_PAIR] == (1.5, 2)  # pairs 1 (2 held) and 2 (1 held)
    assert figures[KpiKind.COMPLETION] == (50.0, 2)  # pair 1 completed, pair 2 ended early
    assert figures[KpiKind.CHECKIN_RATING] == (4.5, 2)  # s1 gave 4, s2 gave 5
    assert figures[KpiKind.GOALS_ACHIEVED] == (100.0, 1)  # s2's goal; i1's is IT's


def test_the_total_row_counts_everyone(organization: Organization) -> None:
    program, _people = build(organization)

    total = by_dimension(program_breakdowns(program))["location"].total

    assert total[KpiKind.MEETINGS_PER_PAIR].value == pytest.approx(7 / 4)
    assert total[KpiKind.CHECKIN_RATING].value == pytest.approx(14 / 4)
    assert total[KpiKind.PARTICIPATION].value == 10


def test_locations_and_generations_have_a_group_for_the_unrecorded(
    organization: Organization,
) -> None:
    program, _people = build(organization)

    breakdowns = by_dimension(program_breakdowns(program))

    assert [(g.label, g.people) for g in breakdowns["location"].groups] == [
        ("London", 5),
        ("Location not recorded", 5),
    ]
    # 1990: s1 s2 i1 i2 h1 l1 (Millennials); 1970: s3 s4 i3 i4 (Gen X); oldest first.
    assert [(g.label, g.people) for g in breakdowns["generation"].groups] == [
        ("Gen X", 4),
        ("Millennials", 6),
    ]


def test_one_small_program_type_hides_the_other_too(organization: Organization) -> None:
    build(organization)
    mutual = make_program(organization, name="Both ways", program_type=ProgramType.MUTUAL)
    for key in ("a", "b"):
        enroll(mutual, person(organization, key, 4), "mentor")

    types = by_dimension(organization_breakdowns(organization))["program_type"]

    assert [(g.key, g.people) for g in types.groups] == [
        (ProgramType.MUTUAL, None),
        (ProgramType.REVERSE, None),
    ]
    assert types.total_people == 12


def test_another_organisations_people_are_never_counted(organization: Organization) -> None:
    build(organization)
    globex = OrganizationFactory.create(name="Globex", slug="globex")
    build(globex)

    departments = by_dimension(organization_breakdowns(organization))["department"]

    assert departments.total_people == 10
    assert next(g for g in departments.groups if g.key == "Sales").people == 4


def _count(call: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_breakdowns_take_as_many_queries_for_three_times_the_programs_and_pairs(
    organization: Organization, django_assert_num_queries: Any
) -> None:
    program, _people = build(organization)
    small_program = _count(lambda: program_breakdowns(program))
    small_organisation = _count(lambda: organization_breakdowns(organization))
    for index in range(2):
        other = make_program(organization, name=f"More {index}")
        pair(other, person(organization, f"m{index}", 2), person(organization, f"n{index}", 9))
        pair(program, person(organization, f"o{index}", 2), person(organization, f"p{index}", 9))

    with django_assert_num_queries(small_program):
        program_breakdowns(program)
    with django_assert_num_queries(small_organisation):
        organization_breakdowns(organization)

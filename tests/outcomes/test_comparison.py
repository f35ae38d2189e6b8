"""Retention and promotion of a program's mentors against matched non-participants, on a
small hand-made organisation whose right answers are worked out here.

The program starts on 2024-01-01 (mentors at levels 1–4, every department); the pairs start
on 2024-01-15, so the mentors are followed to 2025-01-15 and the comparison group (from the
program's start) to 2025-01-01. Two strata have both groups, taken at the program's start:

- A: Finance, levels 1–2, Millennials (born 1990), hired 2020-01-06 (3–5 years);
- B: no department, levels 3–4, Gen Z (born 1998), hired 2023-06-01 (under a year).

Mentors: A has four (one left on 2024-09-30), B two (one left on 2025-03-01, after their 12
months, seen by a full sync: ``left_at``), and one mentor of stratum C (Finance, Gen X,
levels 3–4) has no comparator. One more mentor started on 2025-01-01: not 12 months yet.

Comparators: A has five (two still employed: one left by leave date, one by full sync, one
on 2024-12-31, a day before the end), B four (three still employed). People who are not
eligible (level, hired later, left earlier, in a pair of the program that never started,
promoted out of the levels before the start) and another organisation's people in B's
stratum are never counted.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pytest

from remento.core.models import Organization
from remento.outcomes.comparison import promotion_comparison, retention_comparison
from remento.people.models import Department, Employee, LevelChange, LevelChangeSource
from remento.programs.models import Program
from remento.relationships.models import PairStatus
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    OrganizationFactory,
    PairFactory,
    make_program,
)

TODAY = dt.date(2025, 6, 1)
PAIRS_START = dt.datetime(2024, 1, 15, 10, tzinfo=dt.UTC)
Z = 1.959963984540054  # the normal distribution's 97.5% quantile


@dataclass
class World:
    organization: Organization
    program: Program
    finance: Department
    people: dict[str, Employee]


def _person(world: World, name: str, **fields: Any) -> Employee:
    employee = EmployeeFactory.create(organization=world.organization, first_name=name, **fields)
    world.people[name] = employee
    return employee


def _stratum_a(world: World, name: str, **fields: Any) -> Employee:
    values = {
        "department": world.finance,
        "level": 2,
        "birth_year": 1990,
        "hire_date": dt.date(2020, 1, 6),
    }
    return _person(world, name, **(values | fields))


def _stratum_b(world: World, name: str, **fields: Any) -> Employee:
    values = {
        "department": None,
        "level": 3,
        "birth_year": 1998,
        "hire_date": dt.date(2023, 6, 1),
    }
    return _person(world, name, **(values | fields))


def _left(day: dt.date) -> dict[str, Any]:
    """A leaver the full sync saw go on ``day`` (no leave date in the HRIS)."""
    return {
        "is_active": False,
        "left_at": dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC),
    }


def _levelled(person: Employee, before: int, after: int, day: dt.date) -> None:
    LevelChange.objects.create(
        employee=person,
        level_before=before,
        level_after=after,
        effective_date=day,
        source=LevelChangeSource.IMPORT,
    )


def _pair(world: World, mentor: Employee, started_at: dt.datetime | None = PAIRS_START) -> None:
    mentee = _person(world, f"mentee of {mentor.first_name}", level=9, birth_year=1965)
    status = PairStatus.ACTIVE if started_at else PairStatus.LAUNCHING
    PairFactory.create(
        program=world.program, mentor=mentor, mentee=mentee, started_at=started_at, status=status
    )


def _mentors(world: World) -> None:
    m1 = _stratum_a(world, "m1", level=3)  # promoted within their 12 months
    _levelled(m1, 2, 3, dt.date(2024, 6, 1))
    m2 = _stratum_a(world, "m2", level=3)  # promoted after their 12 months
    _levelled(m2, 2, 3, dt.date(2025, 3, 1))
    m3 = _stratum_a(world, "m3", level=1)  # demoted: not a promotion
    _levelled(m3, 2, 1, dt.date(2024, 8, 1))
    m4 = _stratum_a(world, "m4", leave_date=dt.date(2024, 9, 30), **_left(dt.date(2024, 10, 5)))
    m5 = _stratum_b(world, "m5", level=4)  # promoted before their pair started
    _levelled(m5, 3, 4, dt.date(2024, 1, 10))
    m6 = _stratum_b(world, "m6", **_left(dt.date(2025, 3, 1)))  # left after 12 months
    m7 = _person(
        world,
        "m7",
        department=world.finance,
        level=4,
        birth_year=1975,
        hire_date=dt.date(2020, 1, 6),
    )
    for mentor in (m1, m2, m3, m4, m5, m6, m7):
        _pair(world, mentor)
    _pair(world, _stratum_a(world, "m8"), dt.datetime(2025, 1, 1, 10, tzinfo=dt.UTC))


def _comparators(world: World) -> None:
    a1 = _stratum_a(world, "a1", level=3)  # promoted after the program's 12 months
    _levelled(a1, 2, 3, dt.date(2025, 2, 1))
    a2 = _stratum_a(world, "a2", level=5)  # promoted within them (level 2 at the start)
    _levelled(a2, 2, 5, dt.date(2024, 6, 1))
    _stratum_a(world, "a3", leave_date=dt.date(2024, 5, 1), is_active=False)
    _stratum_a(world, "a4", **_left(dt.date(2024, 7, 1)))
    _stratum_a(world, "a5", leave_date=dt.date(2024, 12, 31), is_active=False)
    for name in ("b1", "b2", "b3"):
        _stratum_b(world, name)
    _stratum_b(world, "b4", **_left(dt.date(2024, 3, 1)))


def _never_counted(world: World) -> None:
    _stratum_a(world, "x-senior", level=8)
    _stratum_a(world, "x-hired-later", hire_date=dt.date(2024, 3, 1))
    _stratum_a(world, "x-left-before", leave_date=dt.date(2023, 12, 1), is_active=False)
    _pair(world, _stratum_a(world, "x-paired-never-started"), started_at=None)
    x_level = _stratum_a(world, "x-level-6-at-start")  # level 2 now, 6 at the start
    _levelled(x_level, 6, 2, dt.date(2024, 4, 1))
    other = OrganizationFactory.create(name="Other Co", slug="other")
    for number in range(6):
        EmployeeFactory.create(
            organization=other,
            department=None,
            level=3,
            birth_year=1998,
            hire_date=dt.date(2023, 6, 1),
            leave_date=dt.date(2024, 2, 1),
            is_active=False,
            first_name=f"other{number}",
        )


@pytest.fixture
def world(organization: Organization) -> World:
    program = make_program(organization, start_date=dt.date(2024, 1, 1))
    finance = DepartmentFactory.create(organization=organization, name="Finance")
    world = World(organization, program, finance, {})
    _mentors(world)
    _comparators(world)
    _never_counted(world)
    return world


def _expected(
    treated: dict[str, tuple[int, int]], control: dict[str, tuple[int, int]]
) -> dict[str, float]:
    """The comparison worked out by hand from (people, hits) per stratum."""
    n1 = sum(people for people, _ in treated.values())
    p1 = sum(hits for _, hits in treated.values()) / n1
    weights = {key: people / n1 for key, (people, _) in treated.items()}
    p0 = sum(weights[key] * hits / people for key, (people, hits) in control.items())
    var1 = p1 * (1 - p1) / n1
    var0 = sum(
        (weights[key] / people) ** 2 * (hits * (1 - p0) ** 2 + (people - hits) * p0**2)
        for key, (people, hits) in control.items()
    )
    half = Z * math.sqrt(var1 + var0)
    return {
        "participant_rate": 100 * p1,
        "comparison_rate": 100 * p0,
        "difference": 100 * (p1 - p0),
        "low": 100 * (p1 - p0 - half),
        "high": 100 * (p1 - p0 + half),
    }


def test_retention_against_matched_non_participants(world: World) -> None:
    result = retention_comparison(world.program, today=TODAY)

    # A: mentors 3 of 4 still employed, comparators 2 of 5; B: mentors 2 of 2, comparators 3 of 4.
    expected = _expected({"A": (4, 3), "B": (2, 2)}, {"A": (5, 2), "B": (4, 3)})
    # p1 = 5/6; p0 = 4/6 × 2/5 + 2/6 × 3/4 = 31/60; difference = 19/60 = 31.67 pp.
    assert expected["difference"] == pytest.approx(100 * 19 / 60)
    assert result.measure == "retention"
    assert result.participant_rate == pytest.approx(expected["participant_rate"])
    assert result.comparison_rate == pytest.approx(100 * 31 / 60)
    assert result.difference == pytest.approx(expected["difference"])
    assert result.interval is not None
    assert result.interval.low == pytest.approx(expected["low"])
    assert result.interval.high == pytest.approx(expected["high"])
    # var1 = 5/6 × 1/6 / 6 = 0.023148; comparators weigh (4/6)/5 in A, (2/6)/4 in B:
    # var0 = 0.13333² × (2 × 0.48333² + 3 × 0.51667²) + 0.08333² × (3 × 0.48333² + 0.51667²)
    #      = 0.022543 + 0.006721 = 0.029264; half-width 1.96 × √0.052412 = 44.87 pp.
    assert (result.interval.low, result.interval.high) == pytest.approx((-13.20, 76.54), abs=0.01)
    assert (result.participants, result.comparison, result.months) == (6, 9, 12)
    assert result.note == (
        "1 mentor had no non-participant of their department, level band, generation and "
        "tenure band and is left out; 1 more mentor has not reached 12 months."
    )
    assert "95% Wald interval" in result.method


def test_promotions_count_only_within_the_twelve_months(world: World) -> None:
    result = promotion_comparison(world.program, today=TODAY)

    # Mentors: m1 only (m2 after, m3 a demotion, m5 before the pair started): A 1 of 4, B 0
    # of 2. Comparators: a2 only (a1 after the program's 12 months): A 1 of 5, B 0 of 4.
    expected = _expected({"A": (4, 1), "B": (2, 0)}, {"A": (5, 1), "B": (4, 0)})
    # p1 = 1/6; p0 = 4/6 × 1/5 = 2/15; difference = 1/30 = 3.33 pp.
    assert expected["difference"] == pytest.approx(100 / 30)
    assert result.measure == "promotion"
    assert result.participant_rate == pytest.approx(100 / 6)
    assert result.comparison_rate == pytest.approx(100 * 2 / 15)
    assert result.difference == pytest.approx(expected["difference"])
    assert result.interval is not None
    assert result.interval.low == pytest.approx(expected["low"])
    assert result.interval.high == pytest.approx(expected["high"])
    assert (result.participants, result.comparison) == (6, 9)


def test_another_organisations_people_are_never_counted(world: World) -> None:
    # Six people of another organisation sit in stratum B and all left: counted, they would
    # make B's comparison group 10 people and its retention 3 of 10.
    result = retention_comparison(world.program, today=TODAY)

    assert result.comparison == 9
    assert result.comparison_rate == pytest.approx(100 * 31 / 60)


def test_not_enough_data_before_the_first_mentor_reaches_twelve_months(world: World) -> None:
    for compare in (retention_comparison, promotion_comparison):
        result = compare(world.program, today=dt.date(2025, 1, 14))

        assert result.difference is None
        assert result.interval is None
        assert result.participant_rate is None
        assert result.note == (
            "Not enough data yet: 8 mentors followed; the first of them reaches 12 months on "
            "15 January 2025."
        )


def test_not_enough_data_when_a_group_is_under_the_minimum_size(
    world: World, settings: Any
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 7

    result = retention_comparison(world.program, today=TODAY)

    assert result.difference is None
    assert (result.participants, result.comparison) == (6, 9)
    assert result.note == (
        "Not enough data yet: 6 mentors and 9 comparable non-participants have reached 12 "
        "months and could be compared; each group needs at least 7. 1 mentor had no "
        "non-participant of their department, level band, generation and tenure band and "
        "is left out."
    )


def test_not_enough_data_before_any_pair_starts(organization: Organization) -> None:
    program = make_program(organization, start_date=dt.date(2024, 1, 1))

    result = retention_comparison(program, today=TODAY)

    assert result.difference is None
    assert (result.participants, result.comparison) == (0, 0)
    assert "no pair of this program has started" in result.note


def test_a_leave_date_on_the_last_day_still_counts_as_employed(world: World) -> None:
    # a5 left on 2024-12-31, a day before the comparison group's 12 months end; moved to the
    # last day itself, they count as still employed: A's comparators keep 3 of 5.
    Employee.objects.filter(pk=world.people["a5"].pk).update(leave_date=dt.date(2025, 1, 1))

    result = retention_comparison(world.program, today=TODAY)

    assert result.comparison_rate == pytest.approx(100 * (4 / 6 * 3 / 5 + 2 / 6 * 3 / 4))


def test_the_query_count_does_not_grow_with_the_organisation(
    world: World, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(3):
        retention_comparison(world.program, today=TODAY)
    for number in range(40):
        person = _stratum_a(world, f"more{number}", level=1 + number % 4)
        if number % 3 == 0:
            _levelled(person, 1, 1 + number % 4, dt.date(2024, 5, 1))
        if number % 8 == 0:
            _pair(world, person)
    with django_assert_num_queries(3):
        bigger = retention_comparison(world.program, today=TODAY)
    with django_assert_num_queries(3):
        promotion_comparison(world.program, today=TODAY)
    assert bigger.participants > 6
    assert bigger.comparison > 9

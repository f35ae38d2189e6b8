"""The skill-gap table read from the totals the worker keeps (people.skill_totals): the
same figures as counted from the skill rows, at a cost that does not grow with the people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from remento.people.models import Skill, SkillOffer, SkillWant
from remento.people.skill_totals import skill_totals_refresh
from remento.people.totals import SkillTotal
from remento.programs.selectors import skill_gap_table
from tests.factories import EmployeeFactory, SkillFactory
from tests.programs import test_skill_gap_table as hand_built

# The hand-built population whose figures test_skill_gap_table works out by hand.
population = hand_built.population

AS_OF = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _figures(table):
    rows = [
        (row.name, row.wanted_by, row.priority_total, row.teachable_by, row.demand_width)
        for row in table.rows
    ]
    groups = [(group.label, group.unmet) for group in table.groups]
    return rows, groups, table.learners, table.teachers


@pytest.mark.parametrize(
    ("mentor_levels", "mentee_levels", "departments"),
    [((1, 4), (7, 10), ()), ((1, 4), (7, 10), ("sales",)), ((2, 9), (1, 8), ("it",))],
)
def test_kept_totals_give_the_figures_counted_from_the_skill_rows(
    organization,
    population,
    mentor_levels,
    mentee_levels,
    departments,
):
    chosen = [population[name] for name in departments]

    def table():
        return skill_gap_table(
            organization=organization,
            mentor_levels=mentor_levels,
            mentee_levels=mentee_levels,
            departments=chosen,
        )

    counted = table()
    skill_totals_refresh(organization, now=AS_OF)
    kept = table()

    assert counted.as_of is None
    assert kept.as_of == AS_OF
    assert _figures(kept) == _figures(counted)
    assert kept.rows  # the comparison is not of two empty tables


def test_kept_totals_are_one_row_per_skill_level_and_department_whatever_the_headcount(
    organization,
    population,
):
    skill_totals_refresh(organization)
    before = SkillTotal.objects.filter(organization=organization).count()
    for _ in range(5):  # more people where people already are: no new rows
        twin = EmployeeFactory(organization=organization, level=8, department=population["it"])
        SkillWant.objects.create(
            employee=twin,
            skill=Skill.objects.get(organization=organization, name="AI"),
            priority=1,
        )
    skill_totals_refresh(organization)

    assert SkillTotal.objects.filter(organization=organization).count() == before


def test_kept_table_takes_three_queries_for_three_times_the_people(
    organization, django_assert_num_queries
):
    skills = [
        SkillFactory.create(organization=organization, name=f"Skill {n}", slug=f"skill-{n}")
        for n in range(3)
    ]

    def grow(rounds: int) -> None:
        for _ in range(rounds):
            senior = EmployeeFactory.create(organization=organization, level=9)
            junior = EmployeeFactory.create(organization=organization, level=2)
            for skill in skills:
                SkillWant.objects.create(employee=senior, skill=skill, priority=3)
                SkillOffer.objects.create(employee=junior, skill=skill, proficiency=4)
        skill_totals_refresh(organization)

    for people in (4, 12):
        grow(people // 2 - SkillWant.objects.filter(skill=skills[0]).count())
        with django_assert_num_queries(3):
            table = skill_gap_table(
                organization=organization, mentor_levels=(1, 4), mentee_levels=(7, 10)
            )
        assert [row.wanted_by for row in table.rows] == [people // 2] * 3


def test_page_says_as_of_when_the_totals_were_worked_out(
    coordinator_client,
    organization,
    population,
):
    url = reverse("programs:skill_gaps")
    assert "Totals as of" not in coordinator_client.get(url).content.decode()

    skill_totals_refresh(organization, now=AS_OF)

    assert "Totals as of 2 Mar 2026" in coordinator_client.get(url).content.decode()


def test_a_change_after_the_refresh_shows_after_the_next_refresh(
    organization,
    population,
):
    skill_totals_refresh(organization, now=AS_OF)
    newcomer = EmployeeFactory(organization=organization, level=10)
    ai = Skill.objects.get(organization=organization, name="AI")
    SkillWant.objects.create(employee=newcomer, skill=ai, priority=5)

    def ai_learners():
        table = skill_gap_table(
            organization=organization, mentor_levels=(1, 4), mentee_levels=(7, 10)
        )
        return next(row.wanted_by for row in table.rows if row.name == "AI")

    assert ai_learners() == 3
    skill_totals_refresh(organization)
    assert ai_learners() == 4

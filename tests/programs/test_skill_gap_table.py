"""skill_gap_table: demand from learners against supply from teachers, on a hand-built
population whose numbers are worked out by hand below."""

from __future__ import annotations

import pytest

from remento.people.models import SkillCategory, SkillOffer, SkillWant
from remento.programs.selectors import skill_gap_table
from tests.factories import DepartmentFactory, EmployeeFactory, OrganizationFactory, SkillFactory


@pytest.fixture
def population(organization):
    sales = DepartmentFactory(organization=organization, name="Sales")
    it = DepartmentFactory(organization=organization, name="IT")
    skill = {
        name: SkillFactory(organization=organization, name=name, slug=name.lower(), category=cat)
        for name, cat in [
            ("AI", SkillCategory.AI_DATA),
            ("TikTok", SkillCategory.SOCIAL_MEDIA),
            ("Excel", SkillCategory.DIGITAL_TOOLS),
            ("Strategy", SkillCategory.LEADERSHIP_STRATEGY),
        ]
    }

    def person(level, department, active=True):
        return EmployeeFactory(
            organization=organization, level=level, department=department, is_active=active
        )

    def wants(employee, name, priority):
        SkillWant.objects.create(employee=employee, skill=skill[name], priority=priority)

    def offers(employee, name, proficiency):
        SkillOffer.objects.create(employee=employee, skill=skill[name], proficiency=proficiency)

    senior_sales, senior_it, senior_sales_2 = person(8, sales), person(8, it), person(9, sales)
    wants(senior_sales, "AI", 5)
    wants(senior_sales, "TikTok", 3)
    wants(senior_it, "AI", 4)
    wants(senior_sales_2, "AI", 2)
    wants(senior_sales_2, "Excel", 1)
    offers(senior_it, "AI", 5)  # a senior who knows AI is not a junior teacher
    wants(person(9, sales, active=False), "AI", 5)  # left: not counted
    wants(person(5, sales), "TikTok", 5)  # in neither range

    junior_sales, junior_it, junior_sales_2 = person(2, sales), person(3, it), person(1, sales)
    offers(junior_sales, "AI", 4)
    offers(junior_sales, "TikTok", 2)  # below proficiency 3: cannot teach it
    offers(junior_it, "TikTok", 5)
    offers(junior_it, "Excel", 3)
    offers(junior_sales_2, "Strategy", 5)

    # Another organisation's people never count.
    other = OrganizationFactory(slug="other-org")
    foreign = EmployeeFactory(organization=other, level=8)
    SkillWant.objects.create(
        employee=foreign,
        skill=SkillFactory(organization=other, name="AI", slug="ai"),
        priority=5,
    )
    return {"sales": sales, "it": it}


def _rows(table):
    return {
        row.name: (row.wanted_by, row.priority_total, row.teachable_by, row.unmet)
        for row in table.rows
    }


def test_counts_learners_priority_teachers_and_unmet_per_skill(
    organization, population, django_assert_num_queries
):
    with django_assert_num_queries(3):
        table = skill_gap_table(
            organization=organization, mentor_levels=(1, 4), mentee_levels=(7, 10)
        )

    assert _rows(table) == {
        "AI": (3, 11, 1, 2),
        "TikTok": (1, 3, 1, 0),
        "Excel": (1, 1, 1, 0),
        "Strategy": (0, 0, 1, 0),
    }
    assert (table.learners, table.teachers, table.unmet) == (3, 3, 2)
    ai = table.rows[0]
    assert ai.name == "AI"
    assert ai.ratio == pytest.approx(1 / 3)
    assert (ai.demand_width, ai.supply_width) == (100, 33)
    assert next(row for row in table.rows if row.name == "Strategy").ratio is None


def test_groups_by_category_with_the_biggest_unmet_demand_first(organization, population):
    table = skill_gap_table(organization=organization, mentor_levels=(1, 4), mentee_levels=(7, 10))

    assert [group.label for group in table.groups] == [
        "AI and data",
        "Digital tools",
        "Leadership and strategy",
        "Social media",
    ]


def test_departments_narrow_both_learners_and_teachers(organization, population):
    table = skill_gap_table(
        organization=organization,
        mentor_levels=(1, 4),
        mentee_levels=(7, 10),
        departments=[population["sales"]],
    )

    assert _rows(table) == {
        "AI": (2, 7, 1, 1),
        "TikTok": (1, 3, 0, 1),
        "Excel": (1, 1, 0, 1),
        "Strategy": (0, 0, 1, 0),
    }

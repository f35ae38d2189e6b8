"""The skill-gap pages: before a program exists, and for a program's population."""

from __future__ import annotations

from django.urls import reverse

from remento.people.models import SkillOffer, SkillWant
from tests.factories import EmployeeFactory, SkillFactory
from tests.queries import queries_do_not_grow


def test_skill_gaps_before_a_program_show_the_reverse_population(coordinator_client, organization):
    skill = SkillFactory(organization=organization, name="Generative AI", slug="gen-ai")
    senior = EmployeeFactory(organization=organization, level=9)
    junior = EmployeeFactory(organization=organization, level=2)
    SkillWant.objects.create(employee=senior, skill=skill, priority=5)
    SkillOffer.objects.create(employee=junior, skill=skill, proficiency=4)

    response = coordinator_client.get(reverse("programs:skill_gaps"))

    table = response.context["table"]
    assert (table.mentor_levels, table.mentee_levels) == ((1, 4), (7, 10))
    assert [(row.name, row.wanted_by, row.teachable_by) for row in table.rows] == [
        ("Generative AI", 1, 1)
    ]
    assert '<rect width="100" height="10"/>' in response.content.decode()


def test_inverted_level_filter_gets_a_message_and_no_table(coordinator_client):
    response = coordinator_client.get(
        reverse("programs:skill_gaps"),
        {
            "mentee_min_level": "9",
            "mentee_max_level": "7",
            "mentor_min_level": "1",
            "mentor_max_level": "4",
        },
    )

    assert response.context["table"] is None
    assert "The highest level of learners (7) is below the lowest (9)." in (
        response.content.decode()
    )


def test_program_skill_gaps_use_the_programs_levels(coordinator_client, ready_draft):
    ready_draft.mentee_min_level = 8
    ready_draft.save()

    response = coordinator_client.get(reverse("programs:program_skill_gaps", args=[ready_draft.pk]))

    assert response.context["table"].mentee_levels == (8, 10)
    assert "mentee_min_level=8" in response.content.decode()


def test_skill_gap_pages_take_as_many_queries_for_three_times_the_people(
    coordinator_client, organization, ready_draft, django_assert_num_queries
):
    """The page walk found these pages growing with the company (bench/page_walk.py): their
    cost is the database's aggregate, never a query per person or skill."""
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

    for url in (
        reverse("programs:skill_gaps"),
        reverse("programs:program_skill_gaps", args=[ready_draft.pk]),
    ):
        response = queries_do_not_grow(coordinator_client, url, grow, django_assert_num_queries)
        assert "Skill 2" in response.content.decode()

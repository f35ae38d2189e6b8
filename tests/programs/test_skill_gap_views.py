"""The skill-gap pages: before a program exists, and for a program's population."""

from __future__ import annotations

from django.urls import reverse

from remento.people.models import SkillOffer, SkillWant
from tests.factories import EmployeeFactory, SkillFactory


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

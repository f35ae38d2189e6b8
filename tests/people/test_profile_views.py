"""The profile edit page: the forms around profile_update."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee, Interest, SensitiveAttribute, SensitiveKind, Skill
from tests.factories import SkillFactory

PROFILE = reverse("people:profile_edit")


@pytest.fixture
def excel(organization: Organization) -> Skill:
    return SkillFactory(organization=organization, name="Excel", slug="excel")


@pytest.fixture
def tiktok(organization: Organization) -> Skill:
    return SkillFactory(organization=organization, name="TikTok", slug="tiktok")


def form_data(**overrides: Any) -> dict[str, Any]:
    """A complete POST of the page with empty skill lists; override what the test needs."""
    data: dict[str, Any] = {
        "teach-TOTAL_FORMS": "3",
        "teach-INITIAL_FORMS": "0",
        "learn-TOTAL_FORMS": "3",
        "learn-INITIAL_FORMS": "0",
        "hours_per_month": "4",
        "timezone": "Europe/London",
    }
    data.update(overrides)
    return data


def test_the_page_offers_the_organisations_skills_grouped_by_category(
    mentor_client: Client, excel: Skill
) -> None:
    response = mentor_client.get(PROFILE)
    assert response.status_code == 200
    assert '<optgroup label="Digital tools">' in response.text
    assert f'<option value="{excel.pk}">Excel</option>' in response.text
    assert 'name="teach-0-skill"' in response.text
    assert 'name="learn-2-level"' in response.text


def test_posting_the_page_saves_the_profile(
    mentor_client: Client, mentor: Employee, excel: Skill, tiktok: Skill, organization: Organization
) -> None:
    chess = Interest.objects.create(organization=organization, name="Chess")
    response = mentor_client.post(
        PROFILE,
        form_data(
            **{
                "teach-0-skill": tiktok.pk,
                "teach-0-level": "5",
                "learn-1-skill": excel.pk,
                "learn-1-level": "2",
                "interests": [chess.pk],
                "extraversion": "4",
                "hours_per_month": "8",
                "timezone": "Asia/Singapore",
                "disability_value": "Hearing loss",
                "disability_consent": "on",
            }
        ),
        follow=True,
    )
    assert response.redirect_chain == [(PROFILE, 302)]
    assert "Your profile is saved." in response.text
    mentor.refresh_from_db()
    assert (mentor.hours_per_month, mentor.extraversion, mentor.timezone) == (
        8,
        4,
        "Asia/Singapore",
    )
    assert list(mentor.skill_offers.values_list("skill__name", "proficiency")) == [("TikTok", 5)]
    assert list(mentor.skill_wants.values_list("skill__name", "priority")) == [("Excel", 2)]
    assert list(mentor.interests.values_list("name", flat=True)) == ["Chess"]
    row = SensitiveAttribute.objects.get(employee=mentor)
    assert (row.kind, row.consent_matching) == (SensitiveKind.DISABILITY, True)
    assert row.consented_at is not None
    # Back on the page: the lists show what was saved, the answer itself does not.
    assert f'<option value="{tiktok.pk}" selected>TikTok</option>' in response.text
    assert "Hearing loss" not in response.text
    assert "1 attribute shared with consent" in response.text


def test_a_bad_time_zone_and_hours_are_shown_beside_their_fields_and_nothing_is_saved(
    mentor_client: Client, mentor: Employee, tiktok: Skill
) -> None:
    response = mentor_client.post(
        PROFILE,
        form_data(
            **{
                "teach-0-skill": tiktok.pk,
                "teach-0-level": "5",
                "hours_per_month": "99",
                "timezone": "Narnia/Cair_Paravel",
                "lgbtq_value": "Bisexual-answer-5120",
                "lgbtq_consent": "on",
            }
        ),
    )
    # Not even the answer just typed is written back into the page.
    assert "Bisexual-answer-5120" not in response.text
    assert response.status_code == 200
    assert "Nothing was saved: 2 answers need a fix" in response.text
    assert "“Narnia/Cair_Paravel” is not a time zone we know" in response.text
    assert "Give from 1 to 40 hours a month." in response.text
    assert 'aria-invalid="true"' in response.text
    mentor.refresh_from_db()
    assert (mentor.hours_per_month, mentor.timezone) == (4, "Europe/London")
    assert not mentor.skill_offers.exists()
    assert not SensitiveAttribute.objects.exists()


def test_a_skill_without_a_level_or_listed_twice_is_marked_on_its_row(
    mentor_client: Client, mentor: Employee, excel: Skill
) -> None:
    response = mentor_client.post(
        PROFILE,
        form_data(
            **{
                "teach-0-skill": excel.pk,
                "learn-0-skill": excel.pk,
                "learn-0-level": "3",
                "learn-1-skill": excel.pk,
                "learn-1-level": "4",
            }
        ),
    )
    assert "Choose a proficiency for this skill." in response.text
    assert "Excel is already in your list." in response.text
    assert not mentor.skill_offers.exists()
    assert not mentor.skill_wants.exists()


def test_ticking_remove_drops_a_skill(
    mentor_client: Client, mentor: Employee, excel: Skill
) -> None:
    mentor.skill_offers.create(skill=excel, proficiency=3)
    response = mentor_client.post(
        PROFILE,
        form_data(
            **{
                "teach-TOTAL_FORMS": "4",
                "teach-INITIAL_FORMS": "1",
                "teach-0-skill": excel.pk,
                "teach-0-level": "3",
                "teach-0-DELETE": "on",
            }
        ),
    )
    assert response.status_code == 302
    assert not mentor.skill_offers.exists()


def test_consent_without_an_answer_is_marked_beside_that_attribute(
    mentor_client: Client, mentor: Employee
) -> None:
    response = mentor_client.post(PROFILE, form_data(lgbtq_consent="on", hours_per_month="7"))
    assert response.status_code == 200
    assert '<div id="id_lgbtq_value_error"><p class="error">Write an answer before consenting' in (
        response.text
    )
    mentor.refresh_from_db()
    assert mentor.hours_per_month == 4

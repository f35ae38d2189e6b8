"""A participant enrols through the open sign-up of a recruiting program, in a real browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, Question, QuestionFeeds, QuestionKind
from remento.people.models import Employee, SkillWant
from remento.programs.models import Program
from tests.enrollment.conftest import make_program
from tests.factories import SkillFactory


@pytest.fixture
def recruiting(organization: Organization) -> Program:
    """A recruiting open sign-up program that asks mentees which tools they want to learn."""
    program = make_program(organization, name="AI for Leaders")
    for name in ("Generative AI", "TikTok"):
        SkillFactory(organization=organization, name=name, slug=name.lower().replace(" ", "-"))
    Question.objects.create(
        program=program,
        text="Which tools would you like to learn?",
        kind=QuestionKind.SKILLS,
        feeds=QuestionFeeds.SKILLS_WANTED,
        audience="mentee",
    )
    return program


def test_a_participant_enrols_through_the_open_sign_up(
    sign_in: Callable[[Employee], Page], site: str, mentee: Employee, recruiting: Program
) -> None:
    page = sign_in(mentee)
    page.get_by_role("link", name="My programs").click()
    page.get_by_role("link", name="Join AI for Leaders").click()

    expect(page.get_by_role("heading", name="Join AI for Leaders")).to_be_visible()
    page.get_by_role("group", name="Which tools would you like to learn?").get_by_label(
        "Generative AI"
    ).check()
    page.get_by_label("Hours per month you can give").fill("6")
    page.get_by_label("Your time zone").fill("Europe/Paris")
    page.get_by_label("Use the sensitive attributes I chose to share").check()
    page.get_by_role("button", name="Enrol").click()

    expect(page.get_by_role("status")).to_contain_text("You are enrolled in AI for Leaders")
    row = page.get_by_role("row", name="AI for Leaders")
    expect(row).to_contain_text("Enrolled")
    expect(row).to_contain_text("Mentee")
    enrollment = Enrollment.objects.get(employee=mentee)
    assert (enrollment.hours_per_month, enrollment.timezone) == (6, "Europe/Paris")
    assert enrollment.consented_at is not None
    assert [w.skill.name for w in SkillWant.objects.filter(employee=mentee)] == ["Generative AI"]


def test_zero_hours_show_a_clear_error_and_create_nothing(
    sign_in: Callable[[Employee], Page], site: str, mentee: Employee, recruiting: Program
) -> None:
    page = sign_in(mentee)
    page.goto(f"{site}/enrollment/{recruiting.pk}/join/")
    page.get_by_label("Generative AI").check()
    page.get_by_label("Hours per month you can give").fill("0")
    page.get_by_role("button", name="Enrol").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.get_by_text("Give from 1 to 40 hours a month, not 0.")).to_be_visible()
    expect(page.get_by_label("Generative AI")).to_be_checked()
    assert not Enrollment.objects.exists()
    assert not SkillWant.objects.exists()

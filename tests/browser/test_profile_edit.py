"""A participant edits their own profile in a real browser."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from remento.core.models import Organization
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind, Skill, SkillCategory
from tests.factories import PASSWORD, SkillFactory


@pytest.fixture
def skills(organization: Organization) -> dict[str, Skill]:
    return {
        "tiktok": SkillFactory(
            organization=organization,
            name="TikTok",
            slug="tiktok",
            category=SkillCategory.SOCIAL_MEDIA,
        ),
        "prompting": SkillFactory(
            organization=organization, name="Prompting", slug="prompting", category="ai_data"
        ),
        "negotiation": SkillFactory(
            organization=organization,
            name="Negotiation",
            slug="negotiation",
            category=SkillCategory.BUSINESS_ACUMEN,
        ),
    }


def test_a_participant_edits_their_profile_and_finds_it_saved_after_reload(
    sign_in: Callable[[Employee], Page], site: str, mentor: Employee, skills: dict[str, Skill]
) -> None:
    page = sign_in(mentor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", name="My profile", level=1)).to_be_visible()

    page.get_by_label("Skill to teach 1", exact=True).select_option(label="TikTok")
    page.get_by_label("Proficiency 1", exact=True).select_option(label="5 · expert")
    # The "add another skill" button adds a fourth row beyond the three empty ones.
    teach_rows = page.locator("#teach-rows")
    teach_rows.get_by_role("button", name="Add another skill").click()
    page.get_by_label("Skill to teach 4", exact=True).select_option(label="Prompting")
    page.get_by_label("Proficiency 4", exact=True).select_option(label="3 · confident")
    page.get_by_label("Skill to learn 1", exact=True).select_option(label="Negotiation")
    page.get_by_label("Priority 1", exact=True).select_option(label="5 · top priority")
    page.get_by_label("Hours per month for mentoring").fill("10")
    page.get_by_label("4 · rather extroverted").check()
    page.get_by_label("Your answer — Disability or long-term condition").fill("Dyslexia")
    page.get_by_label("Use my answer in matching — Disability or long-term condition").check()
    page.get_by_role("button", name="Save my profile").click()

    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    page.reload()
    expect(page.get_by_label("Skill to teach 1", exact=True)).to_have_value(
        str(skills["tiktok"].pk)
    )
    expect(page.get_by_label("Proficiency 1", exact=True)).to_have_value("5")
    expect(page.get_by_label("Skill to learn 1", exact=True)).to_have_value(
        str(skills["negotiation"].pk)
    )
    expect(page.get_by_label("Hours per month for mentoring")).to_have_value("10")
    expect(page.get_by_label("4 · rather extroverted")).to_be_checked()
    expect(
        page.get_by_label("Use my answer in matching — Disability or long-term condition")
    ).to_be_checked()
    expect(page.locator("#sensitive-count")).to_contain_text("1 attribute shared with consent")
    # The answer itself is never sent back to the page.
    expect(page.get_by_text("Dyslexia")).to_have_count(0)

    mentor.refresh_from_db()
    assert (mentor.hours_per_month, mentor.extraversion) == (10, 4)
    assert sorted(mentor.skill_offers.values_list("skill__slug", "proficiency")) == [
        ("prompting", 3),
        ("tiktok", 5),
    ]
    consent = SensitiveAttribute.objects.get(employee=mentor, kind=SensitiveKind.DISABILITY)
    assert consent.consent_matching
    assert consent.consented_at is not None


def test_bad_values_are_shown_beside_their_fields_and_nothing_changes(
    sign_in: Callable[[Employee], Page], site: str, mentor: Employee, skills: dict[str, Skill]
) -> None:
    page = sign_in(mentor)
    page.goto(f"{site}/people/me/")
    page.get_by_label("Skill to teach 1", exact=True).select_option(label="TikTok")
    page.get_by_label("Proficiency 1", exact=True).select_option(label="4 · advanced")
    page.get_by_label("Time zone").fill("Atlantis/Lost_City")
    page.get_by_label("Hours per month for mentoring").fill("77")
    page.get_by_role("button", name="Save my profile").click()

    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    time_zone = page.get_by_label("Time zone")
    expect(time_zone).to_have_attribute("aria-invalid", "true")
    expect(time_zone).to_have_accessible_description(
        re.compile("“Atlantis/Lost_City” is not a time zone we know")
    )
    expect(page.get_by_label("Hours per month for mentoring")).to_have_accessible_description(
        re.compile("Give from 1 to 40 hours a month")
    )
    # What was typed stays on the page to be fixed.
    expect(page.get_by_label("Skill to teach 1", exact=True)).to_have_value(
        str(skills["tiktok"].pk)
    )

    page.goto(f"{site}/people/me/")
    expect(page.get_by_label("Skill to teach 1", exact=True)).to_have_value("")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    mentor.refresh_from_db()
    assert (mentor.hours_per_month, mentor.timezone) == (4, "Europe/London")
    assert not mentor.skill_offers.exists()


def test_without_javascript_the_add_row_button_stays_hidden_and_the_empty_rows_serve(
    browser: Browser, site: str, mentor: Employee, skills: dict[str, Skill]
) -> None:
    # The button only works once profile_edit.js runs; before that (or without JavaScript)
    # it must not be offered, or a click does nothing.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Work email").fill(mentor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{site}/people/me/")

    expect(page.get_by_label("Skill to teach 3", exact=True)).to_be_visible()
    buttons = page.get_by_role("button", name="Add another skill", include_hidden=True)
    expect(buttons).to_have_count(2)
    expect(buttons.first).to_be_hidden()
    expect(buttons.last).to_be_hidden()
    context.close()

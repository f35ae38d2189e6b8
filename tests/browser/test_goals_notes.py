"""A pair sets goals from its agreement, ticks a milestone in place, keeps notes, and a
private note stays invisible to the partner and to a coordinator."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.people.models import Employee, Skill, SkillCategory, SkillWant
from tests.relationships.builders import fill_terms, make_pair, make_program

SHOTS = os.environ.get("REMENTO_SHOTS")
SECRET = "Ask HR quietly about Maya's workload"


def _shoot(page: Page, name: str) -> None:
    """With REMENTO_SHOTS=<folder>, a full-page screenshot at 1366 and 390 px wide."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_goals_milestones_notes_and_a_private_note_nobody_else_sees(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    coordinator: Employee,
) -> None:
    pair = make_pair(make_program(organization), mentor, mentee)
    fill_terms(pair, goals="- Post on the company network every week\n- Run a retrospective")
    skill = Skill.objects.create(
        organization=organization,
        name="Generative AI",
        slug="gen-ai",
        category=SkillCategory.DIGITAL_TOOLS,
    )
    SkillWant.objects.create(employee=mentee, skill=skill, priority=5)

    page = sign_in(mentee)
    page.goto(f"{site}/pairs/{pair.pk}/goals/")
    page.get_by_role("button", name="Start from our agreement and skills").click()
    expect(page.get_by_role("status")).to_contain_text("3 goals added")
    card = page.locator("article.goal").filter(has_text="Run a retrospective")
    card.get_by_text("Edit this goal").click()
    card.get_by_label("Milestones, one per line").fill("Pick a project\nRun it with the team")
    card.get_by_role("button", name="Save the goal").click()
    card = page.locator("article.goal").filter(has_text="Run a retrospective")
    card.get_by_role("button", name="Pick a project").click()
    expect(card).to_contain_text("Progress: 50%")  # answered by htmx, in place
    _shoot(page, "goals-mentee")

    page.get_by_role("link", name="Notes").click()
    page.locator("#id_private-body").fill(SECRET)
    page.get_by_role("button", name="Save my private note").click()
    expect(page.get_by_role("status")).to_contain_text("only you can see it")
    page.locator("#id_shared-body").fill("We agreed Martin posts every Monday.")
    page.get_by_role("button", name="Save the shared note").click()
    page.get_by_text("Add an action item").click()
    page.get_by_label("What is to be done").fill("Draft the first post")
    page.get_by_role("button", name="Add the action item").click()
    page.get_by_role("button", name="Draft the first post").click()
    expect(page.locator(".action-item.is-done")).to_have_count(1)
    expect(page.locator("#private .note-body")).to_contain_text(SECRET)
    _shoot(page, "notes-mentee")
    _sign_out(page)

    page = sign_in(mentor)
    page.goto(f"{site}/pairs/{pair.pk}/notes/")
    expect(page.locator("#shared .note-body")).to_contain_text("every Monday")
    expect(page.locator("body")).not_to_contain_text("workload")
    _sign_out(page)

    page = sign_in(coordinator)
    page.goto(f"{site}/pairs/{pair.pk}/goals/")
    expect(page.locator("body")).not_to_contain_text("Run a retrospective")
    expect(page.locator(".stat-grid")).to_contain_text("3")
    _shoot(page, "goals-coordinator")
    page.goto(f"{site}/pairs/{pair.pk}/notes/")
    expect(page.locator("body")).not_to_contain_text("workload")
    expect(page.locator("body")).not_to_contain_text("every Monday")
    _shoot(page, "notes-coordinator")

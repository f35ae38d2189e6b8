"""In Chromium: the coordinator opens the health board, filters it, nudges one pair and every
pair At risk without a reload; the mentee sees the pair's health on the pair page. Also saves
the pages' screenshots at 1366 and 390 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.people.models import Employee
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair
from tests.browser.conftest import browser_type_launch_args, sign_in, site  # noqa: F401
from tests.relationships.builders import make_pair, make_program
from tests.relationships.health.conftest import checkin, goal, meeting, new_pair, start

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("REMENTO_SHOTS", "/tmp/shots/health"))


def _shoot(page: Page, name: str) -> None:
    if not SHOTS.parent.exists():
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _program_with_history(organization: Organization, mentor: Employee, mentee: Employee) -> Pair:
    program = make_program(organization)
    ghosted = start(make_pair(program, mentor, mentee), days_ago=70)
    meeting(ghosted, days_ago=30)
    for days in (9, 16, 23):
        meeting(ghosted, days_ago=days, status=MeetingStatus.CANCELLED, cancelled_by=mentee)
    goal(ghosted, progress=20)
    checkin(ghosted, mentor, rating=4, days_ago=40)
    checkin(ghosted, mentor, rating=2, days_ago=5)
    fine = start(new_pair(program, organization, "Okafor"), days_ago=60)
    meeting(fine, days_ago=4)
    meeting(fine, days_ago=-6, status=MeetingStatus.CONFIRMED)
    goal(fine, progress=55)
    checkin(fine, fine.mentor, rating=5)
    checkin(fine, fine.mentee, rating=4)
    drifting = start(new_pair(program, organization, "Lindqvist"), days_ago=60)
    meeting(drifting, days_ago=17)
    goal(drifting, progress=0)
    checkin(drifting, drifting.mentee)
    checkin(drifting, drifting.mentee, days_ago=20)
    start(new_pair(program, organization, "Tanaka"), days_ago=4)
    new_pair(program, organization, "Moreau")
    return ghosted


def test_the_coordinator_follows_and_nudges_pairs(
    organization: Organization,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
    sign_in: Callable[[Employee], Page],  # noqa: F811
    site: str,  # noqa: F811
) -> None:
    ghosted = _program_with_history(organization, mentor, mentee)
    page = sign_in(coordinator)
    page.goto(f"{site}/programs/{ghosted.program_id}/")
    page.get_by_role("link", name="Health board").click()
    expect(page.get_by_role("heading", name="Health board")).to_be_visible()
    expect(page.get_by_text("Cancellations by the senior partner:")).to_be_visible()
    _shoot(page, "board")

    page.locator("#id_state").select_option("needs_attention")
    expect(page.get_by_text("Lindqvist", exact=False).first).to_be_visible()
    expect(page.get_by_text("Cancellations by the senior partner:")).to_have_count(0)
    page.goto(f"{site}/pairs/programs/{ghosted.program_id}/health/")

    page.get_by_role(
        "button", name=f"Nudge {mentor.display_name} and {mentee.display_name}"
    ).click()
    expect(page.get_by_text("Nudge sent to 1 pair (both people).")).to_be_visible()
    assert {message.to[0] for message in mail.outbox} >= {mentor.email, mentee.email}

    page.get_by_role("button", name="Nudge all 1 “At risk”").click()
    expect(page.get_by_text("1 pair already nudged today: not sent again.")).to_be_visible()
    _shoot(page, "board-nudged")

    page.get_by_role("link", name="edit the nudge email").click()
    page.get_by_label("Subject").fill("{first_name}, shall we find a time?")
    _shoot(page, "nudge-text")
    page.get_by_role("button", name="Save the nudge").click()
    expect(page.get_by_text("The nudge is saved")).to_be_visible()


def test_the_mentee_sees_the_pairs_health(
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    sign_in: Callable[[Employee], Page],  # noqa: F811
    site: str,  # noqa: F811
) -> None:
    ghosted = _program_with_history(organization, mentor, mentee)
    page = sign_in(mentee)
    page.goto(f"{site}/pairs/{ghosted.pk}/")
    health = page.locator("#health")
    expect(health.get_by_text("Cancellations by the senior partner")).to_be_visible()
    expect(health.get_by_text("confidential to your coordinator")).to_be_visible()
    expect(health.get_by_text("rated it")).to_have_count(0)
    health.scroll_into_view_if_needed()
    _shoot(page, "pair-page")

"""The pair page of an active pair opens with what to do next, for each of the pair and for
a coordinator, at desktop and phone widths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.people.models import Employee
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair
from tests.relationships.builders import make_pair, make_program
from tests.relationships.health.conftest import meeting, start

SHOTS = Path("/tmp/shots/nextsteps")


def _active_pair(organization: Organization, mentor: Employee, mentee: Employee) -> Pair:
    """Started 30 days ago, met 12 days ago; the mentee proposed the next meeting."""
    pair = start(make_pair(make_program(organization), mentor, mentee), days_ago=30)
    meeting(pair, days_ago=12)
    meeting(pair, days_ago=-4, status=MeetingStatus.PROPOSED, proposed_by=mentee)
    return pair


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("who", ["mentor", "mentee", "coordinator"])
def test_the_pair_page_opens_with_what_to_do_next(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    coordinator: Employee,
    who: str,
    width: int,
) -> None:
    pair = _active_pair(organization, mentor, mentee)
    viewer = {"mentor": mentor, "mentee": mentee, "coordinator": coordinator}[who]
    page = sign_in(viewer)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/pairs/{pair.pk}/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"pair-{who}-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    first = page.locator("main h2").first
    expected = {"mentor": "What's next", "mentee": "What's next"}.get(who, "Meetings at a glance")
    expect(first).to_have_text(expected)
    action = {"mentor": "Answer", "mentee": "See the meetings"}.get(who, "See the meetings")
    button = page.locator("#next-up").get_by_role("link", name=action)
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None
    assert box["y"] < 900  # above the fold, at both widths


@pytest.mark.parametrize("width", [1366, 390])
def test_a_coordinators_home_points_to_the_pairs_at_risk(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    coordinator: Employee,
    width: int,
) -> None:
    pair = start(make_pair(make_program(organization), mentor, mentee), days_ago=60)
    meeting(pair, days_ago=40)
    page = sign_in(coordinator)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"home-coordinator-{width}.png"), full_page=True)
    page.get_by_role("link", name="Open the health board").first.click()
    expect(page.get_by_text("Maya Junior").first).to_be_visible()
    page.screenshot(path=str(SHOTS / f"board-from-home-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_checklist_says_a_meeting_is_agreed(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    pair = start(make_pair(make_program(organization), mentor, mentee), days_ago=10)
    meeting(pair, days_ago=-4, status=MeetingStatus.CONFIRMED)
    page = sign_in(mentee)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site}/pairs/{pair.pk}/#checklist")
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("a meeting is agreed")
    checklist.screenshot(path=str(SHOTS / "checklist-390.png"))

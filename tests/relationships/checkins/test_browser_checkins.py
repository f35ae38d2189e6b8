"""In Chromium: the mentor logs the first meeting as held, the sweep opens the check-ins,
the mentor answers from the home page, and the coordinator reads the answer on the
program's check-ins page. Saves the pages' screenshots at 1366 and 390 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from remento.people.models import Employee
from remento.relationships.checkins.models import CheckIn
from remento.relationships.checkins.schedule import checkins_process
from remento.relationships.models import Pair
from tests.browser.conftest import browser_type_launch_args, sign_in, site  # noqa: F401
from tests.relationships.builders import make_pair, make_program
from tests.relationships.checkins.conftest import activate, held_meeting
from tests.relationships.checkins.helpers import answered_checkin

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("REMENTO_SHOTS_CHECKINS", "/tmp/shots/checkins"))


def _shoot(page: Page, name: str) -> None:
    if not SHOTS.parent.exists():
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_checkin_is_answered_and_reaches_only_the_coordinator(
    site: str,  # noqa: F811
    sign_in: Callable[[Employee], Page],  # noqa: F811
    organization: object,
    mentor: Employee,
    mentee: Employee,
    coordinator: Employee,
) -> None:
    pair: Pair = activate(make_pair(make_program(organization), mentor, mentee))  # type: ignore[arg-type]
    held_meeting(pair)
    checkins_process()
    answered_checkin(pair, mentee, rating=3, comments="Slow start.", fit="unsure", kind="closing")

    page = sign_in(mentor)
    page.get_by_role("link", name="Check in").first.click()
    expect(
        page.get_by_role("heading", name="First check-in: your pair with Martin Senior")
    ).to_be_visible()
    _shoot(page, "answer")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_text("Rate your relationship from 1 to 5.")).to_be_visible()
    page.get_by_label("4 — Good").check()
    page.get_by_label("Yes, a good fit").check()
    page.get_by_label("What support, if any").fill("An hour a week protected in my diary.")
    page.get_by_label("Anything else your coordinator should know?").fill("Martin is keen.")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_text("Thank you: your coordinator has your answers.")).to_be_visible()
    expect(page.get_by_text("An hour a week protected in my diary.")).to_be_visible()
    expect(page.get_by_text("Slow start.")).to_have_count(0)
    _shoot(page, "pair-member")
    assert CheckIn.objects.get(employee=mentor, kind="first").rating == 4
    _sign_out(page)

    page = sign_in(coordinator)
    page.goto(f"{site}/pairs/programs/{pair.program_id}/check-ins/")
    expect(page.get_by_text("An hour a week protected in my diary.")).to_be_visible()
    expect(page.get_by_text("Slow start.")).to_be_visible()
    _shoot(page, "program")
    page.get_by_role("link", name="Change when pairs check in and what they are asked").click()
    expect(page.get_by_role("heading", name="Check-in plan and questions")).to_be_visible()
    _shoot(page, "settings")

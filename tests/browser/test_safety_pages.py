"""The safe way out in Chromium, page by page at 1366 and 390 px: the mentee asks from the
pair page, the coordinator replies from the program's list, the mentee reads the reply, the
coordinator closes the pair with a neutral message and opens the rematch page, where each
person of the pair has new partners with reasons, the previous partner left out."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee
from remento.relationships.models import Pair, PairStatus
from tests.matching.helpers import enroll, make_program, person, small_pool, teach, want
from tests.relationships.builders import make_pair

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("REMENTO_SHOTS")
WORDS = "He reschedules at the last minute and I feel I cannot say no to him."


def _shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/safety-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_request_is_answered_closed_neutrally_and_rematched(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: object,
    mentor: Employee,
    mentee: Employee,
    coordinator: Employee,
) -> None:
    program = make_program(organization)  # type: ignore[arg-type]
    pool = small_pool(program)
    teach(mentor, tiktok=5)
    want(mentee, tiktok=5)
    pair = make_pair(program, mentor, mentee)
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.ACTIVE, started_at=timezone.now())
    extra = person(program.organization, first_name="Zoe", last_name="Free", level=9)
    want(extra, tiktok=4)
    enroll(program, extra, EnrollmentRole.MENTEE)
    assert pool

    page = sign_in(mentee)
    page.goto(f"{site}/pairs/{pair.pk}/")
    page.get_by_role("link", name="Ask the coordinators, confidentially").click()
    _shoot(page, "ask-mentee")
    page.get_by_label("End the pair").check()
    page.get_by_label("I feel uncomfortable and want a confidential conversation").check()
    page.get_by_label("In your own words (optional)").fill(WORDS)
    page.get_by_role("button", name="Send to the coordinators").click()
    expect(page.get_by_text("Waiting for a coordinator")).to_be_visible()
    _sign_out(page)

    page = sign_in(coordinator)
    page.on("dialog", lambda dialog: dialog.accept())
    expect(page.get_by_text("1 confidential request waiting")).to_be_visible()
    _shoot(page, "home-coordinator")
    page.get_by_role("link", name="Answer").first.click()
    _shoot(page, "list-coordinator")
    page.get_by_role("link", name=mentee.display_name).click()
    expect(page.locator("main")).to_contain_text(WORDS)
    page.get_by_label("Your reply").fill("Thank you for telling us. Could we talk on Tuesday?")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_role("status")).to_contain_text("only")
    page.goto(f"{site}/pairs/{pair.pk}/")
    expect(page.locator("#safety")).to_contain_text(mentee.display_name)
    _shoot(page, "pair-coordinator")
    _sign_out(page)

    page = sign_in(mentee)
    page.goto(f"{site}/")
    page.get_by_role("link", name="Read it").first.click()
    expect(page.locator("main")).to_contain_text("Could we talk on Tuesday?")
    _shoot(page, "reply-mentee")
    _sign_out(page)

    page = sign_in(coordinator)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{site}/pairs/safety/programs/{program.pk}/requests/")
    page.get_by_role("link", name=mentee.display_name).click()
    page.get_by_role("button", name="Close the pair").click()
    expect(page.get_by_role("status")).to_contain_text("The pair is closed")
    page.get_by_role("link", name="Rematch…").click()
    expect(page.get_by_text(f"A new mentor for {mentee.display_name}")).to_be_visible()
    expect(page.get_by_text(f"A new mentee for {mentor.display_name}")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(f"with {mentor.display_name}</")
    _shoot(page, "rematch-coordinator")
    page.get_by_role("button", name=f"Pair {mentor.display_name} with Zoe Free").click()
    expect(page.get_by_role("heading", name=f"{mentor.display_name} and Zoe Free")).to_be_visible()

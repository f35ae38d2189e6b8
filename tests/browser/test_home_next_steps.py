"""The home page tells a mentor with a waiting request what to do, and takes them there;
at 1366 and 390 px, in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import MentorRequest
from remento.people.models import Employee
from remento.programs.models import MatchingMode
from tests.matching.helpers import enroll, make_program


@pytest.mark.parametrize("width", [1366, 390])
def test_a_mentor_goes_from_the_home_page_to_the_waiting_request(
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    width: int,
) -> None:
    program = make_program(
        organization, name="Choose your mentor", matching_mode=MatchingMode.CHOICE
    )
    enroll(program, mentor, EnrollmentRole.MENTOR)
    enroll(program, mentee, EnrollmentRole.MENTEE)
    MentorRequest.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        rank=1,
        message="I want to learn TikTok.",
        expires_at=timezone.now() + timedelta(days=4),
    )

    page = sign_in(mentor)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.url.split("/accounts")[0] + "/")

    step = page.get_by_role("heading", name="Answer Martin Senior's request in Choose your mentor")
    expect(step).to_be_visible()
    # The menu may fold behind a button on a phone: the entry is there either way.
    expect(page.get_by_role("link", name="Requests 1", include_hidden=True)).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Answer the request").click()
    expect(page.get_by_text("I want to learn TikTok.")).to_be_visible()

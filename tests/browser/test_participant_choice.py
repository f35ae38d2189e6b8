"""A mentee asks a suggested mentor; the mentor signs in and accepts; in Chromium."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee
from remento.programs.models import MatchingMode
from remento.relationships.models import Pair, PairSource
from tests.matching.helpers import enroll, make_program, person, teach, want


def test_mentee_requests_a_suggested_mentor_who_accepts(
    sign_in: Callable[[Employee], Page],
    site: str,
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = make_program(organization, matching_mode=MatchingMode.CHOICE)
    other = person(organization, first_name="Olga", last_name="Other", level=2)
    teach(mentor, tiktok=5)
    teach(other, excel=3)
    want(mentee, tiktok=5)
    for employee, role in ((mentor, "mentor"), (other, "mentor"), (mentee, "mentee")):
        enroll(program, employee, EnrollmentRole(role))

    page = sign_in(mentee)
    page.goto(f"{site}/matching/{program.pk}/choose/")
    expect(page.get_by_role("heading", name="Suggested mentors")).to_be_visible()
    expect(page.get_by_role("heading", level=3).first).to_have_text("Maya Junior")
    page.get_by_role("link", name="Ask Maya Junior").click()
    page.get_by_label("A message for the mentor (optional)").fill("I want to learn TikTok.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is on its way to Maya Junior")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for Maya Junior")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page = sign_in(mentor)
    page.goto(f"{site}/matching/{program.pk}/requests/")
    expect(page.get_by_text("I want to learn TikTok.")).to_be_visible()
    page.get_by_label("A message for Martin Senior (optional)").fill("Happy to!")
    page.get_by_role("button", name="Accept Martin Senior").click()
    expect(page.get_by_text("You and Martin Senior are now a pair.")).to_be_visible()

    pair = Pair.objects.get(program=program)
    assert (pair.mentor, pair.mentee, pair.source) == (mentor, mentee, PairSource.CHOICE)

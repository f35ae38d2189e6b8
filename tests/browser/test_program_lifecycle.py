"""A coordinator takes a new program from Draft to Active in the browser, every step on its
page: create, open recruitment, start matching, run and publish the matching, launch."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.enrollment.services import enrollment_submit
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.relationships.models import Pair, PairStatus
from tests.matching.helpers import person, teach, want


def people_who_sign_up(organization: Organization) -> list[tuple[Employee, str]]:
    """Three juniors who each teach what one senior wants, with sign-ins to enrol with."""
    people: list[tuple[Employee, str]] = []
    for i, skill in enumerate(("tiktok", "genai", "excel"), start=1):
        mentor = person(organization, user=True, first_name=f"Ada{i}", last_name="Mentor", level=2)
        mentee = person(
            organization, user=True, first_name=f"Xavier{i}", last_name="Mentee", level=9
        )
        teach(mentor, **{skill: 5})
        want(mentee, **{skill: 5})
        people += [(mentor, EnrollmentRole.MENTOR), (mentee, EnrollmentRole.MENTEE)]
    return people


def program_nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Program").get_by_role(
        "link", name=name, exact=True
    ).click()


def test_coordinator_takes_a_new_program_from_draft_to_active(
    sign_in: Callable[[Employee], Page],
    site: str,
    organization: Organization,
    coordinator: Employee,
) -> None:
    people = people_who_sign_up(organization)
    page = sign_in(coordinator)

    # Draft: the objective, a KPI and the dates, through the new-program stepper.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Programs", exact=True
    ).click()
    page.get_by_role("link", name="New program").click()
    page.get_by_label("Name:", exact=True).fill("Digital reverse mentoring 2027")
    page.get_by_label("Objective type").select_option(label="Social media and digital literacy")
    page.get_by_label("Goal:", exact=True).fill("Directors use the tools their teams use.")
    page.get_by_label("Method:", exact=True).fill("Fortnightly hands-on sessions.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("checkbox", name="Meetings per pair").check()
    page.get_by_label("Target for Meetings per pair").fill("6")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("End date").fill("2027-08-31")
    page.get_by_role("button", name="Save and finish later").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Draft")

    # Recruiting: matching waits for enrolled people, and the page says so.
    page.get_by_role("button", name="Open recruitment").click()
    expect(page.get_by_text("is now Recruiting")).to_be_visible()
    expect(page.get_by_role("button", name="Start matching")).to_be_disabled()
    expect(page.get_by_text("Enrol at least one mentor.")).to_be_visible()

    # The participants sign up (the sign-up page itself is test_enrollment_signup's).
    program = Program.objects.get()
    for employee, role in people:
        enrollment_submit(
            actor=employee.user,  # type: ignore[arg-type]
            program=program,
            employee=employee,
            role=role,
            hours_per_month=4,
            timezone="Europe/London",
            consent_sensitive=False,
            answers={},
        )
    page.reload()
    participants = page.get_by_label("Participants")
    expect(participants).to_contain_text(re.compile(r"3\s*mentors enrolled"))
    expect(participants).to_contain_text(re.compile(r"3\s*mentees enrolled"))

    # Matching: the launch waits for published pairs.
    page.get_by_role("button", name="Start matching").click()
    expect(page.get_by_text("is now Matching")).to_be_visible()
    expect(page.get_by_role("button", name="Launch the program")).to_be_disabled()
    expect(page.get_by_text("Publish at least one pair.")).to_be_visible()

    program_nav(page, "Matching")
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_text("Matching ran: 3 pairs proposed")).to_be_visible()
    page.get_by_role("button", name="Publish all 3 pairs").click()
    expect(page.get_by_text("Published 3 pairs")).to_be_visible()

    # Active.
    program_nav(page, "Overview")
    page.get_by_role("button", name="Launch the program").click()
    expect(page.get_by_text("is now Active")).to_be_visible()
    expect(heading).to_contain_text("Active")
    expect(page.get_by_role("button", name="Close the program…")).to_have_count(0)
    expect(page.get_by_role("link", name="Close the program…")).to_be_visible()

    program.refresh_from_db()
    assert program.status == Status.ACTIVE
    pairs = Pair.objects.filter(program=program)
    assert pairs.count() == 3
    assert {p.status for p in pairs} == {PairStatus.LAUNCHING}

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee
from tests.relationships.builders import enroll, make_module, make_program


def test_a_participant_completes_a_required_module_and_the_compliance_list_updates(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = make_program(organization)
    enroll(program, mentor, EnrollmentRole.MENTOR)
    enroll(program, mentee, EnrollmentRole.MENTEE)
    make_module(program, "Giving and receiving feedback", position=1)
    make_module(program, "Reading list", required=False, position=2)
    compliance_url = f"{site}/training/programs/{program.pk}/compliance/"

    page = sign_in(coordinator)
    page.goto(compliance_url)
    expect(page.locator("#people-total")).to_have_text("2")
    expect(page.locator("#people-complete")).to_have_text("0")
    missing = page.get_by_role("table", name="Participants missing required training")
    expect(missing).to_contain_text("Martin Senior")
    expect(missing).to_contain_text("Maya Junior")
    page.get_by_role("button", name="Sign out").click()

    sign_in(mentee)
    page.get_by_role("link", name="My training").click()
    expect(page.get_by_role("heading", name=program.name)).to_be_visible()
    expect(page.get_by_text("1 required module left.")).to_be_visible()
    page.get_by_role("link", name="Giving and receiving feedback").click()
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("You completed this module on")).to_be_visible()
    page.get_by_role("link", name="My training").first.click()
    expect(page.get_by_text("All required modules complete.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(coordinator)
    page.goto(compliance_url)
    expect(page.locator("#people-complete")).to_have_text("1")
    missing = page.get_by_role("table", name="Participants missing required training")
    expect(missing).to_contain_text("Maya Junior")
    expect(missing).not_to_contain_text("Martin Senior")
    counts = page.get_by_role("table", name="People who have not completed each required module")
    expect(counts.get_by_role("row", name="Giving and receiving feedback")).to_contain_text("1")

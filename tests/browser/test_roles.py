"""An organisation admin changes roles on the roles page in a real browser."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.people.models import Employee, Role


def test_an_admin_makes_a_participant_a_coordinator_but_cannot_drop_the_last_admin(
    sign_in: Callable[[Employee], Page], admin: Employee, mentor: Employee
) -> None:
    page = sign_in(admin)
    page.get_by_role("navigation", name="Main").get_by_text("Organisation", exact=True).click()
    page.get_by_role("link", name="Roles").click()
    expect(page.get_by_role("heading", name="Roles", level=1)).to_be_visible()

    page.get_by_role("searchbox", name="Find a person").fill(mentor.last_name)
    page.get_by_role("button", name="Search").click()
    page.get_by_label(f"Role of {mentor.display_name}").select_option(label="Program coordinator")
    page.get_by_role("button", name=f"Change the role of {mentor.display_name}").click()

    expect(page.get_by_text(f"{mentor.display_name}: program coordinator.")).to_be_visible()
    mentor.refresh_from_db()
    assert mentor.role == Role.COORDINATOR

    page.get_by_role("link", name="Show the admins and coordinators").click()
    expect(page.get_by_role("link", name=mentor.display_name)).to_be_visible()
    page.get_by_label(f"Role of {admin.display_name}").select_option(label="Participant")
    page.get_by_role("button", name=f"Change the role of {admin.display_name}").click()

    expect(page.get_by_text("the last organisation admin")).to_be_visible()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN

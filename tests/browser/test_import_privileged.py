"""An organisation admin declares the email domains, then confirms, on the import preview,
a change to a coordinator's sign-in that a coordinator's import would leave out."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import FilePayload, Page, expect

from remento.core.models import User
from remento.people.models import Employee
from tests.people.import_files import csv_bytes


def _file(coordinator: Employee) -> FilePayload:
    header = ["employee_id", "first_name", "last_name", "email", "level"]
    row = {
        "employee_id": coordinator.employee_id,
        "first_name": coordinator.first_name,
        "last_name": coordinator.last_name,
        "email": "cora.ordinator@acme.co.uk",
        "level": str(coordinator.level),
    }
    return FilePayload(name="hris.csv", mimeType="text/csv", buffer=csv_bytes([row], header))


def test_an_admin_declares_a_domain_and_confirms_a_coordinators_new_sign_in_email(
    sign_in: Callable[[Employee], Page], site: str, admin: Employee, coordinator: Employee
) -> None:
    page = sign_in(admin)
    page.get_by_role("navigation", name="Main").get_by_text("Organisation", exact=True).click()
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings of Acme Retail")
    page.get_by_role("textbox", name="Email domains").fill("acme.example, acme.co.uk")
    page.get_by_role("button", name="Save the email domains").click()
    expect(page.get_by_role("status")).to_contain_text("The email domains are saved.")

    page.get_by_role("navigation", name="Main").get_by_text("Organisation", exact=True).click()
    page.get_by_role("link", name="Import people").first.click()
    page.get_by_label("CSV file").set_input_files(_file(coordinator))
    page.get_by_role("button", name="Upload and preview").click()

    held = page.locator("#held")
    expect(held).to_contain_text("Cora Ordinator (program coordinator)")
    expect(held).to_contain_text("cora@acme.example → cora.ordinator@acme.co.uk")
    page.get_by_label("I have checked these changes").check()
    page.get_by_role("button", name="Confirm the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Imported hris.csv")
    assert User.objects.get(pk=coordinator.user_id).email == "cora.ordinator@acme.co.uk"

"""A coordinator imports people from an HRIS file in a real browser."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import FilePayload, Page, expect

from remento.people.models import Employee, ImportBatch
from tests.people.import_files import HEADER, csv_bytes, person

# Semicolons and HRIS headers, as a spreadsheet in a European locale saves them.
HRIS_HEADER = ["Employee ID", "First Name", "Last Name", "Work Email", "Job Title", "Dept",
               "Grade", "Manager ID", *HEADER[8:]]  # fmt: skip


def hris_file(*, broken: bool) -> FilePayload:
    rows = [
        person("E901", first_name="Priya", last_name="Shah", manager_id="E902"),
        person("E902", first_name="Tomás", last_name="Ortega", level="Executive" if not broken
               else "Emperor", hire_date="2019-04-01" if not broken else "01/04/2019"),
    ]  # fmt: skip
    data = csv_bytes(rows, header=HRIS_HEADER, delimiter=";", bom=True)
    return FilePayload(name="hris.csv", mimeType="text/csv", buffer=data)


def test_a_coordinator_fixes_a_rejected_file_then_imports_it(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    page = sign_in(coordinator)
    page.get_by_role("navigation", name="Main").get_by_text("Organisation", exact=True).click()
    page.get_by_role("link", name="Import people").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people from the HRIS")

    page.get_by_label("CSV file").set_input_files(hris_file(broken=True))
    page.get_by_role("button", name="Upload and preview").click()

    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("2 problems in hris.csv: nothing was imported")
    expect(problems).to_contain_text("row 3, column Grade: unknown level “Emperor”")
    expect(problems).to_contain_text(
        "row 3, column hire_date: “01/04/2019” is not a date; expected yyyy-mm-dd"
    )
    assert list(Employee.objects.all()) == [coordinator]
    assert not ImportBatch.objects.exists()

    page.get_by_label("CSV file").set_input_files(hris_file(broken=False))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of hris.csv")
    expect(page.locator("#count-created")).to_have_text("2")
    expect(page.get_by_role("heading", name="To create (2)")).to_be_visible()
    expect(page.get_by_role("cell", name="Priya Shah")).to_be_visible()
    assert Employee.objects.count() == 1

    page.get_by_role("button", name="Confirm the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Imported hris.csv")
    expect(page.get_by_role("status")).to_contain_text(
        "2 created, 0 updated, 0 unchanged, 0 deactivated"
    )
    expect(page.locator("#count-created")).to_have_text("2")
    page.get_by_role("link", name="Open the directory").click()
    expect(page.get_by_role("link", name="Priya Shah")).to_be_visible()
    expect(page.get_by_role("link", name="Tomás Ortega")).to_be_visible()
    priya = Employee.objects.select_related("manager").get(employee_id="E901")
    assert priya.manager is not None
    assert priya.manager.employee_id == "E902"

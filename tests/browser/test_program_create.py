"""A coordinator creates a reverse program in the browser and takes it to Recruiting."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.people.models import Employee
from remento.programs.models import Program, Status


def test_coordinator_creates_a_reverse_program_and_opens_recruitment(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    page = sign_in(coordinator)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Programs", exact=True
    ).click()
    page.get_by_role("link", name="New program").click()

    # Step 1, the objective: a name is enough to save the draft.
    expect(page.get_by_role("heading", level=2)).to_have_text("Step 1 of 6: Objective")
    expect(page.get_by_label("Mentoring agreement")).to_have_count(0)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#id_name_error")).to_be_visible()
    assert not Program.objects.exists()
    page.get_by_label("Name:", exact=True).fill("AI for the leadership team")
    page.get_by_label("Objective type").select_option(label="Hard skill or tool")
    page.get_by_label("Goal:", exact=True).fill("Every director uses an AI assistant weekly.")
    page.get_by_label("Method:", exact=True).fill("Fortnightly hands-on sessions.")
    page.get_by_role("button", name="Save and continue").click()
    assert Program.objects.get().status == Status.DRAFT  # nothing typed is lost from here

    # Step 2, the KPIs.
    expect(page.get_by_role("heading", level=2)).to_have_text("Step 2 of 6: Measures of success")
    page.get_by_role("checkbox", name="Meetings per pair").check()
    page.get_by_label("Target for Meetings per pair").fill("6")
    page.get_by_role("button", name="Save and continue").click()

    # Step 3, the design: reverse defaults filled in; a mentor level too close to the
    # mentees is refused on its field, and the dates are left for later.
    expect(page.get_by_label("Lowest mentee level")).to_have_value("7")
    page.get_by_label("Highest mentor level").select_option("6")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    expect(page.locator("#id_mentor_max_level_error")).to_contain_text("can be 4 at most, not 6")
    assert Program.objects.get().mentor_max_level == 4
    page.get_by_label("Highest mentor level").select_option("4")
    page.get_by_role("button", name="Save and continue").click()

    # Step 4, finding participants; step 5, matching with the advanced settings folded.
    expect(page.get_by_role("heading", level=2)).to_have_text("Step 4 of 6: Finding participants")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_label("Time-zone window (hours)")).to_have_value("6")
    expect(page.get_by_label("Weight: Shared interests")).to_be_hidden()
    page.locator("details.advanced > summary").click()
    expect(page.get_by_label("Weight: Shared interests")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    # Step 6, the launch: the suggested agreement, then the program page.
    expect(page.get_by_label("Mentoring agreement")).to_contain_text("Confidentiality")
    page.get_by_role("button", name="Save and finish").click()

    # Draft, with the unmet guard next to the disabled action.
    expect(page.get_by_role("heading", level=1)).to_contain_text("AI for the leadership team")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    expect(page.get_by_role("button", name="Open recruitment")).to_be_disabled()
    expect(page.locator("#lifecycle-next")).to_contain_text("1 thing is missing")
    expect(page.get_by_text("Set the start and end dates.")).to_be_visible()
    assert Program.objects.get().kpis.get().target == 6

    # Fix what is missing in the design step, with one wrong try first.
    page.get_by_role("navigation", name="Program").get_by_role("link", name="Edit the plan").click()
    page.get_by_role("list", name="Steps of the program plan").get_by_role(
        "link", name="Design"
    ).click()
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("End date").fill("2027-02-01")
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.locator("#id_end_date_error")).to_have_text(
        "The end date must come after the start date."
    )
    page.get_by_label("End date").fill("2027-08-31")
    page.get_by_role("button", name="Save and finish later").click()

    expect(page.get_by_text("The program plan is saved.")).to_be_visible()
    page.get_by_role("button", name="Open recruitment").click()
    expect(page.get_by_text("is now Recruiting")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recruiting")
    program = Program.objects.get()
    assert program.status == Status.RECRUITING
    assert str(program.end_date) == "2027-08-31"

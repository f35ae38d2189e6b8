"""Destructive actions look destructive and secondary: red outline, never the blue primary."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.people.models import Employee
from remento.programs.models import Program, Status

RED = "rgb(164, 22, 26)"
WHITE = "rgb(255, 255, 255)"


def _look(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector(
        selector,
        "e => { const s = getComputedStyle(e);"
        " return [s.color, s.backgroundColor, s.borderTopColor]; }",
    )


def test_close_the_program_is_a_red_secondary_button(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    program = Program.objects.create(
        organization=coordinator.organization, name="Pilot", status=Status.ACTIVE
    )
    page = sign_in(coordinator)
    page.goto(f"{site}/programs/{program.pk}/")
    link = page.get_by_role("link", name="Close the program…")
    expect(link).to_be_visible()
    assert _look(page, "a.button-danger") == [RED, WHITE, RED]

    link.click()
    expect(page.get_by_role("button", name="Yes, close the program")).to_be_visible()
    assert _look(page, "button.button-danger") == [RED, WHITE, RED]
